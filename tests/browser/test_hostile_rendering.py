"""No hostile string runs as script in a real Chromium (issue 13).

Every reader-visible field of published fact-checks holds a string from the corpus; the
public pages, the workbench queue and editor, and an upload's import preview are opened
in Chromium. The browser must raise no dialog (every payload calls alert), log no console
error (a blocked inline script is one: the CSP caught an injection) and hold no element or
attribute that only an injection could have put there.
"""

import pytest

from articles import roles
from tests.conftest import browser_login
from tests.factories import make_user
from tests.integration.hostile import STRINGS, hostile_world, storable

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What no page of ours contains, and an injection would.
INJECTED = ", ".join(
    [
        "script:not([src]):not([type='application/ld+json'])",
        "[onerror]",
        "[onload]",
        "[onmouseover]",
        "[onfocus]",
        "[onclick]",
        "[ontoggle]",
        "iframe",
        "object",
        "embed",
        "base",
        "meta[http-equiv]",
        "body style",
        "svg script",
        "form[action^='https://evil']",
        "[hx-trigger='load']",
        "a[href^='javascript']",
        "a[href^='data:']",
    ]
)
COUNT_INJECTED = f"""() => {{
    const found = [...document.querySelectorAll("{INJECTED}")];
    const handlers = [...document.querySelectorAll("*")].filter(
        element => [...element.attributes].some(attr => attr.name.startsWith("hx-on")));
    return found.concat(handlers).map(element => element.outerHTML.slice(0, 120));
}}"""


class Watch:
    """Dialogs, console errors and uncaught exceptions, page by page."""

    def __init__(self, page):
        self.events = []
        self.url = ""
        page.on(
            "dialog", lambda dialog: (self.events.append(f"{self.url}: dialog {dialog.message!r}"), dialog.dismiss())
        )
        page.on(
            "console",
            lambda message: message.type == "error" and self.events.append(f"{self.url}: console {message.text[:160]}"),
        )
        page.on("pageerror", lambda error: self.events.append(f"{self.url}: error {error}"))

    def visit(self, page, url):
        self.url = url
        page.goto(url)  # waits for "load": the pages are rendered by the server
        injected = page.evaluate(COUNT_INJECTED)
        if injected:
            self.events.append(f"{url}: injected {injected[:3]}")


@pytest.fixture
def hostile(seeded_defaults):
    return hostile_world()


def test_public_pages_run_no_hostile_script(page, hostile):
    watch = Watch(page)
    for url in ["/", "/fact-checks/", "/fact-checks/?page=2", "/speakers/", "/corrections/"]:
        watch.visit(page, url)
    for factcheck in hostile:
        watch.visit(page, factcheck.get_absolute_url())
    page.mouse.move(300, 300)  # an injected onmouseover would fire now

    assert watch.events == []


def test_the_watch_sees_an_injection_when_there_is_one(page, live_server):
    injection = '<p>x</p><img src=x onerror="alert(1)"><div hx-on:click="x()">y</div>'
    watch = Watch(page)

    page.goto("about:blank")  # no CSP: the handler runs and opens a dialog
    page.set_content(injection)
    page.wait_for_timeout(200)
    assert any("dialog" in event for event in watch.events), watch.events
    assert len(page.evaluate(COUNT_INJECTED)) == 2

    watch.events.clear()
    watch.visit(page, "/healthz")  # our CSP: the handler is refused, and the console says so
    page.set_content(injection)
    page.wait_for_timeout(200)
    assert any("console" in event for event in watch.events), watch.events


def test_workbench_queue_and_editor_run_no_hostile_script(page, hostile):
    make_user(role=roles.EDITOR, username="hostile-editor")
    browser_login(page, "hostile-editor")
    watch = Watch(page)
    for url in [
        "/workbench/",
        "/workbench/claims/?status=",
        "/workbench/claims/?status=&page=2",
        "/workbench/fact-checks/",
    ]:
        watch.visit(page, url)
    for factcheck in hostile[:12]:
        watch.visit(page, f"/workbench/fact-checks/{factcheck.pk}/")
        watch.visit(page, f"/workbench/fact-checks/{factcheck.pk}/preview/")
    # Filter and search in place: the fragments htmx swaps in must be as inert as the pages.
    watch.visit(page, "/workbench/claims/?status=")
    page.get_by_label("Search").first.fill("script")
    page.wait_for_load_state("networkidle")
    assert page.evaluate(COUNT_INJECTED) == []

    assert watch.events == []


def test_an_upload_preview_runs_no_hostile_script(page, seeded_defaults, tmp_path):
    make_user(role=roles.ADMIN, username="hostile-admin", is_staff=True)
    browser_login(page, "hostile-admin")
    import json

    items = [
        {
            "title": f"{value[:250]} {n}",
            "body": f"Article {n}.\n\n{value}\n\n“We cut taxes by {n} percent,” Jo Doe said.",
            "outlet": value[:100],
            "byline": value[:100],
        }
        for n, value in enumerate(value for value in STRINGS if storable(value))
    ]
    upload = tmp_path / "<img src=x onerror=alert('name')>.json"
    upload.write_text(json.dumps(items))
    watch = Watch(page)
    watch.visit(page, "/workbench/imports/new/")

    page.set_input_files("input[type=file]", str(upload))
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state("networkidle")
    watch.url = page.url
    injected = page.evaluate(COUNT_INJECTED)

    assert "Preview" in page.content() or "preview" in page.url
    assert injected == []
    assert watch.events == []
