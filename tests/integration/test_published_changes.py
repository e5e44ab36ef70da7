"""Changes to a published fact-check: kept apart, reviewed by a second editor, then published with a correction.

Issue 12 item 1: a rating change went live at once, by one editor, and the headline still
named the old rating next to the new badge.
"""

import json

import pytest
from django.urls import reverse

from articles.models import AuditEvent, Correction, FactCheck
from articles.services.errors import EditConflict, PublishGateError, ServiceError
from articles.services.factchecks import (
    factcheck_discard_changes,
    factcheck_return,
    factcheck_submit,
    factcheck_update,
    factcheck_withdraw,
)
from tests.factories import make_factcheck, rating
from tests.integration.claimreview_rules import ld_json_blocks
from tests.workflow import approve, propose_changes

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _published(**fields):
    fields.setdefault("headline", "Did the minister build 40 schools?")
    fields.setdefault("summary", "Records show 12 schools were built.")
    return make_factcheck(status=FactCheck.Status.PUBLISHED, rating=rating("false"), **fields)


def _readers_see(client, factcheck) -> tuple[str, dict]:
    page = client.get(factcheck.get_absolute_url()).content.decode()
    (data,) = ld_json_blocks(page)
    return page, data


def test_a_rating_change_waits_for_a_second_editor_and_readers_never_see_it_before(client, editor, second_editor):
    factcheck = _published()
    propose_changes(
        factcheck,
        by=editor,
        changes={
            "rating": rating("half-true"),
            "headline": "Did the minister build 40 schools? Some of them",
            "summary": "Records show 25 schools were built, and 15 more are under way.",
        },
        kind=Correction.Kind.RATING_CHANGE,
        note="The ministry published its 2024 figures.",
    )

    factcheck.refresh_from_db()
    assert (factcheck.rating.slug, factcheck.headline) == ("false", "Did the minister build 40 schools?")
    page, data = _readers_see(client, factcheck)
    assert 'badge-large badge-false">False<' in page and "15 more are under way" not in page
    assert (data["reviewRating"]["alternateName"], data["name"]) == ("False", "Did the minister build 40 schools?")
    assert not Correction.objects.exists()

    with pytest.raises(ServiceError, match="You edited these changes"):
        approve(factcheck, editor=editor)
    approve(factcheck, editor=second_editor)

    factcheck.refresh_from_db()
    assert factcheck.rating.slug == "half-true"
    page, data = _readers_see(client, factcheck)
    assert 'badge-large badge-half-true">Half true<' in page and "15 more are under way" in page
    assert data["reviewRating"]["alternateName"] == "Half true"
    assert data["name"] == "Did the minister build 40 schools? Some of them"
    correction = Correction.objects.get(factcheck=factcheck)
    assert (correction.kind, correction.previous_rating.slug, correction.new_rating.slug) == (
        "rating_change",
        "false",
        "half-true",
    )
    assert correction.created_by == second_editor
    actions = list(AuditEvent.objects.filter(factcheck=factcheck).order_by("id").values_list("action", flat=True))
    assert actions == [
        "factcheck_edited",
        "changes_submitted",
        "factcheck_publish_refused",
        "changes_approved",
        "correction_added",
    ]


def test_a_headline_that_still_names_the_old_rating_is_refused(editor):
    factcheck = _published(headline="False: the minister did not build 40 schools")
    with pytest.raises(PublishGateError) as refused:
        propose_changes(
            factcheck,
            by=editor,
            changes={"rating": rating("true")},
            kind=Correction.Kind.RATING_CHANGE,
            note="We misread the table.",
        )
    assert any("The headline says “False”, but the rating is “True”" in m for m in refused.value.messages)
    assert factcheck.revisions.get().status == "draft"


def test_a_change_needs_its_correction_note_before_it_goes_to_review(editor):
    factcheck = _published()
    factcheck_update(factcheck=factcheck, user=editor, expected_version=1, changes={"body": "Fixed the figures."})
    factcheck.refresh_from_db()
    with pytest.raises(PublishGateError) as refused:
        factcheck_submit(factcheck=factcheck, user=editor)
    assert any("correction note" in m for m in refused.value.messages)


def test_a_new_rating_must_be_a_rating_changed_correction_and_only_then(editor):
    factcheck = _published()
    with pytest.raises(PublishGateError, match="aren’t ready") as refused:
        propose_changes(
            factcheck, by=editor, changes={"rating": rating("true")}, kind="correction", note="New evidence."
        )
    assert "A new rating must be published as a “Rating changed” correction." in refused.value.messages
    other = _published()
    with pytest.raises(PublishGateError) as refused:
        propose_changes(other, by=editor, changes={"body": "Edited."}, kind="rating_change", note="Hm.")
    assert "“Rating changed” is only for a change of rating; choose another kind." in refused.value.messages


