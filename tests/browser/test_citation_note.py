"""A note on a cited source is saved the way the rest of the editor saves: on blur and on a pause."""

import pytest
from playwright.sync_api import expect

from articles.models import Citation
from tests.conftest import browser_login
from tests.factories import make_factcheck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def factcheck(checker):
    return make_factcheck(author=checker, citations=2)


def _note(page, number: int):
    return page.get_by_label(f"What source {number} supports")


def test_a_note_typed_then_left_is_saved_and_says_so(page, factcheck):
    browser_login(page, "checker")
    page.goto(f"/workbench/fact-checks/{factcheck.pk}/")
    first = factcheck.citations.first()

    _note(page, 1).fill("Gives the 2023 total")
    page.get_by_label("Headline").click()  # leave the field without pressing Enter
    status = page.locator(f"#citation-{first.pk} [data-note-status]")
    expect(status).to_have_text("Saved")

    page.reload()
    expect(_note(page, 1)).to_have_value("Gives the 2023 total")
    first.refresh_from_db()
    assert first.note == "Gives the 2023 total"


def test_a_note_is_saved_when_typing_pauses_and_typing_on_is_not_lost(page, factcheck):
    browser_login(page, "checker")
    page.goto(f"/workbench/fact-checks/{factcheck.pk}/")
    second = factcheck.citations.last()

    note = _note(page, 2)
    note.fill("")
    note.press_sequentially("Shows the minister")
    expect(page.locator(f"#citation-{second.pk} [data-note-status]")).to_have_text("Saved", timeout=6_000)
    assert Citation.objects.get(pk=second.pk).note == "Shows the minister"
    # The save did not replace the field under the cursor: typing goes on where it was.
    note.press_sequentially(" said it")
    expect(note).to_have_value("Shows the minister said it")
    expect(note).to_be_focused()


def test_a_note_that_cannot_be_saved_says_so_and_retries(page, factcheck):
    browser_login(page, "checker")
    page.goto(f"/workbench/fact-checks/{factcheck.pk}/")
    first = factcheck.citations.first()
    status = page.locator(f"#citation-{first.pk} [data-note-status]")

    page.route("**/note/", lambda route: route.abort())  # the network drops the request
    _note(page, 1).fill("Backs the deficit figure")
    page.get_by_label("Headline").click()
    expect(status).to_contain_text("Not saved")
    page.unroute("**/note/")
    status.get_by_role("button", name="Retry").click()
    expect(status).to_have_text("Saved")
    first.refresh_from_db()
    assert first.note == "Backs the deficit figure"
