"""Merging two claims: appearances, history and fact-check move; speakers and fact-checks are guarded."""

import pytest

from articles.models import AuditEvent, Claim, FactCheck, Quote
from articles.services.errors import ServiceError
from articles.services.review import ConfirmationRequired, claim_assign, claim_merge
from tests.factories import make_factcheck, make_quote, make_speaker

pytestmark = pytest.mark.django_db


def _two_claims(same_speaker=True):
    speaker = make_speaker(name="Jane Doe")
    target = make_quote(text="We cut the deficit by 40 percent", speaker=speaker, checkworthiness=0.6).claim
    other = make_quote(
        text="We cut the deficit by 40 percent in two years",
        speaker=speaker if same_speaker else make_speaker(name="John Roe"),
        checkworthiness=0.9,
    ).claim
    return target, other


def test_every_appearance_moves_and_the_other_claim_is_gone(checker):
    target, other = _two_claims()
    moved = list(other.quotes.values_list("pk", flat=True))

    merged = claim_merge(target=target, other=other, user=checker)

    assert not Claim.objects.filter(pk=other.pk).exists()
    assert set(Quote.objects.filter(pk__in=moved).values_list("claim_id", flat=True)) == {target.pk}
    assert merged.appearance_count == 2
    assert merged.checkworthiness == 0.9  # the best appearance's score
    assert merged.text == "We cut the deficit by 40 percent in two years"  # the fullest wording


def test_the_other_claims_history_follows_and_the_merge_is_recorded(checker, editor):
    target, other = _two_claims()
    claim_assign(claim=other, user=editor, assignee=checker)

    claim_merge(target=target, other=other, user=checker)

    actions = list(AuditEvent.objects.filter(claim=target).values_list("action", flat=True))
    assert "claim_assigned" in actions and "claim_merged" in actions
    event = AuditEvent.objects.get(claim=target, action="claim_merged")
    assert f"#{other.pk}" in event.message
    assert event.changes["appearance_count"] == [1, 2]
    target.refresh_from_db()
    assert target.assigned_to == checker


def test_different_speakers_need_confirmation(checker):
    target, other = _two_claims(same_speaker=False)

    with pytest.raises(ConfirmationRequired, match="different speakers \\(Jane Doe and John Roe\\)"):
        claim_merge(target=target, other=other, user=checker)
    assert Claim.objects.filter(pk=other.pk).exists()


def test_confirmed_merge_attributes_every_appearance_to_the_target_speaker(checker):
    target, other = _two_claims(same_speaker=False)

    claim_merge(target=target, other=other, user=checker, confirm=True)

    assert set(target.quotes.values_list("speaker__name", flat=True)) == {"Jane Doe"}


def test_two_fact_checks_cannot_be_merged(checker):
    target, other = _two_claims()
    make_factcheck(claim=target)
    make_factcheck(claim=other)

    with pytest.raises(ServiceError, match="Both claims have a fact-check"):
        claim_merge(target=target, other=other, user=checker, confirm=True)
    assert Claim.objects.filter(pk=other.pk).exists()


def test_the_other_claims_fact_check_moves_to_the_target(checker):
    target, other = _two_claims()
    factcheck = make_factcheck(claim=other)

    merged = claim_merge(target=target, other=other, user=checker)

    assert FactCheck.objects.get(pk=factcheck.pk).claim_id == target.pk
    assert merged.status == Claim.Status.ACCEPTED


def test_a_claim_cannot_be_merged_with_itself(checker):
    target, _ = _two_claims()

    with pytest.raises(ServiceError, match="itself"):
        claim_merge(target=target, other=target, user=checker)


def test_merging_a_claim_that_was_already_merged_away_is_refused(checker):
    target, other = _two_claims()
    claim_merge(target=target, other=other, user=checker)

    with pytest.raises(ServiceError, match="no longer exists"):
        claim_merge(target=target, other=other, user=checker)
