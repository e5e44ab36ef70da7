"""Published work in a real browser: a rating change through two editors, a retraction, a schedule.

Set SCREENSHOT_DIR to keep full-page screenshots of each step (the issue's closing note
asks for them); without it nothing is written.
"""

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles import roles
from articles.models import Correction, FactCheck
from articles.services.factchecks import factcheck_submit
from tests.conftest import browser_login
from tests.factories import make_factcheck, make_user, rating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HEADLINE = "Did the mayor cut violent crime by 40 percent?"


def shot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


@pytest.fixture
def people():
    return {
        "checker": make_user(role=roles.FACT_CHECKER, username="checker"),
        "editor": make_user(role=roles.EDITOR, username="editor"),
        "editor2": make_user(role=roles.EDITOR, username="editor2"),
    }


@pytest.fixture
def published(people):
    return make_factcheck(
        author=people["checker"],
        status=FactCheck.Status.PUBLISHED,
        headline=HEADLINE,
        claim_reviewed="The mayor cut violent crime by 40 percent",
        rating=rating("false"),
        summary="Police figures show a 12 percent fall.",
    )


def test_a_rating_change_goes_live_only_when_a_second_editor_approves_it(page, new_page, published):
    editor = page
    browser_login(editor, "editor")
    editor.goto(f"/workbench/fact-checks/{published.pk}/")
    expect(editor.locator("#changes-note")).to_contain_text("goes live only when another editor approves it")

    editor.get_by_label("Rating").select_option(label="Half true")
    expect(editor.locator("#rating-change-note")).to_be_visible()
    expect(editor.get_by_label("Kind of change")).to_have_value("rating_change")
    editor.get_by_label("If your time is short").fill("Police figures show a 25 percent fall in violent crime.")
    editor.get_by_label("Correction note").fill("The police published revised figures for 2025.")
    expect(editor.locator("#save-status")).to_contain_text("Saved", timeout=10_000)
    expect(editor.get_by_role("button", name="Submit changes for review")).to_be_visible()
    shot(editor, "01-editor-proposed-changes")
    editor.get_by_role("button", name="Submit changes for review").click()
    expect(editor.locator(".fc-meta")).to_contain_text("Changes in review")
    expect(editor.locator("#text-locked")).to_contain_text("The proposed changes are in review: their text is locked")
    expect(editor.get_by_role("button", name="Approve and publish the changes")).to_have_count(0)

    reader = new_page()
    reader.goto(published.get_absolute_url())
    expect(reader.locator(".verdict .badge")).to_have_text("False")
    expect(reader.get_by_text("25 percent")).to_have_count(0)

    approver = new_page()
    browser_login(approver, "editor2")
    approver.goto(f"/workbench/fact-checks/{published.pk}/")
    changes = approver.locator(".proposed-changes")
    expect(changes).to_contain_text("Proposed changes by editor")
    expect(changes.locator("del").first).to_have_text("False")
    expect(changes.locator("ins").first).to_have_text("Half true")
    shot(approver, "02-approver-sees-the-changes")
    approver.get_by_role("button", name="Approve and publish the changes").click()
    expect(approver.locator(".messages")).to_contain_text("Published.")
    expect(approver.locator(".fc-meta")).not_to_contain_text("Changes in review")

    reader.reload()
    expect(reader.locator(".verdict .badge")).to_have_text("Half true")
    expect(reader.locator(".rating-change")).to_contain_text("Rating changed from False to Half true")
    expect(reader.get_by_text("The police published revised figures for 2025.")).to_be_visible()
    shot(reader, "03-reader-after-approval")
    correction = Correction.objects.get(factcheck=published)
    assert (correction.created_by.username, correction.new_rating.slug) == ("editor2", "half-true")


def test_a_retraction_leaves_a_public_notice_at_the_address(page, new_page, published):
    editor = page
    browser_login(editor, "editor")
    editor.goto(f"/workbench/fact-checks/{published.pk}/")
    editor.locator("summary", has_text="Retract").click()
    reason = editor.get_by_label("Why it is retracted")
    expect(reason).to_have_attribute("required", "")
    reason.fill("The police figures we relied on were withdrawn by the police as wrong.")
    shot(editor, "04-editor-retract-form")
    editor.get_by_role("button", name="Retract this fact-check").click()
    expect(editor.locator(".fc-meta .status")).to_have_text("Retracted")
    expect(editor.locator("#text-locked")).to_contain_text("Retracted: it stays on record")

    reader = new_page()
    response = reader.goto(published.get_absolute_url())
    assert response.status == 410
    expect(reader.get_by_role("heading", level=1)).to_have_text("We retracted this fact-check")
    expect(reader.locator(".retraction-reason")).to_contain_text("withdrawn by the police as wrong")
    expect(reader.locator(".retracted-facts")).to_contain_text(HEADLINE)
    shot(reader, "05-reader-retraction-notice")
    reader.goto("/corrections/")
    expect(reader.locator(".correction-item").first).to_contain_text("Retracted")
    expect(reader.locator(".correction-item").first).to_contain_text("withdrawn by the police as wrong")
    shot(reader, "06-corrections-history")


def test_an_editor_schedules_it_and_the_workbench_shows_when(page, new_page, people):
    author = people["checker"]
    factcheck = factcheck_submit(factcheck=make_factcheck(author=author, headline=HEADLINE), user=author)
    editor = page
    browser_login(editor, "editor")
    editor.goto(f"/workbench/fact-checks/{factcheck.pk}/")
    shot(editor, "07-approver-in-review")
    editor.locator("summary", has_text="Approve and schedule for later").click()
    moment = timezone.localtime(timezone.now() + timedelta(days=2)).replace(hour=9, minute=30)
    when = editor.get_by_label("Go live at")
    expect(editor.locator("#publish-at-help")).to_contain_text("Time zone: UTC")
    when.fill(moment.strftime("%Y-%m-%dT%H:%M"))
    editor.get_by_role("button", name="Approve and schedule").click()
    expect(editor.locator(".scheduled-for")).to_contain_text(f"scheduled for {moment:%-d %b %Y}, 09:30 UTC")
    expect(editor.locator("#scheduled-notice")).to_contain_text("Goes live on")
    shot(editor, "08-editor-scheduled")

    editor.goto("/workbench/fact-checks/?show=scheduled")
    expect(editor.locator(".fc-table")).to_contain_text(re.compile(r"Scheduled\s*for " + moment.strftime("%-d %b %Y")))
    shot(editor, "09-list-scheduled")

    reader = new_page()
    assert reader.goto(factcheck.get_absolute_url()).status == 404
    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.SCHEDULED and factcheck.published_at == moment.replace(
        second=0, microsecond=0
    )
