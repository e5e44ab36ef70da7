"""Rejecting, reopening and assigning claims."""

import pytest

from articles import roles
from articles.models import AuditEvent, Claim
from articles.services.errors import ServiceError
from articles.services.review import (
    claim_accept,
    claim_assign,
    claim_reject,
    claim_reopen,
    claims_bulk_assign,
    claims_bulk_reject,
)
from tests.factories import make_factcheck, make_quote, make_user

pytestmark = pytest.mark.django_db


def test_rejecting_records_the_reason_and_the_decider(checker):
    claim = make_quote().claim

    claim_reject(claim=claim, user=checker, reason=Claim.RejectionReason.OPINION)

    claim.refresh_from_db()
    assert (claim.status, claim.rejection_reason, claim.decided_by) == ("rejected", "opinion", checker)
    event = AuditEvent.objects.get(claim=claim, action="claim_rejected")
    assert event.changes["rejection_reason"] == ["", "opinion"]


def test_a_reason_outside_the_list_is_refused(checker):
    claim = make_quote().claim

    with pytest.raises(ServiceError, match="Choose why the claim is rejected: opinion, not checkable"):
        claim_reject(claim=claim, user=checker, reason="boring")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PENDING


def test_an_accepted_claim_cannot_be_rejected_without_reopening(checker, editor):
    claim = make_quote().claim
    claim_accept(claim=claim, user=checker)

    with pytest.raises(ServiceError, match="Already accepted"):
        claim_reject(claim=claim, user=editor, reason=Claim.RejectionReason.DUPLICATE)


def test_reopening_a_rejected_claim_clears_the_decision(checker):
    claim = make_quote().claim
    claim_reject(claim=claim, user=checker, reason=Claim.RejectionReason.OUT_OF_SCOPE)

    claim_reopen(claim=claim, user=checker)

    claim.refresh_from_db()
    assert (claim.status, claim.rejection_reason, claim.decided_by, claim.decided_at) == ("pending", "", None, None)
    assert AuditEvent.objects.filter(claim=claim, action="claim_reopened").exists()


def test_a_claim_with_a_fact_check_cannot_be_reopened_or_rejected(checker):
    factcheck = make_factcheck()

    with pytest.raises(ServiceError, match="has a fact-check"):
        claim_reopen(claim=factcheck.claim, user=checker)
    Claim.objects.filter(pk=factcheck.claim_id).update(status=Claim.Status.PENDING)
    with pytest.raises(ServiceError, match="already has a fact-check"):
        claim_reject(claim=factcheck.claim, user=checker, reason=Claim.RejectionReason.OPINION)


def test_reopening_a_pending_claim_is_refused(checker):
    with pytest.raises(ServiceError, match="already waiting"):
        claim_reopen(claim=make_quote().claim, user=checker)


def test_assigning_to_a_fact_checker_is_recorded(editor, checker):
    claim = make_quote().claim

    claim_assign(claim=claim, user=editor, assignee=checker)

    claim.refresh_from_db()
    assert claim.assigned_to == checker
    event = AuditEvent.objects.get(claim=claim, action="claim_assigned")
    assert (event.actor, event.changes) == (editor, {"assigned_to": [None, "checker"]})


def test_assigning_to_someone_without_the_review_role_is_refused(editor):
    outsider = make_user(role=None, username="outsider")
    claim = make_quote().claim

    with pytest.raises(ServiceError, match="outsider cannot review claims"):
        claim_assign(claim=claim, user=editor, assignee=outsider)


def test_unassigning_and_repeating_an_assignment(editor, checker):
    claim = make_quote().claim
    claim_assign(claim=claim, user=editor, assignee=checker)
    claim_assign(claim=claim, user=editor, assignee=checker)  # nothing changes, nothing recorded

    claim_assign(claim=claim, user=editor, assignee=None)

    claim.refresh_from_db()
    assert claim.assigned_to is None
    changes = [e.changes["assigned_to"] for e in AuditEvent.objects.filter(action="claim_assigned").order_by("id")]
    assert changes == [[None, "checker"], ["checker", None]]


def test_bulk_reject_and_bulk_assign_act_on_every_selected_claim(editor):
    claims = [make_quote().claim for _ in range(4)]
    other_checker = make_user(role=roles.FACT_CHECKER)

    rejected = claims_bulk_reject(claims=claims[:2], user=editor, reason=Claim.RejectionReason.DUPLICATE)
    assigned = claims_bulk_assign(claims=claims, user=editor, assignee=other_checker)

    assert len(rejected.done) == 2 and not rejected.skipped
    assert len(assigned.done) == 4
    assert Claim.objects.filter(status="rejected", rejection_reason="duplicate").count() == 2
    assert Claim.objects.filter(assigned_to=other_checker).count() == 4
    assert AuditEvent.objects.filter(action__in=["claim_rejected", "claim_assigned"]).count() == 6


def test_bulk_reject_needs_a_reason(editor):
    with pytest.raises(ServiceError, match="Choose why"):
        claims_bulk_reject(claims=[make_quote().claim], user=editor, reason="")
