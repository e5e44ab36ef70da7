"""The review queue in Chromium: filter in place, triage with the keyboard, reject with a reason."""

import re

import pytest
from playwright.sync_api import expect

from articles import roles
from articles.models import AuditEvent, Claim, FactCheck
from tests.conftest import browser_login
from tests.factories import make_article, make_outlet, make_quote, make_speaker, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _claim(text, speaker, score):
    article = make_article(outlet=make_outlet(), body=f"Intro.\n“{text},” {speaker.name} said.\nMore.")
    return make_quote(article=article, text=text, speaker=speaker, checkworthiness=score).claim


@pytest.fixture
def queue(seeded_defaults):
    make_user(role=roles.FACT_CHECKER, username="checker")
    kerr, alvarez = make_speaker(name="Daniel Kerr", role="Mayor"), make_speaker(name="Maria Alvarez")
    return {
        "crime": _claim("Crime dropped by 18 percent after we doubled patrols", kerr, 0.9),
        "fares": _claim("Bus fares are the highest in the country", kerr, 0.6),
        "jobs": _claim("Unemployment fell to 3.9 percent last year", alvarez, 0.95),
    }


def test_checker_filters_then_accepts_and_rejects_from_the_keyboard(page, queue):
    browser_login(page, "checker")
    page.goto("/workbench/claims/")
    rows = page.locator("[data-claim-row]")
    expect(rows).to_have_count(3)
    page.evaluate("window.__samePage = true")  # survives only if nothing reloads the page

    # Filter by speaker, typing part of the name: the results change in place and the URL follows.
    page.get_by_label("Speaker").fill("Kerr")
    expect(rows).to_have_count(2)
    expect(page).to_have_url(re.compile(r"speaker=Kerr"))
    # Leave the box, as a reader moving on to the list does: while it has the focus, j and a
    # are letters typed into it, not shortcuts.
    page.evaluate("document.activeElement.blur()")

    # j selects the first (highest-scoring) claim, a accepts it.
    page.keyboard.press("j")
    first = page.locator(f"#claim-{queue['crime'].pk}")
    expect(first).to_have_class(re.compile("is-current"))
    page.keyboard.press("a")
    expect(first.locator(".state")).to_have_text("Worth checking")
    expect(first.get_by_role("link", name="Fact-check: draft")).to_be_visible()

    # j moves on, r opens the reasons, 2 picks "Not checkable".
    page.keyboard.press("j")
    second = page.locator(f"#claim-{queue['fares'].pk}")
    expect(second).to_have_class(re.compile("is-current"))
    page.keyboard.press("r")
    expect(second.get_by_role("button", name="Opinion")).to_be_focused()
    page.keyboard.press("2")
    expect(second.locator(".state")).to_have_text("Rejected · not checkable")

    assert page.evaluate("window.__samePage") is True
    assert Claim.objects.get(pk=queue["crime"].pk).status == Claim.Status.ACCEPTED
    assert FactCheck.objects.filter(claim=queue["crime"], author__username="checker").exists()
    fares = Claim.objects.get(pk=queue["fares"].pk)
    assert (fares.status, fares.rejection_reason) == (Claim.Status.REJECTED, "not_checkable")
    assert AuditEvent.objects.filter(action__in=["claim_accepted", "claim_rejected"]).count() == 2

    # The back button returns to the unfiltered queue, as it now stands: only Alvarez's claim is pending.
    page.go_back()
    expect(page).not_to_have_url(re.compile("speaker="))
    expect(page.locator(".results-count")).to_have_text("1 claim waiting for review")
    expect(rows).to_have_count(1)
    expect(page.locator(f"#claim-{queue['jobs'].pk}")).to_be_visible()


def test_shortcuts_do_nothing_while_typing_and_question_mark_shows_help(page, queue):
    browser_login(page, "checker")
    page.goto("/workbench/claims/")

    page.get_by_label("Search").fill("ja")  # "j" and "a" typed into the search box
    expect(page.locator("[data-claim-row].is-current")).to_have_count(0)
    assert Claim.objects.filter(status=Claim.Status.ACCEPTED).count() == 0

    page.locator("h1").click()
    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()
