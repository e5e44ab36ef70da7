"""A real HTTP server on 127.0.0.1 for feed-subscription tests, answering as each test says.

`FeedServer` runs `http.server` in a thread on a random free port. A test sets what each path
answers (a feed that honours ETag and Last-Modified, a status code, a redirect, or any
handler function) and reads back every request the server received, with its headers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


class FeedServer:
    def __init__(self):
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's naming)
                server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path)
                if route is None:
                    answer(self, 404, b"not found", content_type="text/plain")
                else:
                    route(self)

            def log_message(self, *args):  # keep test output quiet
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        # A short poll interval: shutdown() waits for it, once per test.
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path: str = "/feed.xml") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # ---- what a path answers ------------------------------------------------------------

    def feed(
        self,
        path: str,
        body: bytes,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        content_type: str = "application/rss+xml; charset=utf-8",
    ) -> None:
        """Serve `body`, answering 304 to a request that sends back its ETag or Last-Modified."""

        def route(handler):
            headers = {}
            if etag:
                headers["ETag"] = etag
            if last_modified:
                headers["Last-Modified"] = last_modified
            if (etag and handler.headers.get("If-None-Match") == etag) or (
                last_modified and handler.headers.get("If-Modified-Since") == last_modified
            ):
                answer(handler, 304, b"", headers=headers)
            else:
                answer(handler, 200, body, headers=headers, content_type=content_type)

        self.routes[path] = route

    def status(self, path: str, code: int, *, headers: dict | None = None, body: bytes = b"") -> None:
        self.routes[path] = lambda handler: answer(handler, code, body, headers=headers or {})

    def redirect(self, path: str, location: str, code: int = 302) -> None:
        self.status(path, code, headers={"Location": location})

    def handle(self, path: str, route: Callable[[BaseHTTPRequestHandler], None]) -> None:
        self.routes[path] = route

    def requests_to(self, path: str = "/feed.xml") -> list[dict[str, str]]:
        return [headers for requested, headers in self.requests if requested == path]


def answer(handler, code: int, body: bytes, *, headers: dict | None = None, content_type: str = "text/plain"):
    handler.send_response(code)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    if code != 304:
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if code != 304:
        handler.wfile.write(body)


def at_once(work: Callable[[], object], times: int = 2) -> list:
    """Run `work` in `times` threads released together (as workers would be); return what each returned.

    Each thread closes its own database connection, as a worker process would have its own.
    """
    from django.db import connection

    barrier = threading.Barrier(times)
    results: list = []

    errors: list = []

    def run():
        barrier.wait()
        try:
            results.append(work())
        except Exception as error:  # noqa: BLE001 - re-raised below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    if errors:
        raise errors[0]
    return results


def rss(*entries: dict, title: str = "Example Gazette") -> bytes:
    """An RSS 2.0 feed; each entry is a dict of title, link, guid, body and (optional) published."""
    items = []
    for entry in entries:
        parts = [f"<title>{escape(entry['title'])}</title>"]
        if entry.get("link"):
            parts.append(f"<link>{escape(entry['link'])}</link>")
        if entry.get("guid"):
            parts.append(f'<guid isPermaLink="false">{escape(entry["guid"])}</guid>')
        if entry.get("published"):
            parts.append(f"<pubDate>{format_datetime(entry['published'])}</pubDate>")
        parts.append(f"<description>{escape(entry['body'])}</description>")
        items.append("<item>" + "".join(parts) + "</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://gazette.example/</link><description>News</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def story(n: int, **overrides) -> dict:
    """Entry `n` of a feed: a short news story with a quotation, at its own address."""
    entry = {
        "title": f"Council story number {n}",
        "link": f"https://gazette.example/news/{n}",
        "guid": f"gazette-{n}",
        "body": (
            f"The council met on day {n}. “We will build {n + 10} new homes this year,” "
            f"said Mayor Ana Ruiz. Residents asked questions about story {n}."
        ),
    }
    entry.update(overrides)
    return entry
