"""The Django admin no longer bypasses the workflow (issue 12 item 4).

Status and "approved by" were editable there and audit events could be added; now the
workflow fields are read-only, the trail and corrections are read-only for everyone
(superusers too), and what the admin may change goes through the services.
"""

import pytest
from django.urls import reverse

from articles.models import AuditEvent, Claim, Correction, FactCheck
from tests.factories import make_factcheck, make_quote, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(make_user(role=None, username="root", is_staff=True, is_superuser=True))
    return client


def _change_url(obj):
    return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])


def _factcheck_form(factcheck, **overrides):
    data = {
        "headline": factcheck.headline,
        "claim_reviewed": factcheck.claim_reviewed,
        "rating": factcheck.rating_id or "",
        "summary": factcheck.summary,
        "body": factcheck.body,
        "loaded_version": factcheck.version,
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": str(factcheck.citations.count()),
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_posting_status_and_approver_in_the_admin_changes_nothing(superuser_client):
    factcheck = make_factcheck(status=FactCheck.Status.DRAFT)
    html = superuser_client.get(_change_url(factcheck)).content.decode()
    assert 'name="status"' not in html and 'name="approved_by"' not in html and 'name="published_at"' not in html

    someone = make_user(role="Editor")
    data = _factcheck_form(factcheck, status="published", approved_by=someone.pk, published_at_0="2026-01-01")
    response = superuser_client.post(_change_url(factcheck), data)
    assert response.status_code == 302
    factcheck.refresh_from_db()
    assert (factcheck.status, factcheck.approved_by, factcheck.published_at) == (FactCheck.Status.DRAFT, None, None)


def test_a_text_edit_in_the_admin_goes_through_the_service_and_the_trail(superuser_client):
    factcheck = make_factcheck(status=FactCheck.Status.DRAFT, summary="Before")
    response = superuser_client.post(_change_url(factcheck), _factcheck_form(factcheck, summary="After"))
    assert response.status_code == 302
    factcheck.refresh_from_db()
    assert (factcheck.summary, factcheck.version) == ("After", 2)
    event = AuditEvent.objects.get(factcheck=factcheck, action="factcheck_edited")
    assert event.actor.username == "root" and event.changes["summary"] == ["Before", "After"]


def test_an_admin_edit_to_published_work_becomes_proposed_changes_for_review(superuser_client, client):
    factcheck = make_factcheck(status=FactCheck.Status.PUBLISHED, headline="The published headline")
    response = superuser_client.post(_change_url(factcheck), _factcheck_form(factcheck, headline="Quietly changed"))
    assert response.status_code == 302
    factcheck.refresh_from_db()
    assert factcheck.headline == "The published headline"
    assert factcheck.revisions.get().headline == "Quietly changed"
    client.logout()
    assert b"The published headline" in client.get(factcheck.get_absolute_url()).content


def test_a_stale_admin_form_is_an_edit_conflict_not_an_overwrite(superuser_client):
    factcheck = make_factcheck(status=FactCheck.Status.DRAFT, summary="Before")
    stale = _factcheck_form(factcheck, summary="Admin's version")
    FactCheck.objects.filter(pk=factcheck.pk).update(summary="Author's version", version=5)
    response = superuser_client.post(_change_url(factcheck), stale, follow=True)
    assert "Not saved: Someone else saved this fact-check" in response.content.decode()
    factcheck.refresh_from_db()
    assert factcheck.summary == "Author's version"


def test_a_locked_text_is_read_only_in_the_admin(superuser_client):
    factcheck = make_factcheck(status=FactCheck.Status.IN_REVIEW)
    html = superuser_client.get(_change_url(factcheck)).content.decode()
    assert 'name="headline"' not in html and 'name="body"' not in html


def test_fact_checks_cannot_be_added_or_deleted_in_the_admin(superuser_client):
    factcheck = make_factcheck(status=FactCheck.Status.PUBLISHED)
    assert superuser_client.get(reverse("admin:articles_factcheck_add")).status_code == 403
    assert superuser_client.post(reverse("admin:articles_factcheck_delete", args=[factcheck.pk])).status_code == 403
    assert FactCheck.objects.filter(pk=factcheck.pk).exists()


@pytest.mark.parametrize("model", ["auditevent", "correction", "citation", "factcheckrevision"])
def test_the_trail_and_what_readers_saw_are_read_only_for_everyone(superuser_client, model):
    assert superuser_client.get(reverse(f"admin:articles_{model}_add")).status_code == 403


def test_an_audit_event_cannot_be_changed_or_deleted(superuser_client):
    factcheck = make_factcheck()
    event = AuditEvent.objects.create(action="factcheck_edited", factcheck=factcheck, claim=factcheck.claim)
    response = superuser_client.post(_change_url(event), {"action": "factcheck_published", "message": "forged"})
    assert response.status_code == 403
    assert superuser_client.post(reverse("admin:articles_auditevent_delete", args=[event.pk])).status_code == 403
    event.refresh_from_db()
    assert event.action == "factcheck_edited"


def test_a_correction_cannot_be_rewritten_in_the_admin(superuser_client):
    factcheck = make_factcheck(status=FactCheck.Status.PUBLISHED)
    correction = Correction.objects.create(factcheck=factcheck, kind="typo", note="What readers saw")
    assert superuser_client.post(_change_url(correction), {"kind": "typo", "note": "Rewritten"}).status_code == 403
    correction.refresh_from_db()
    assert correction.note == "What readers saw"


def test_a_claims_decision_is_read_only_and_its_assignee_goes_through_the_service(superuser_client):
    claim = make_quote().claim
    checker = make_user(role="Fact-checker", username="asha")
    response = superuser_client.post(
        _change_url(claim), {"assigned_to": checker.pk, "status": "rejected", "rejection_reason": "opinion"}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.assigned_to) == (Claim.Status.PENDING, checker)
    event = AuditEvent.objects.get(claim=claim, action="claim_assigned")
    assert event.changes == {"assigned_to": [None, "asha"]}


def test_a_quotes_speaker_and_claim_are_read_only_in_the_admin(superuser_client):
    quote = make_quote()
    html = superuser_client.get(_change_url(quote)).content.decode()
    assert 'name="speaker"' not in html and 'name="claim"' not in html
