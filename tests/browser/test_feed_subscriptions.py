"""An admin subscribes to a feed in Chromium and watches the worker's first poll arrive on the feed's page."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles import roles
from articles.models import Article
from tests.conftest import browser_login
from tests.factories import make_user
from tests.feed_server import rss, story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_admin_subscribes_watches_the_first_poll_then_pauses_and_resumes(page, feed_server):
    feed_server.feed("/feed.xml", rss(story(1), story(2)), etag='"v1"')
    make_user(role=roles.ADMIN, username="boss")
    browser_login(page, "boss")

    page.get_by_role("navigation", name="Workbench").get_by_role("link", name="Feeds").click()
    expect(page.get_by_text("No feeds yet.")).to_be_visible()
    page.get_by_role("link", name="Subscribe to a feed").first.click()

    page.get_by_label("Feed address").fill("ftp://gazette.example/feed")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("alert")).to_contain_text("Only http:// and https:// feeds can be polled")

    page.get_by_label("Feed address").fill(feed_server.url())
    page.get_by_label("Outlet").fill("The Gazette")
    page.get_by_label("Poll every (minutes)").fill("10")
    page.get_by_role("button", name="Subscribe").click()
    expect(page).to_have_url(re.compile(r"/workbench/feeds/\d+/$"))
    expect(page.get_by_text("Waiting for its first poll")).to_be_visible()
    expect(page.get_by_text("Not polled yet.")).to_be_visible()

    run_worker()  # the poll queued by subscribing; the page refreshes itself meanwhile

    expect(page.get_by_role("heading", level=1)).to_have_text("Example Gazette", timeout=15_000)
    expect(page.get_by_text("Working", exact=True)).to_be_visible()
    expect(page.locator(".polls")).to_contain_text("New entries imported")
    expect(page.get_by_role("link", name="Council story number 1")).to_be_visible()
    assert Article.objects.filter(outlet__name="The Gazette").count() == 2

    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_text("Paused: this feed is not polled until you resume it.")).to_be_visible()
    page.get_by_role("button", name="Resume").click()
    run_worker()
    page.reload()
    expect(page.locator(".polls tbody tr").first).to_contain_text("Not modified")
    expect(page.locator(".polls tbody tr").first).to_contain_text("HTTP 304")

    page.get_by_role("navigation", name="Workbench").get_by_role("link", name="Feeds").click()
    row = page.locator("table.subscriptions tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("The Gazette")
    expect(row).to_contain_text("Not modified")
