"""Splitting a wrongly grouped appearance off into a claim of its own."""

import pytest

from articles.models import AuditEvent, Claim
from articles.services.errors import ServiceError
from articles.services.review import claim_accept, quote_split
from tests.factories import make_article, make_quote

pytestmark = pytest.mark.django_db


def _claim_with_two_appearances():
    first = make_quote(text="Crime fell by 18 percent", checkworthiness=0.9)
    article = make_article(body="Later.\n“Crime fell by 18 percent last year,” she said.")
    second = make_quote(
        article=article, text="Crime fell by 18 percent last year", claim=first.claim, checkworthiness=0.5
    )
    first.claim.refresh_from_db()
    return first.claim, first, second


def test_the_appearance_becomes_a_new_pending_claim(checker):
    claim, first, second = _claim_with_two_appearances()
    claim_accept(claim=claim, user=checker)

    new_claim = quote_split(quote=second, user=checker)

    second.refresh_from_db()
    assert second.claim == new_claim
    assert new_claim.status == Claim.Status.PENDING
    assert (new_claim.text, new_claim.appearance_count, new_claim.speaker_id) == (second.text, 1, second.speaker_id)
    assert new_claim.checkworthiness == 0.5


def test_the_old_claim_is_recounted_and_keeps_its_decision(checker):
    claim, first, second = _claim_with_two_appearances()
    claim_accept(claim=claim, user=checker)

    quote_split(quote=second, user=checker)

    claim.refresh_from_db()
    assert (claim.appearance_count, claim.text, claim.status) == (1, first.text, Claim.Status.ACCEPTED)


def test_both_claims_record_the_split(checker):
    claim, _, second = _claim_with_two_appearances()

    new_claim = quote_split(quote=second, user=checker)

    assert f"claim #{new_claim.pk}" in AuditEvent.objects.get(claim=claim, action="quote_split").message
    assert f"claim #{claim.pk}" in AuditEvent.objects.get(claim=new_claim, action="claim_split_off").message


def test_the_only_appearance_cannot_be_split_off(checker):
    quote = make_quote()

    with pytest.raises(ServiceError, match="only appearance"):
        quote_split(quote=quote, user=checker)
    assert Claim.objects.count() == 1
