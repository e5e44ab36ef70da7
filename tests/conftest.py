"""Fixtures shared by the whole suite. Factories live in tests/factories.py."""

import os
import shutil

import pytest

from articles.roles import ADMIN, EDITOR, FACT_CHECKER

# Unit tests run without Django (`-p no:django`), so the Django-backed factories are
# imported inside the fixtures that need them.


def _make_user(**kwargs):
    from tests.factories import make_user

    return make_user(**kwargs)


def pytest_configure(config):
    # PBKDF2 costs about a second per user on this machine and factories create many users;
    # the suite tests roles and logins, not hashing strength.
    from django.conf import settings

    if settings.configured:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Public pages are cached whole (articles.cache): one test's page must not leak into the next."""
    from django.conf import settings

    if settings.configured:
        from django.core.cache import cache

        from articles.cache import forget_remembered, pages

        cache.clear()
        pages.clear()
        forget_remembered()


@pytest.fixture
def checker(db):
    return _make_user(role=FACT_CHECKER, username="checker")


@pytest.fixture
def editor(db):
    return _make_user(role=EDITOR, username="editor")


@pytest.fixture
def second_editor(db):
    return _make_user(role=EDITOR, username="editor2")


@pytest.fixture
def admin_user(db):
    return _make_user(role=ADMIN, username="boss", is_staff=True)


@pytest.fixture
def checker_client(client, checker):
    client.force_login(checker)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def admin_client_role(client, admin_user):
    client.force_login(admin_user)
    return client


# ---- Browser tests: Debian's Chromium driven by Playwright ------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package.")
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it.")
    # Playwright's sync API refuses to run inside a running event loop and Django refuses
    # ORM calls from one; this lets the test body use both.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def seeded_defaults(transactional_db):
    """The rating scale and roles that the data migrations seed, which a flush removes."""
    from tests.factories import restore_defaults

    restore_defaults()


@pytest.fixture
def page(browser, live_server, seeded_defaults):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def new_page(browser, live_server, seeded_defaults):
    """Open further independent browser sessions (e.g. two editors at once)."""
    contexts = []

    def open_page():
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def browser_login(page, username: str, password: str = "pw-test-123!") -> None:
    """Log in through the real login form."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


# ---- Feed subscriptions: a real HTTP server on 127.0.0.1 --------------------------------


@pytest.fixture
def feed_server(settings):
    """A local HTTP server serving feeds (tests/feed_server.py); polling 127.0.0.1 is allowed."""
    from tests.feed_server import FeedServer

    settings.FEEDS_ALLOW_NETWORKS = ["127.0.0.1/32"]
    server = FeedServer()
    yield server
    server.stop()
