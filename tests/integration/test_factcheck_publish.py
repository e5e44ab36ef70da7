"""factcheck_publish: a second person with the Editor role, after the publish gate."""

import pytest

from articles.models import AuditEvent, Citation, FactCheck
from articles.services.errors import PublishGateError, ServiceError
from articles.services.factchecks import factcheck_publish, factcheck_submit, publish_gate
from tests.factories import make_factcheck, rating

pytestmark = pytest.mark.django_db


def _in_review(author, **fields):
    return factcheck_submit(factcheck=make_factcheck(author=author, **fields), user=author)


def test_a_second_editor_publishes(checker, editor):
    factcheck = factcheck_publish(factcheck=_in_review(checker), editor=editor)
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
        factcheck_publish(factcheck=factcheck, editor=editor)
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.IN_REVIEW


def test_a_checker_cannot_publish(checker):
    from tests.factories import make_user

    factcheck = _in_review(make_user())
    with pytest.raises(ServiceError, match="Only an editor"):
        factcheck_publish(factcheck=factcheck, editor=checker)


def test_a_draft_must_be_submitted_first(checker, editor):
    with pytest.raises(ServiceError, match="Submit"):
        factcheck_publish(factcheck=make_factcheck(author=checker), editor=editor)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"claim_reviewed": ""}, "Write the “claim reviewed”"),
        ({"claim_reviewed": "x" * 75}, "under 75 characters; it has 75"),
        ({"claim_reviewed": "The minister’s claim is false"}, "must not contain the rating (“False”)"),
        ({"rating": None}, "Choose a rating."),
        ({"summary": "  "}, "Write the summary"),
    ],
)
def test_each_gate_failure_has_its_message(checker, editor, fields, message):
    factcheck = _in_review(checker, **fields)
    with pytest.raises(PublishGateError) as refused:
        factcheck_publish(factcheck=factcheck, editor=editor)
    assert [m for m in refused.value.messages if message in m], refused.value.messages
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.IN_REVIEW


def test_a_claim_reviewed_of_74_characters_passes(checker, editor):
    factcheck_publish(factcheck=_in_review(checker, claim_reviewed="x" * 74), editor=editor)


def test_the_rating_label_only_counts_as_a_whole_word(checker, editor):
    factcheck = _in_review(checker, claim_reviewed="Falsehoods spread faster", rating=rating("false"))
    factcheck_publish(factcheck=factcheck, editor=editor)


def test_gate_needs_a_speaker(checker, editor):
    factcheck = _in_review(checker)
    type(factcheck.claim).objects.filter(pk=factcheck.claim_id).update(speaker=None)
    with pytest.raises(PublishGateError) as refused:
        factcheck_publish(factcheck=factcheck, editor=editor)
    assert refused.value.messages == ["The claim has no speaker: set who said it on the claim."]


def test_gate_needs_a_citation(checker, editor):
    factcheck = _in_review(checker, citations=0)
    with pytest.raises(PublishGateError) as refused:
        factcheck_publish(factcheck=factcheck, editor=editor)
    assert refused.value.messages == ["Cite at least one source."]


def test_gate_lists_every_failure_at_once(checker):
    factcheck = make_factcheck(author=checker, claim_reviewed="", rating=None, summary="", citations=0)
    assert len(publish_gate(factcheck)) == 4


def test_published_twice_keeps_the_first_date(checker, editor, second_editor):
    from articles.services.factchecks import factcheck_unpublish

    factcheck = factcheck_publish(factcheck=_in_review(checker), editor=editor)
    first = factcheck.published_at
    factcheck = factcheck_unpublish(factcheck=factcheck, editor=editor)
    factcheck = factcheck_publish(factcheck=factcheck, editor=second_editor)
    assert factcheck.published_at == first
    assert factcheck.approved_by == second_editor
    assert Citation.objects.filter(factcheck=factcheck).count() == 1
