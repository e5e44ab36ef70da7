"""factcheck_publish: a second person with the Editor role, who wrote none of it, approves what they read."""

import pytest

from articles.models import AuditEvent, FactCheck
from articles.services.errors import EditConflict, PublishGateError, ServiceError
from articles.services.factchecks import (
    factcheck_publish,
    factcheck_retract,
    factcheck_submit,
    factcheck_update,
    factcheck_withdraw,
    publish_gate,
)
from tests.factories import make_factcheck, make_user, rating

pytestmark = pytest.mark.django_db


def _in_review(author, **fields):
    return factcheck_submit(factcheck=make_factcheck(author=author, **fields), user=author)


def _publish(factcheck, editor, **kwargs):
    factcheck.refresh_from_db()
    return factcheck_publish(factcheck=factcheck, editor=editor, expected_version=factcheck.version, **kwargs)


def test_a_second_editor_publishes(checker, editor):
    factcheck = _publish(_in_review(checker), editor)
    assert factcheck.status == FactCheck.Status.PUBLISHED
    assert factcheck.approved_by == editor
    assert factcheck.published_at is not None
    assert FactCheck.objects.published().filter(pk=factcheck.pk).exists()
    event = AuditEvent.objects.get(factcheck=factcheck, action="factcheck_published")
    assert event.actor == editor
    assert event.changes["status"] == ["in_review", "published"]


def test_an_editor_cannot_approve_their_own_fact_check(editor):
    factcheck = _in_review(editor)
    with pytest.raises(ServiceError, match="own"):
        _publish(factcheck, editor)
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.IN_REVIEW


def test_an_editor_who_edited_the_text_cannot_approve_it(checker, editor, second_editor):
    """Issue 13 defect 4: the rule compared only the author, so an editor who wrote every word could publish."""
    factcheck = make_factcheck(author=checker)
    factcheck_update(
        factcheck=factcheck, user=editor, expected_version=1, changes={"summary": "Every word of this is mine."}
    )
    factcheck = factcheck_submit(factcheck=factcheck, user=checker)
    with pytest.raises(ServiceError, match="You edited this fact-check"):
        _publish(factcheck, editor)
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.IN_REVIEW
    assert _publish(factcheck, second_editor).approved_by == second_editor


def test_an_editor_who_changed_the_sources_cannot_approve_it(checker, editor, second_editor):
    from articles.services.citations import citation_add

    factcheck = make_factcheck(author=checker)
    citation_add(factcheck=factcheck, user=editor, url="https://evidence.example/mine", title="My source")
    factcheck = factcheck_submit(factcheck=factcheck, user=checker)
    with pytest.raises(ServiceError, match="You edited this fact-check"):
        _publish(factcheck, editor)
    _publish(factcheck, second_editor)


def test_publishing_refuses_text_that_moved_since_the_approver_read_it(checker, editor):
    """Issue 13 defect 5: publish carries the version the approver saw and refuses if it moved."""
    factcheck = _in_review(checker, summary="What the editor read.")
    seen = factcheck.version
    factcheck_withdraw(factcheck=factcheck, user=checker)
    factcheck_update(
        factcheck=factcheck, user=checker, expected_version=seen + 1, changes={"summary": "Something else."}
    )
    factcheck = factcheck_submit(factcheck=factcheck, user=checker)
    with pytest.raises(EditConflict, match="It changed since you opened it") as refused:
        factcheck_publish(factcheck=factcheck, editor=editor, expected_version=seen)
    assert "summary" in refused.value.changed_fields
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.IN_REVIEW
    refusal = AuditEvent.objects.refusals().get(factcheck=factcheck)
    assert (refusal.action, refusal.actor) == ("factcheck_publish_refused", editor)


def test_a_checker_cannot_publish(checker):
    factcheck = _in_review(make_user())
    with pytest.raises(ServiceError, match="Only an editor"):
        _publish(factcheck, checker)


def test_a_draft_must_be_submitted_first(checker, editor):
    with pytest.raises(ServiceError, match="Submit"):
        _publish(make_factcheck(author=checker), editor)


def test_a_published_fact_check_is_not_published_twice(checker, editor, second_editor):
    factcheck = _publish(_in_review(checker), editor)
    with pytest.raises(ServiceError, match="Already published: editor approved it"):
        _publish(factcheck, second_editor)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"claim_reviewed": ""}, "Write the “claim reviewed”"),
        ({"claim_reviewed": "x" * 75}, "under 75 characters; it has 75"),
        ({"claim_reviewed": "The minister’s claim is false"}, "must not contain the rating (“False”)"),
        ({"rating": None}, "Choose a rating."),
        ({"summary": "  "}, "Write the summary"),
        ({"headline": "True: the schools were built"}, "The headline says “True”, but the rating is “False”"),
        ({"summary": "Mostly true, as it happens."}, "The summary says “Mostly true”, but the rating is “False”"),
    ],
)
def test_each_gate_failure_has_its_message_at_publish(checker, editor, fields, message):
    # Put in review directly, as if submitted before the gate ran at submission.
    factcheck = make_factcheck(author=checker, status=FactCheck.Status.IN_REVIEW, **fields)
    with pytest.raises(PublishGateError) as refused:
        _publish(factcheck, editor)
    assert [m for m in refused.value.messages if message in m], refused.value.messages
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.IN_REVIEW


@pytest.mark.parametrize(
    ("slug", "headline", "summary"),
    [
        ("mostly-false", "Mostly false: the schools were never built", "It is mostly false."),
        ("false", "False: no schools", "Falsehoods spread faster; the figure is wrong."),
        ("half-true", "Half true", "HALF TRUE, in short."),
    ],
)
def test_a_headline_or_summary_naming_the_rating_it_has_passes(checker, editor, slug, headline, summary):
    factcheck = make_factcheck(author=checker, rating=rating(slug), headline=headline, summary=summary)
    assert publish_gate(factcheck) == []


def test_a_claim_reviewed_of_74_characters_passes(checker, editor):
    _publish(_in_review(checker, claim_reviewed="x" * 74), editor)


def test_the_rating_label_only_counts_as_a_whole_word(checker, editor):
    _publish(_in_review(checker, claim_reviewed="Falsehoods spread faster", rating=rating("false")), editor)


def test_gate_needs_a_speaker(checker, editor):
    factcheck = make_factcheck(author=checker, status=FactCheck.Status.IN_REVIEW)
    type(factcheck.claim).objects.filter(pk=factcheck.claim_id).update(speaker=None)
    with pytest.raises(PublishGateError) as refused:
        _publish(factcheck, editor)
    assert refused.value.messages == ["The claim has no speaker: set who said it on the claim."]


def test_gate_needs_a_citation(checker, editor):
    factcheck = make_factcheck(author=checker, status=FactCheck.Status.IN_REVIEW, citations=0)
    with pytest.raises(PublishGateError) as refused:
        _publish(factcheck, editor)
    assert refused.value.messages == ["Cite at least one source."]


def test_gate_lists_every_failure_at_once(checker):
    factcheck = make_factcheck(author=checker, claim_reviewed="", rating=None, summary="", citations=0)
    assert len(publish_gate(factcheck)) == 4


def test_a_retracted_fact_check_is_not_published_again(checker, editor, second_editor):
    factcheck = _publish(_in_review(checker), editor)
    factcheck_retract(factcheck=factcheck, editor=editor, reason="The source was forged.")
    with pytest.raises(ServiceError, match="retracted"):
        _publish(factcheck, second_editor)
    with pytest.raises(ServiceError, match="Only a draft"):
        factcheck_submit(factcheck=factcheck, user=checker)
