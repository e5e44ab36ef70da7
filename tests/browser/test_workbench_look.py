"""The workbench and the public site line up, the 75-character counter warns at the limit, and a
refused publish shows its reasons without a console error."""

import pytest
from playwright.sync_api import expect

from articles.models import FactCheck
from tests.conftest import browser_login
from tests.factories import make_factcheck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records CSP violations where the test can read them (they are not always console messages).
WATCH_CSP = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__csp.push(e.violatedDirective + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));"
)


def _left_edges(page):
    return page.evaluate(
        "() => [document.querySelector('.site-header .brand'), document.querySelector('main h1')]"
        ".map(el => Math.round(el.getBoundingClientRect().left))"
    )


def test_public_and_workbench_pages_share_one_page_width(page, checker):
    factcheck = make_factcheck(author=checker)
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto("/")
    public = _left_edges(page)
    browser_login(page, "checker")
    for url in ("/workbench/", "/workbench/claims/", f"/workbench/fact-checks/{factcheck.pk}/", "/accounts/login/"):
        page.goto(url)
        assert _left_edges(page) == public, url
    assert public[0] > 100  # centred on a wide screen, not full-bleed


def test_the_claim_reviewed_counter_warns_at_the_limit_and_says_what_to_do(page, checker):
    factcheck = make_factcheck(author=checker)
    browser_login(page, "checker")
    page.goto(f"/workbench/fact-checks/{factcheck.pk}/")
    field, counter = page.get_by_label("Claim reviewed"), page.locator("#claim-reviewed-count")
    warning = page.locator("#claim-reviewed-warning")

    field.fill("x" * 73)
    expect(counter).to_have_text("73 / 74")
    expect(warning).to_be_hidden()
    field.fill("x" * 74)  # the most the publish gate accepts ("under 75")
    expect(counter).to_have_text("74 / 74")
    expect(warning).to_contain_text("At the limit")
    field.fill("x" * 76)
    expect(counter).to_have_text("76 / 74")
    expect(warning).to_contain_text("cut 2 characters")


def test_a_refused_publish_shows_its_reasons_with_no_console_error(page, new_page, checker, editor):
    # Submitting runs the publish gate now, so a check in review that fails it can only come
    # from before that rule (or a gate that grew stricter); it is still refused, in place.
    factcheck = make_factcheck(author=checker, rating=None, summary="", citations=0, status=FactCheck.Status.IN_REVIEW)
    draft = make_factcheck(author=editor)
    page.context.add_init_script(WATCH_CSP)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    browser_login(page, "editor")
    page.goto(f"/workbench/fact-checks/{draft.pk}/")
    # An autosave first: its answer swaps the version input out of band, where htmx used to
    # write an inline style attribute that the CSP refused.
    page.get_by_label("If your time is short").fill("The figure is wrong.")
    expect(page.locator("#save-status")).to_contain_text("Saved", timeout=10_000)
    page.goto(f"/workbench/fact-checks/{factcheck.pk}/")

    page.get_by_role("button", name="Approve and publish").click()

    gate = page.locator(".gate-errors")
    expect(gate).to_contain_text("Choose a rating.")
    expect(gate).to_contain_text("Cite at least one source.")
    assert errors == []
    assert page.evaluate("window.__csp") == []
