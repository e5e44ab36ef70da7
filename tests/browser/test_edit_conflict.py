"""Two people edit the same fact-check in two browsers: nothing typed is ever lost."""

import pytest
from playwright.sync_api import expect

from articles import roles
from articles.models import FactCheck
from tests.conftest import browser_login
from tests.factories import make_factcheck, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def factcheck():
    author = make_user(role=roles.FACT_CHECKER, username="checker")
    make_user(role=roles.EDITOR, username="editor")
    return make_factcheck(author=author, summary="The first summary.")


def _open_editor(page, username, factcheck):
    browser_login(page, username)
    page.goto(f"/workbench/fact-checks/{factcheck.pk}/")
    expect(page.get_by_label("If your time is short")).to_have_value("The first summary.")


def test_second_saver_sees_the_conflict_and_keeps_their_text(page, new_page, factcheck):
    checker_page, editor_page = page, new_page()
    _open_editor(checker_page, "checker", factcheck)
    _open_editor(editor_page, "editor", factcheck)

    checker_page.get_by_label("If your time is short").fill("The checker's summary.")
    checker_page.get_by_role("button", name="Save now").click()
    expect(checker_page.locator("#save-status")).to_contain_text("Saved · version 2")

    summary = editor_page.get_by_label("If your time is short")
    summary.fill("The editor's summary, typed at the same time.")
    editor_page.get_by_role("button", name="Save now").click()

    panel = editor_page.locator("#conflict-panel .conflict")
    expect(panel).to_contain_text("Edit conflict: checker saved a newer version (version 2)")
    expect(panel).to_contain_text("The checker's summary.")
    expect(panel).to_contain_text("The editor's summary, typed at the same time.")
    expect(summary).to_have_value("The editor's summary, typed at the same time.")
    factcheck.refresh_from_db()
    assert factcheck.summary == "The checker's summary."

    # The editor chooses to save their version on top of the latest one.
    panel.get_by_role("button", name="Save my version on top of theirs").click()
    expect(editor_page.locator("#save-status")).to_contain_text("Saved · version 3")
    expect(editor_page.locator("#conflict-panel .conflict")).to_have_count(0)
    factcheck.refresh_from_db()
    assert (factcheck.summary, factcheck.version) == ("The editor's summary, typed at the same time.", 3)


def test_taking_their_version_of_a_field(page, new_page, factcheck):
    checker_page, editor_page = page, new_page()
    _open_editor(checker_page, "checker", factcheck)
    _open_editor(editor_page, "editor", factcheck)
    checker_page.get_by_label("Headline").fill("The checker's headline")
    checker_page.get_by_role("button", name="Save now").click()
    expect(checker_page.locator("#save-status")).to_contain_text("version 2")

    editor_page.get_by_label("Headline").fill("The editor's headline")
    editor_page.get_by_label("Body").fill("The editor's body.")
    editor_page.get_by_role("button", name="Save now").click()
    panel = editor_page.locator("#conflict-panel .conflict")
    panel.locator('[data-conflict-field="headline"]').get_by_role("button", name="Use theirs").click()
    expect(editor_page.get_by_label("Headline")).to_have_value("The checker's headline")
    panel.get_by_role("button", name="Save my version on top of theirs").click()
    expect(editor_page.locator("#save-status")).to_contain_text("version 3")
    factcheck.refresh_from_db()
    assert (factcheck.headline, factcheck.body) == ("The checker's headline", "The editor's body.")


def test_autosave_and_the_browser_copy_survive_a_network_failure(page, factcheck):
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page with unsaved changes?"
    _open_editor(page, "checker", factcheck)
    page.get_by_label("Body").fill("Autosaved without pressing anything.")
    expect(page.locator("#save-status")).to_contain_text("Saved · version 2", timeout=8000)

    page.route("**/save/", lambda route: route.abort())
    page.get_by_label("Body").fill("Typed while the network was down.")
    expect(page.locator("#save-status")).to_contain_text("Offline", timeout=8000)

    page.reload()  # the tab is closed and opened again; the network is still down
    banner = page.locator("#draft-restore")
    expect(banner).to_be_visible()
    expect(page.get_by_label("Body")).to_have_value("Autosaved without pressing anything.")
    page.unroute("**/save/")
    banner.get_by_role("button", name="Restore them").click()
    expect(page.locator("#save-status")).to_contain_text("Saved · version 3")
    factcheck.refresh_from_db()
    assert factcheck.body == "Typed while the network was down."
    assert FactCheck.objects.get(pk=factcheck.pk).version == 3
