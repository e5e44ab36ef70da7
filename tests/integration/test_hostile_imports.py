"""Every hostile string through every field of every import format, then onto the pages that show them.

For each format (text, HTML, RSS, JSON, JSON Lines, CSV) one upload carries one file per
string, with the string in every free-text field at once (title, body, byline, outlet,
sources). The fields that are validated (url, published_at) get each string on its own,
parsed only: they either hold a web address and a date or the item is refused, so a
database round trip adds nothing. Each item must be imported with its text intact or
refused with a reason; nothing may crash, log a traceback or leave a batch unfinished.
"""

import json
import logging
from html import escape
from xml.sax.saxutils import escape as xml_escape

import pytest
from django.test import Client
from django.urls import reverse

from articles import roles
from articles.ingest import ArticleRecord, ItemError, parse_upload
from articles.models import Article, ImportBatch
from articles.services.imports import import_files
from tests.factories import make_user
from tests.integration.hostile import STRINGS, shown_raw

pytestmark = pytest.mark.django_db

QUOTE = "“We cut the deficit by {n} percent,” Jane Doe said on Tuesday."


def _intro(n: int) -> str:
    """The first paragraph of article `n`: it finds the stored article again."""
    return f"This is article number {n} of the hostile import."


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _line(value: str) -> str:
    return " ".join(value.split())


def text_file(n, value, url="", date="March 30, 2025"):
    title = _line(value) or "Untitled"
    return _bytes(
        f"{title} {n}\nPublished {date}\n\n{_intro(n)}\n\n{value}\n\n{QUOTE.format(n=n)}\n\n"
        f"SOURCES:\n{_line(value)}: Annual report {n}, https://example.org/{n}\n"
    )


def html_file(n, value, url="", date="2025-03-30"):
    v = escape(value)
    canonical = f'<link rel="canonical" href="{escape(url)}">' if url else ""
    return _bytes(
        f"<html><head><title>{v} {n}</title>{canonical}"
        f'<meta property="og:site_name" content="{v}"><meta name="author" content="{v}">'
        f'<meta property="article:published_time" content="{escape(date)}"></head>'
        f"<body><article><h1>{v} {n}</h1><p>{_intro(n)}</p><p>{v}</p><p>{QUOTE.format(n=n)}</p>"
        f"<p>More text so that the page has an article to extract, paragraph {n}.</p></article></body></html>"
    )


def feed_file(n, value, url="https://example.org/a", date="Sun, 30 Mar 2025 14:05:00 +0000"):
    v = xml_escape(value)
    body = xml_escape(f"<p>{_intro(n)}</p><p>{escape(value)}</p><p>{QUOTE.format(n=n)}</p>")
    return _bytes(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>{v}</title><link>https://example.org/</link><description>{v}</description>"
        f"<item><title>{v} {n}</title><link>{xml_escape(url)}/{n}</link><pubDate>{xml_escape(date)}</pubDate>"
        f"<dc:creator>{v}</dc:creator><description>{body}</description></item></channel></rss>"
    )


def _item(n, value, url="", date="2025-03-30"):
    return {
        "title": f"{value} {n}",
        "body": f"{_intro(n)}\n\n{value}\n\n{QUOTE.format(n=n)}",
        "byline": value,
        "outlet": value,
        "url": url,
        "published_at": date,
    }


def json_file(n, value, **fields):
    return _bytes(json.dumps(_item(n, value, **fields)))


def jsonl_file(n, value, **fields):
    return _bytes(json.dumps(_item(n, value, **fields)) + "\n")


def csv_file(n, value, **fields):
    item = _item(n, value, **fields)
    cell = lambda text: '"' + text.replace('"', '""') + '"'  # noqa: E731
    return _bytes(",".join(item) + "\n" + ",".join(cell(item[key]) for key in item) + "\n")


FORMATS = {
    "text": ("txt", text_file),
    "html": ("html", html_file),
    "feed": ("xml", feed_file),
    "json": ("json", json_file),
    "jsonl": ("jsonl", jsonl_file),
    "csv": ("csv", csv_file),
}


def _expected_title(value: str, n: int) -> str:
    return _line(f"{value} {n}")[:300]


@pytest.mark.parametrize("format", FORMATS)
def test_every_free_text_field_of_every_format_takes_every_hostile_string(format, caplog):
    extension, build = FORMATS[format]
    files = [(f"hostile-{n}.{extension}", build(n, value)) for n, value in enumerate(STRINGS)]

    with caplog.at_level(logging.WARNING):
        batch = import_files(files=files, format="auto", origin="upload")

    assert batch.status == ImportBatch.Status.DONE
    assert batch.created_count + batch.unchanged_count + batch.failed_count == batch.total >= len(STRINGS)
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []
    vague = [e for e in batch.errors if "unexpected" in e["reason"] or not e["reason"].strip()]
    assert vague == []
    assert batch.created_count >= len(STRINGS) - 12, batch.errors  # most strings are fine text to import
    refused = {int(e["item"].split("-")[1].split(".")[0]): e["reason"] for e in batch.errors}
    lost = []
    for n, value in enumerate(STRINGS):
        article = Article.objects.filter(import_batch=batch, body__contains=_intro(n)).first()
        if article is None and n not in refused and _line(value):
            lost.append(f"{n} {value[:30]!r}: neither imported nor refused")
        # A text file's first line is its title only when it reads like one; an RSS title is
        # HTML to feedparser, as to feed readers, so its markup is removed rather than kept.
        elif article is not None and format not in ("text", "feed") and article.title != _expected_title(value, n):
            lost.append(f"{n} {value[:30]!r}: title stored as {article.title[:40]!r}")
    assert lost == [], batch.errors


VALIDATED = {"url": {"url": "{}"}, "published_at": {"date": "{}"}}


@pytest.mark.parametrize("format", FORMATS)
def test_every_validated_field_of_every_format_is_a_value_or_a_reason(format):
    extension, build = FORMATS[format]
    problems = []
    for field in ("url", "date"):
        for n, value in enumerate(STRINGS):
            name = f"validated-{n}.{extension}"
            for item in parse_upload(name, build(n, "Plain title", **{field: value})):
                if isinstance(item, ItemError):
                    if not item.reason or "unexpected" in item.reason:
                        problems.append(f"{field}={value[:30]!r}: {item.reason!r}")
                elif field == "url" and item.url and not item.url.startswith(("http://", "https://")):
                    problems.append(f"url={value[:30]!r} kept as {item.url[:40]!r}")
                elif not isinstance(item, ArticleRecord):
                    problems.append(f"{field}={value[:30]!r}: {item!r}")
    assert problems == []


def test_imported_hostile_text_shows_escaped_on_the_newsroom_pages():
    admin = make_user(role=roles.ADMIN, username="importer", is_staff=True)
    files = [(f"hostile-{n}.json", json_file(n, value)) for n, value in enumerate(STRINGS)]
    batch = import_files(files=files, format="auto", user=admin, origin="upload")
    client = Client()
    client.force_login(admin)

    pages = [
        reverse("workbench:import_detail", args=[batch.pk]),
        reverse("workbench:import_list"),
        reverse("workbench:claim_list") + "?status=",
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_outlet_changelist"),
        *(reverse("workbench:article_detail", args=[pk]) for pk in batch.articles.values_list("pk", flat=True)[:80]),
    ]
    problems = []
    for url in pages:
        response = client.get(url)
        body = response.content.decode()
        if response.status_code != 200:
            problems.append(f"{url}: {response.status_code}")
        problems += [f"{url}: {value[:40]!r} unescaped" for value in STRINGS if shown_raw(body, value)]
    assert problems == []
