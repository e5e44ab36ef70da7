"""Accepting a claim: the claim page opens its draft, the queue's counts follow, the pill tells the truth."""

import json

import pytest
from django.urls import reverse

from articles.models import FactCheck, Speaker
from tests.factories import make_article, make_factcheck, make_outlet, make_quote, make_speaker

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
QUEUE = reverse("workbench:claim_list")


def _claim(text):
    # One person, however many of her claims a test makes (a name is one speaker).
    speaker = Speaker.objects.filter(name="Ana Ruiz").first() or make_speaker(
        name="Ana Ruiz", role="Education Minister"
    )
    article = make_article(outlet=make_outlet(), body=f"Intro.\n“{text},” the minister said.\nMore.")
    return make_quote(article=article, text=text, speaker=speaker).claim


def test_accepting_on_the_claim_page_opens_its_draft_fact_check(checker_client):
    claim = _claim("We built 12 new schools last year")
    page = checker_client.get(claim.get_absolute_url()).content.decode()
    assert 'name="then" value="draft"' in page  # the claim page's Accept asks for the draft

    response = checker_client.post(
        reverse("workbench:claim_accept", args=[claim.pk]), {"next": claim.get_absolute_url(), "then": "draft"}
    )

    factcheck = FactCheck.objects.get(claim=claim)
    assert response.status_code == 302
    assert response.url == reverse("workbench:factcheck_edit", args=[factcheck.pk])
    editor = checker_client.get(response.url).content.decode()
    assert "Accepted claim" in editor and "draft fact-check" in editor


def test_accepting_in_the_queue_updates_the_count_in_place_and_offers_the_draft(checker_client):
    first = _claim("We built 12 new schools last year")
    _claim("We hired 300 new teachers this year")

    response = checker_client.post(
        reverse("workbench:claim_accept", args=[first.pk]),
        {"next": QUEUE},
        **HTMX,
        HTTP_HX_CURRENT_URL=f"http://testserver{QUEUE}",
    )

    html = response.content.decode()
    factcheck = FactCheck.objects.get(claim=first)
    assert 'id="results-count"' in html and 'hx-swap-oob="true"' in html
    count = html[html.index('id="results-count"') :]
    assert "<strong>1</strong> claim" in count and "waiting for review" in count
    assert f'data-draft-url="{reverse("workbench:factcheck_edit", args=[factcheck.pk])}"' in html
    toast = json.loads(response.headers["HX-Trigger"])["toast"]
    assert "press o" in toast["message"].lower() and "is open" not in toast["message"]


def test_the_count_follows_the_queues_own_filters(checker_client):
    first = _claim("We built 12 new schools last year")
    _claim("We hired 300 new teachers this year")

    response = checker_client.post(
        reverse("workbench:claim_accept", args=[first.pk]),
        **HTMX,
        HTTP_HX_CURRENT_URL=f"http://testserver{QUEUE}?q=schools",
    )

    count = response.content.decode().split('id="results-count"', 1)[1]
    assert "<strong>0</strong> claims" in count and "schools" in count


def test_the_pill_names_the_fact_checks_state_not_that_it_was_checked(checker_client):
    draft = make_factcheck()
    published = make_factcheck(status=FactCheck.Status.PUBLISHED)

    html = checker_client.get(QUEUE, {"status": "all"}).content.decode()

    assert "Already checked" not in html
    assert "Fact-check: draft" in html and "Fact-check: published" in html
    claim_page = checker_client.get(draft.claim.get_absolute_url()).content.decode()
    assert "Already checked" not in claim_page and "Fact-check: draft" in claim_page
    assert "Fact-check: published" in checker_client.get(published.claim.get_absolute_url()).content.decode()
