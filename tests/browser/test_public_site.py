"""A reader on the public site: the list filters in place with htmx, URLs stay shareable, back works."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_claim, make_speaker, rating
from tests.integration.public_helpers import add_appearance, published_factcheck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def factchecks(seeded_defaults):
    speaker = make_speaker(name="Dana Whitfield")
    made = {}
    for label, text, slug in [
        ("false", "Unemployment is the lowest in fifty years", "jobs"),
        ("true", "Trains now run on time nine times in ten", "trains"),
        ("half-true", "Income taxes have gone down for every family", "taxes"),
    ]:
        claim = make_claim(text=text, speaker=speaker)
        add_appearance(claim)
        made[slug] = published_factcheck(claim=claim, rating=rating(label), claim_reviewed=text)
    return made


def _cards(page):
    return page.locator("#results .fc-card-title")


def test_reader_filters_the_list_in_place_and_the_back_button_restores_it(page, factchecks):
    page.goto("/fact-checks/")
    expect(_cards(page)).to_have_count(3)
    page.evaluate("document.body.dataset.loaded = 'once'")  # survives only if the page is not reloaded

    page.get_by_label("Rating").select_option("false")
    page.wait_for_url("**/fact-checks/?rating=false")
    expect(_cards(page)).to_have_count(1)
    expect(_cards(page)).to_have_text("Unemployment is the lowest in fifty years")
    assert page.evaluate("document.body.dataset.loaded") == "once"

    page.get_by_label("Search").fill("trains")  # typing searches as the reader pauses
    page.wait_for_url("**/fact-checks/?q=trains&rating=false")
    expect(page.locator("#results")).to_contain_text("No fact-checks match these filters.")
    page.get_by_label("Rating").select_option("")
    page.wait_for_url("**/fact-checks/?q=trains")
    expect(_cards(page)).to_have_text(["Trains now run on time nine times in ten"])

    shared = page.url
    page.go_back()
    page.wait_for_url("**/fact-checks/?q=trains&rating=false")
    expect(page.locator("#results")).to_contain_text("No fact-checks match these filters.")
    page.go_back()
    page.wait_for_url("**/fact-checks/?rating=false")
    expect(_cards(page)).to_have_text(["Unemployment is the lowest in fifty years"])
    expect(page.get_by_label("Rating")).to_have_value("false")
    page.go_back()
    page.wait_for_url("**/fact-checks/")
    expect(_cards(page)).to_have_count(3)

    # The URL the reader would share opens the same results from scratch.
    fresh = page.context.new_page()
    fresh.goto(shared)
    expect(fresh.locator("#results .fc-card-title")).to_have_text(["Trains now run on time nine times in ten"])
    expect(fresh.get_by_label("Search")).to_have_value("trains")


def test_the_list_works_without_javascript(browser, live_server, factchecks):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/fact-checks/")
    page.get_by_label("Rating").select_option("true")
    page.get_by_role("button", name="Show fact-checks").click()
    page.wait_for_url("**rating=true*")
    expect(page.locator("#results .fc-card-title")).to_have_text(["Trains now run on time nine times in ten"])
    context.close()


def test_a_reader_follows_a_card_to_the_factcheck_and_its_speaker(page, factchecks):
    page.goto("/")
    page.get_by_role("link", name="Income taxes have gone down for every family").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(factchecks["taxes"].headline)
    expect(page.locator(".verdict .badge")).to_have_text("Half true")
    page.get_by_role("link", name="Dana Whitfield").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dana Whitfield")
    expect(page.get_by_role("img", name="Scorecard: how Dana Whitfield’s checked claims were rated")).to_be_visible()
    expect(page.get_by_text("Small sample.")).to_be_visible()
