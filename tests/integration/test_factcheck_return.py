"""factcheck_return: a reviewer sends a fact-check back with a comment the author sees."""

import pytest

from articles.models import AuditEvent, FactCheck
from articles.services.errors import ServiceError
from articles.services.factchecks import factcheck_return, factcheck_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(checker):
    from tests.factories import make_factcheck

    return factcheck_submit(factcheck=make_factcheck(author=checker), user=checker)


def test_submit_moves_a_draft_into_review_and_is_audited(checker):
    from tests.factories import make_factcheck

    factcheck = factcheck_submit(factcheck=make_factcheck(author=checker, review_comment="Old note"), user=checker)
    assert factcheck.status == FactCheck.Status.IN_REVIEW
    assert factcheck.review_comment == ""
    event = AuditEvent.objects.get(factcheck=factcheck, action="factcheck_submitted")
    assert event.changes["status"] == ["draft", "in_review"]


def test_submit_refuses_a_fact_check_already_in_review(in_review, checker):
    with pytest.raises(ServiceError):
        factcheck_submit(factcheck=in_review, user=checker)


def test_return_sends_it_back_to_draft_with_the_comment(in_review, editor):
    factcheck = factcheck_return(factcheck=in_review, reviewer=editor, comment="Cite the 2023 budget.")
    assert factcheck.status == FactCheck.Status.DRAFT
    assert factcheck.review_comment == "Cite the 2023 budget."
    event = AuditEvent.objects.get(factcheck=factcheck, action="factcheck_returned")
    assert (event.actor, event.message, event.changes["status"]) == (
        editor,
        "Cite the 2023 budget.",
        ["in_review", "draft"],
    )


def test_return_needs_a_comment(in_review, editor):
    with pytest.raises(ServiceError, match="comment"):
        factcheck_return(factcheck=in_review, reviewer=editor, comment="   ")
    in_review.refresh_from_db()
    assert in_review.status == FactCheck.Status.IN_REVIEW


def test_a_checker_cannot_send_back(in_review, checker):
    from tests.factories import make_user

    other_checker = make_user()
    with pytest.raises(ServiceError):
        factcheck_return(factcheck=in_review, reviewer=other_checker, comment="No.")


def test_an_editor_cannot_review_their_own_fact_check(editor):
    from tests.factories import make_factcheck

    factcheck = factcheck_submit(factcheck=make_factcheck(author=editor), user=editor)
    with pytest.raises(ServiceError, match="own"):
        factcheck_return(factcheck=factcheck, reviewer=editor, comment="Hmm")


def test_only_a_fact_check_in_review_can_be_sent_back(editor):
    from tests.factories import make_factcheck

    with pytest.raises(ServiceError):
        factcheck_return(factcheck=make_factcheck(), reviewer=editor, comment="Hmm")


def test_resubmitting_after_a_return_clears_the_comment(in_review, editor, checker):
    factcheck = factcheck_return(factcheck=in_review, reviewer=editor, comment="Fix the summary.")
    factcheck = factcheck_submit(factcheck=factcheck, user=checker)
    assert (factcheck.status, factcheck.review_comment) == (FactCheck.Status.IN_REVIEW, "")
    assert AuditEvent.objects.filter(
        factcheck=factcheck, action="factcheck_returned", message="Fix the summary."
    ).exists()
