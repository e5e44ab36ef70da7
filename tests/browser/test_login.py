"""The browser harness: a real Chromium logs in through the real login page."""

import pytest

from articles import roles
from tests.conftest import browser_login
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_checker_logs_in_and_reaches_the_workbench(page):
    make_user(role=roles.FACT_CHECKER, username="checker")
    browser_login(page, "checker")
    assert page.url.endswith("/workbench/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard"


def test_wrong_password_shows_a_clear_message(page):
    make_user(role=roles.FACT_CHECKER, username="checker")
    browser_login(page, "checker", password="not-the-password")
    assert "/accounts/login/" in page.url
    assert page.get_by_role("alert").inner_text().startswith("Your username and password didn’t match")