def test_changes_in_review_are_locked_and_a_stale_approval_is_refused(editor, second_editor):
    factcheck = _published()
    propose_changes(factcheck, by=editor, changes={"body": "Reviewed body."}, kind="typo", note="A typo.")
    factcheck.refresh_from_db()
    seen = factcheck.version
    with pytest.raises(ServiceError, match="locked"):
        factcheck_update(factcheck=factcheck, user=editor, expected_version=seen, changes={"body": "Sneaked in."})
    factcheck_withdraw(factcheck=factcheck, user=editor)
    factcheck.refresh_from_db()
    factcheck_update(
        factcheck=factcheck, user=editor, expected_version=factcheck.version, changes={"body": "Rewritten."}
    )
    factcheck.refresh_from_db()
    factcheck_submit(factcheck=factcheck, user=editor)
    from articles.services.factchecks import factcheck_publish

    with pytest.raises(EditConflict, match="changed since you opened it"):
        factcheck_publish(factcheck=factcheck, editor=second_editor, expected_version=seen)
    factcheck.refresh_from_db()
    assert factcheck.body != "Rewritten."
    approve(factcheck, editor=second_editor)
    factcheck.refresh_from_db()
    assert factcheck.body == "Rewritten."


def test_sent_back_changes_show_the_comment_and_can_be_discarded(client, editor, second_editor):
    factcheck = _published(body="Published body.")
    propose_changes(factcheck, by=editor, changes={"body": "Proposed body."}, kind="clarification", note="Clearer.")
    factcheck.refresh_from_db()
    with pytest.raises(ServiceError, match="your own changes"):
        factcheck_return(factcheck=factcheck, reviewer=editor, comment="Mine")
    factcheck_return(factcheck=factcheck, reviewer=second_editor, comment="Keep the original wording.")
    client.force_login(editor)
    html = client.get(reverse("workbench:factcheck_edit", args=[factcheck.pk])).content.decode()
    assert "Changes sent back" in html and "Keep the original wording." in html
    assert "Proposed body.</textarea>" in html

    factcheck_discard_changes(factcheck=factcheck, user=editor)
    factcheck.refresh_from_db()
    assert factcheck.body == "Published body."
    assert factcheck.revisions.get().status == "discarded"
    assert not Correction.objects.exists()


def test_the_approver_sees_published_and_proposed_side_by_side(client, editor, second_editor):
    factcheck = _published(summary="Old summary.")
    propose_changes(factcheck, by=editor, changes={"summary": "New summary."}, kind="correction", note="Updated.")
    client.force_login(second_editor)
    html = client.get(reverse("workbench:factcheck_edit", args=[factcheck.pk])).content.decode()
    assert "Proposed changes by editor" in html
    assert "<del>Old summary.</del>" in html and "<ins>New summary.</ins>" in html
    assert "Approve and publish the changes" in html
    preview = client.get(reverse("workbench:factcheck_preview", args=[factcheck.pk])).content.decode()
    assert "Preview of the proposed changes." in preview and "New summary." in preview

    factcheck.refresh_from_db()
    response = client.post(
        reverse("workbench:factcheck_publish", args=[factcheck.pk]), {"version": factcheck.version}, **HTMX
    )
    assert response.headers["HX-Redirect"] == reverse("workbench:factcheck_edit", args=[factcheck.pk])
    factcheck.refresh_from_db()
    assert factcheck.summary == "New summary."
    assert json.loads(client.get(reverse("public:claimreview_feed")).content)["numberOfItems"] == 1


def test_the_proposer_gets_no_approve_button(client, editor):
    factcheck = _published()
    propose_changes(factcheck, by=editor, changes={"body": "Mine."}, kind="typo", note="Typo.")
    client.force_login(editor)
    html = client.get(reverse("workbench:factcheck_edit", args=[factcheck.pk])).content.decode()
    assert "Approve and publish the changes" not in html
    assert "You wrote some of this" in html


def test_a_fact_checker_cannot_propose_changes_to_published_work(checker):
    factcheck = _published()
    with pytest.raises(ServiceError, match="Only an editor"):
        factcheck_update(factcheck=factcheck, user=checker, expected_version=1, changes={"body": "x"})
    assert not factcheck.revisions.exists()
