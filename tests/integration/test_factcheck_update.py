"""factcheck_update: optimistic locking on version, audit diffs, and corrections when published."""

import pytest

from articles.models import AuditEvent, FactCheck
from articles.services.errors import EditConflict, ServiceError
from articles.services.factchecks import factcheck_update
from tests.factories import make_factcheck, rating

pytestmark = pytest.mark.django_db


def test_update_saves_the_changes_and_raises_the_version(checker):
    factcheck = make_factcheck()
    updated = factcheck_update(
        factcheck=factcheck,
        user=checker,
        expected_version=1,
        changes={"headline": "New headline", "rating": rating("true")},
    )
    assert updated.version == 2
    factcheck.refresh_from_db()
    assert (factcheck.headline, factcheck.rating.slug, factcheck.version) == ("New headline", "true", 2)


def test_update_records_a_field_diff_in_the_audit_trail(checker):
    factcheck = make_factcheck(headline="Old", summary="Same")
    factcheck_update(
        factcheck=factcheck, user=checker, expected_version=1, changes={"headline": "New", "summary": "Same"}
    )
    event = AuditEvent.objects.get(factcheck=factcheck, action="factcheck_edited")
    assert event.actor == checker
    assert event.changes == {"headline": ["Old", "New"], "version": [1, 2]}


def test_second_save_from_the_same_version_is_a_conflict_and_overwrites_nothing(checker, editor):
    factcheck = make_factcheck(body="Original")
    factcheck_update(factcheck=factcheck, user=checker, expected_version=1, changes={"body": "Checker's text"})
    with pytest.raises(EditConflict) as conflict:
        factcheck_update(factcheck=factcheck, user=editor, expected_version=1, changes={"body": "Editor's text"})
    assert conflict.value.current.body == "Checker's text"
    assert conflict.value.current.version == 2
    assert conflict.value.changed_fields == ["body"]
    factcheck.refresh_from_db()
    assert (factcheck.body, factcheck.version) == ("Checker's text", 2)
    assert AuditEvent.objects.filter(factcheck=factcheck, action="factcheck_edited").count() == 1


def test_conflict_lists_every_field_changed_since_the_editors_version(checker, editor):
    factcheck = make_factcheck()
    factcheck_update(factcheck=factcheck, user=checker, expected_version=1, changes={"headline": "A"})
    factcheck_update(factcheck=factcheck, user=checker, expected_version=2, changes={"summary": "B"})
    with pytest.raises(EditConflict) as conflict:
        factcheck_update(factcheck=factcheck, user=editor, expected_version=2, changes={"body": "C"})
    assert conflict.value.changed_fields == ["summary"]
    with pytest.raises(EditConflict) as conflict:
        factcheck_update(factcheck=factcheck, user=editor, expected_version=1, changes={"body": "C"})
    assert conflict.value.changed_fields == ["headline", "summary"]


def test_reapplying_on_the_latest_version_succeeds(checker, editor):
    factcheck = make_factcheck()
    factcheck_update(factcheck=factcheck, user=checker, expected_version=1, changes={"body": "Theirs"})
    with pytest.raises(EditConflict) as conflict:
        factcheck_update(factcheck=factcheck, user=editor, expected_version=1, changes={"body": "Mine"})
    latest = conflict.value.current.version
    factcheck_update(factcheck=factcheck, user=editor, expected_version=latest, changes={"body": "Mine"})
    factcheck.refresh_from_db()
    assert (factcheck.body, factcheck.version) == ("Mine", 3)


def test_a_stale_save_that_changes_nothing_is_not_a_conflict(checker, editor):
    factcheck = make_factcheck()
    factcheck_update(factcheck=factcheck, user=checker, expected_version=1, changes={"body": "Agreed"})
    result = factcheck_update(factcheck=factcheck, user=editor, expected_version=1, changes={"body": "Agreed"})
    assert result.version == 2
    assert AuditEvent.objects.filter(factcheck=factcheck, action="factcheck_edited").count() == 1


def test_a_status_change_since_loading_counts_as_a_conflict(checker, editor):
    from articles.services.factchecks import factcheck_submit

    factcheck = make_factcheck()
    factcheck_submit(factcheck=factcheck, user=checker)
    with pytest.raises(EditConflict) as conflict:
        factcheck_update(factcheck=factcheck, user=editor, expected_version=1, changes={"body": "Late"})
    assert conflict.value.changed_fields == ["status"]


def test_update_refuses_an_empty_headline(checker):
    with pytest.raises(ServiceError):
        factcheck_update(factcheck=make_factcheck(), user=checker, expected_version=1, changes={"headline": "  "})


def test_update_refuses_a_user_without_a_role(db):
    from tests.factories import make_user

    with pytest.raises(ServiceError):
        factcheck_update(
            factcheck=make_factcheck(), user=make_user(role=None), expected_version=1, changes={"body": "x"}
        )


def test_a_checker_cannot_edit_a_published_fact_check(checker):
    factcheck = make_factcheck(status=FactCheck.Status.PUBLISHED)
    with pytest.raises(ServiceError, match="Only an editor"):
        factcheck_update(
            factcheck=factcheck,
            user=checker,
            expected_version=1,
            changes={"body": "Fixed"},
            correction={"kind": "typo", "note": "Typo."},
        )


def test_a_draft_in_review_is_locked_until_withdrawn(checker):
    """Issue 12 item 3: the text stayed editable in review, so what was approved could change under the approver."""
    from articles.services.factchecks import factcheck_submit, factcheck_withdraw

    factcheck = factcheck_submit(factcheck=make_factcheck(author=checker, body="Reviewed text"), user=checker)
    with pytest.raises(ServiceError, match="in review, so the text is locked"):
        factcheck_update(
            factcheck=factcheck, user=checker, expected_version=factcheck.version, changes={"body": "Sneaked in"}
        )
    factcheck.refresh_from_db()
    assert factcheck.body == "Reviewed text"
    assert AuditEvent.objects.refusals().filter(factcheck=factcheck, action="factcheck_edit_refused").exists()

    factcheck = factcheck_withdraw(factcheck=factcheck, user=checker)
    factcheck_update(factcheck=factcheck, user=checker, expected_version=factcheck.version, changes={"body": "Fixed"})
    factcheck.refresh_from_db()
    assert (factcheck.status, factcheck.body) == (FactCheck.Status.DRAFT, "Fixed")
