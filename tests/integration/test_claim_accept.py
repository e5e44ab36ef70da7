"""Accepting a claim: the decision, its draft fact-check, the audit trail, and refusals."""

import pytest

from articles.models import AuditEvent, Claim, FactCheck
from articles.services.errors import ServiceError
from articles.services.review import claim_accept, claim_reject, claims_bulk_accept
from tests.factories import make_factcheck, make_quote

pytestmark = pytest.mark.django_db


def test_accepting_marks_the_claim_and_opens_a_draft_by_the_checker(checker):
    claim = make_quote().claim

    factcheck = claim_accept(claim=claim, user=checker)

    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACCEPTED
    assert claim.decided_by == checker and claim.decided_at is not None
    assert factcheck.claim == claim and factcheck.status == FactCheck.Status.DRAFT
    assert factcheck.author == checker


def test_accepting_records_who_accepted_in_the_audit_trail(checker):
    claim = make_quote().claim

    claim_accept(claim=claim, user=checker)

    event = AuditEvent.objects.get(claim=claim, action="claim_accepted")
    assert event.actor == checker
    assert event.changes["status"] == ["pending", "accepted"]


def test_accepting_twice_is_refused_with_who_decided(checker, editor):
    claim = make_quote().claim
    claim_accept(claim=claim, user=checker)

    with pytest.raises(ServiceError, match="Already accepted by checker"):
        claim_accept(claim=claim, user=editor)
    assert FactCheck.objects.filter(claim=claim).count() == 1


def test_a_rejected_claim_must_be_reopened_before_it_is_accepted(checker):
    claim = make_quote().claim
    claim_reject(claim=claim, user=checker, reason=Claim.RejectionReason.OPINION)

    with pytest.raises(ServiceError, match="Reopen it"):
        claim_accept(claim=claim, user=checker)
    assert not FactCheck.objects.filter(claim=claim).exists()


def test_a_claim_that_already_has_a_fact_check_keeps_it(checker):
    existing = make_factcheck()
    Claim.objects.filter(pk=existing.claim_id).update(status=Claim.Status.PENDING)

    factcheck = claim_accept(claim=existing.claim, user=checker)

    assert factcheck == existing
    assert FactCheck.objects.filter(claim=existing.claim).count() == 1


def test_bulk_accept_accepts_the_pending_and_explains_the_skipped(checker):
    pending = [make_quote().claim for _ in range(3)]
    decided = make_quote().claim
    claim_reject(claim=decided, user=checker, reason=Claim.RejectionReason.NOT_CHECKABLE)

    result = claims_bulk_accept(claims=[*pending, decided], user=checker)

    assert sorted(c.pk for c in result.done) == sorted(c.pk for c in pending)
    assert [(c.pk, "rejected" in message) for c, message in result.skipped] == [(decided.pk, True)]
    assert FactCheck.objects.filter(claim__in=pending).count() == 3
    assert AuditEvent.objects.filter(action="claim_accepted").count() == 3
    assert result.summary("Accepted").startswith("Accepted 3 claims. Skipped 1:")


def test_bulk_accept_needs_a_selection(checker):
    with pytest.raises(ServiceError, match="Select at least one claim"):
        claims_bulk_accept(claims=[], user=checker)
