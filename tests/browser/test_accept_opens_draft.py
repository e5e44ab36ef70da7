"""Accepting a claim leads to its draft: one key in the queue, straight there from the claim page."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import FactCheck, Speaker
from tests.conftest import browser_login
from tests.factories import make_article, make_outlet, make_quote, make_speaker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _claim(text, score):
    # One person, however many of his claims a test makes (a name is one speaker).
    speaker = Speaker.objects.filter(name="Daniel Kerr").first() or make_speaker(name="Daniel Kerr", role="Mayor")
    article = make_article(outlet=make_outlet(), body=f"Intro.\n“{text},” Daniel Kerr said.\nMore.")
    return make_quote(article=article, text=text, speaker=speaker, checkworthiness=score).claim


@pytest.fixture
def claims(checker):
    return [
        _claim("Crime dropped by 18 percent after we doubled patrols", 0.9),
        _claim("Bus fares are the highest in the country", 0.6),
    ]


def test_in_the_queue_a_accepts_the_count_drops_in_place_and_o_opens_the_draft(page, claims):
    browser_login(page, "checker")
    page.goto("/workbench/claims/")
    count = page.locator("#results-count")
    expect(count).to_have_text("2 claims waiting for review")

    page.keyboard.press("j")
    page.keyboard.press("a")
    row = page.locator(f"#claim-{claims[0].pk}")
    expect(row.locator(".state")).to_have_text("Worth checking")
    expect(row.get_by_role("link", name="Fact-check: draft")).to_be_visible()
    expect(count).to_have_text("1 claim waiting for review")  # without a reload
    expect(page.locator(".toast")).to_contain_text("press o to open it")

    page.keyboard.press("o")
    factcheck = FactCheck.objects.get(claim=claims[0])
    expect(page).to_have_url(re.compile(rf"/workbench/fact-checks/{factcheck.pk}/$"))
    expect(page.get_by_role("heading", name="Workflow")).to_be_visible()


def test_enter_on_an_accepted_row_opens_its_draft_too(page, claims):
    browser_login(page, "checker")
    page.goto("/workbench/claims/")
    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.locator(f"#claim-{claims[0].pk} .state")).to_have_text("Worth checking")
    expect(page.locator(f"#claim-{claims[0].pk}")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/workbench/fact-checks/\d+/$"))


def test_accepting_on_the_claim_page_opens_the_draft(page, claims):
    browser_login(page, "checker")
    page.goto(claims[1].get_absolute_url())
    page.get_by_role("button", name="Accept and start a fact-check").click()
    factcheck = FactCheck.objects.get(claim=claims[1])
    expect(page).to_have_url(re.compile(rf"/workbench/fact-checks/{factcheck.pk}/$"))
    expect(page.locator(".messages")).to_contain_text("This is its draft fact-check")
