"""An admin uploads an archive in Chromium and watches a real worker process import it to the end.

The worker is a `manage.py run_worker` subprocess on the embedded engine, pointed at the
test database, so it needs a database another process can open: PostgreSQL (.ci/run
runs this test in its PostgreSQL pass). Screenshots go to SCREENSHOTS_DIR when it is set.
"""

import os
import signal
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import expect

from articles import roles
from articles.models import Article, ImportBatch
from tests.conftest import browser_login
from tests.factories import make_user
from tests.integration.workers import database_url, kill, small_articles, start_worker

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the worker process must open the test database: PostgreSQL only (.ci/run's PostgreSQL pass)",
    ),
]


def shot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
        page.screenshot(path=str(Path(folder) / f"{name}-top.png"))


def test_an_upload_is_previewed_then_imported_with_live_progress_to_the_end(page, tmp_path):
    make_user(role=roles.ADMIN, username="boss", is_staff=True)
    archive = tmp_path / "district-news.jsonl"
    # Enough chunks that the import is still running when the page first looks, however fast
    # a chunk is stored.
    archive.write_bytes(small_articles(N := 400))
    worker = start_worker(
        database_url(connection.settings_dict),
        tmp_path / "worker.log",
        DJANGO_TASKS_QUEUE="",
        DJANGO_IMPORT_CHUNK_SIZE="5",
    )
    try:
        browser_login(page, "boss")
        page.goto("/workbench/imports/new/")
        page.get_by_label("Files").set_input_files(str(archive))
        page.get_by_label("Outlet").fill("District Gazette")
        shot(page, "1-upload")
        page.get_by_role("button", name="Upload and preview").click()

        batch = ImportBatch.objects.get()
        expect(page).to_have_url(f"/workbench/imports/{batch.pk}/")
        confirm = page.get_by_role("button", name=f"Import {N} articles")
        expect(confirm).to_be_visible(timeout=60_000)  # the worker read the files; the page polled for it
        expect(page.locator(".speakers-found")).to_contain_text("Ana Lima")
        page.get_by_text("1 quote · Ana Lima").first.click()
        expect(page.get_by_text("We will open 3 new clinics in district 0 this year")).to_be_visible()
        shot(page, "2-preview")
        assert not Article.objects.exists()

        confirm.click()
        expect(page.locator("#batch-status")).to_contain_text("Importing", timeout=30_000)
        expect(page.locator("#batch-progress")).not_to_have_attribute("value", "0", timeout=30_000)
        shot(page, "3-progress")
        expect(page.locator(".status")).to_have_text("Finished", timeout=90_000)
        expect(page.locator(".counts")).to_contain_text(f"{N} imported")
        expect(page.get_by_role("link", name="District 0 clinics")).to_be_visible()
        expect(page.get_by_role("link", name="Review the claims")).to_be_visible()
        expect(page.locator("#batch-status")).not_to_have_attribute("hx-trigger", "every 1s")
        shot(page, "4-finished")
    finally:
        kill(worker, signal.SIGTERM)

    assert Article.objects.count() == N
    assert set(Article.objects.values_list("outlet__name", flat=True)) == {"District Gazette"}
