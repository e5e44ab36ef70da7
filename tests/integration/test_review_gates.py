"""The review gates (issue 12 item 3): submitting runs the publish gate, and in review the text is locked.

The third gate, that the approver never edited the text, is in test_factcheck_publish.py.
"""

import pytest
from django.urls import reverse

from articles.models import AuditEvent, Citation, Claim, FactCheck
from articles.services.citations import citation_add, citation_remove
from articles.services.errors import PublishGateError, ServiceError
from articles.services.factchecks import factcheck_start, factcheck_submit, factcheck_withdraw
from tests.factories import make_factcheck, make_quote, make_source

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _empty_draft(author):
    claim = make_quote().claim
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.ACCEPTED)
    return factcheck_start(claim=claim, author=author)  # headline and claim reviewed prefilled, nothing else


def test_an_empty_draft_cannot_be_submitted(checker):
    factcheck = _empty_draft(checker)
    with pytest.raises(PublishGateError) as refused:
        factcheck_submit(factcheck=factcheck, user=checker)
    assert {"Choose a rating.", "Cite at least one source.", "Write the summary (“If your time is short”)."} <= set(
        refused.value.messages
    )
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.DRAFT
    refusal = AuditEvent.objects.refusals().get(factcheck=factcheck)
    assert (refusal.action, refusal.actor) == ("factcheck_submit_refused", checker)
    assert "Choose a rating." in refusal.message


def test_submitting_an_empty_draft_from_the_editor_lists_what_is_missing(checker_client, checker):
    factcheck = _empty_draft(checker)
    response = checker_client.post(reverse("workbench:factcheck_submit", args=[factcheck.pk]), **HTMX)
    assert response.status_code == 200  # refusals are shown in place
    html = response.content.decode()
    assert 'class="gate-errors"' in html and "Choose a rating." in html and "Cite at least one source." in html


def test_in_review_the_editor_says_the_text_is_locked_and_disables_it(checker_client, checker):
    factcheck = factcheck_submit(factcheck=make_factcheck(author=checker), user=checker)
    html = checker_client.get(reverse("workbench:factcheck_edit", args=[factcheck.pk])).content.decode()
    assert "In review: the text is locked so the approver sees exactly what they approve." in html
    assert "<fieldset disabled>" in html
    assert 'class="citations-body" disabled' in html
    assert 'hx-trigger="input delay:2s' not in html  # no autosave on a locked text
    assert "Withdraw from review to edit" in html


def test_a_save_posted_while_in_review_changes_nothing(checker_client, checker):
    factcheck = factcheck_submit(factcheck=make_factcheck(author=checker, body="Reviewed"), user=checker)
    data = {
        "headline": factcheck.headline,
        "claim_reviewed": factcheck.claim_reviewed,
        "rating": factcheck.rating_id,
        "summary": factcheck.summary,
        "body": "Changed under the approver",
        "version": factcheck.version,
    }
    response = checker_client.post(reverse("workbench:factcheck_save", args=[factcheck.pk]), data, **HTMX)
    assert response.status_code == 422
    assert "the text is locked" in response.content.decode()
    factcheck.refresh_from_db()
    assert factcheck.body == "Reviewed"


def test_sources_are_locked_in_review_too(checker):
    factcheck = factcheck_submit(factcheck=make_factcheck(author=checker), user=checker)
    with pytest.raises(ServiceError, match="sources are locked"):
        citation_add(factcheck=factcheck, user=checker, source=make_source())
    with pytest.raises(ServiceError, match="sources are locked"):
        citation_remove(citation=factcheck.citations.get(), user=checker)
    assert Citation.objects.filter(factcheck=factcheck).count() == 1
    factcheck_withdraw(factcheck=factcheck, user=checker)
    citation_add(factcheck=factcheck, user=checker, source=make_source())
    assert Citation.objects.filter(factcheck=factcheck).count() == 2
