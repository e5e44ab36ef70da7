from datetime import UTC, datetime, timedelta, timezone

import pytest

from articles.ingest import ArticleRecord, ItemError, normalise_body, parse_upload
from articles.ingest.html import html_to_text, parse_html

PARAGRAPH = (
    "The city council approved the annual budget on Tuesday after a debate that lasted more "
    "than six hours, officials said."
)


def page(head: str = "", body: str = f"<article><p>{PARAGRAPH}</p></article>") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def test_saved_page_uses_json_ld_and_open_graph_metadata(data_file):
    (record,) = parse_upload("article.html", data_file("article.html"))
    assert isinstance(record, ArticleRecord)
    assert record.title == "Iran Rejects Talks With Washington"
    assert record.outlet == "The Example Times"
    assert record.url == "https://example.com/world/iran-rejects-talks"
    assert record.byline == "Jane Doe, John Roe"
    assert record.published_at == datetime(2025, 3, 30, 14, 5, tzinfo=timezone(timedelta(hours=1)))
    assert record.locator == "article.html"


def test_saved_page_body_is_plain_text_one_paragraph_per_line(data_file):
    (record,) = parse_upload("article.html", data_file("article.html"))
    lines = record.body.split("\n")
    assert lines[0].startswith("Iran sharply rejected any notion")
    assert "“There is no process of negotiation between Iran and the United States,”" in (record.body)
    assert "<" not in record.body
    assert normalise_body(record.body) == record.body


def test_saved_page_reports_h2_sections_as_headings(data_file):
    (record,) = parse_upload("article.html", data_file("article.html"))
    assert [record.body[a:b] for a, b in record.headings] == ["Why It Matters", "What Happens Next"]


@pytest.mark.parametrize(
    "unwanted",
    [
        "World news section",
        "Buy premium headphones",
        "Related stories you might like",
        "Copyright 2025",
        "Share this article",
        "By Jane Doe and John Roe",
    ],
)
def test_saved_page_body_leaves_out_navigation_ads_and_furniture(data_file, unwanted):
    (record,) = parse_upload("article.html", data_file("article.html"))
    assert unwanted not in record.body


@pytest.mark.parametrize(
    "marker",
    [
        "alert",
        "SCRIPT_MARKER",
        "WRITE_MARKER",
        "secret-css-marker",
        "javascript:",
        "onerror",
        "onload",
        "NAV_MARKER",
        "AD_MARKER",
        "SPONSOR_MARKER",
        "HIDDEN_MARKER",
        "IFRAME_MARKER",
        "NOSCRIPT_MARKER",
        "FORM_MARKER",
        "evil.example",
    ],
)
def test_hostile_page_is_sanitised_not_rejected(data_file, marker):
    (record,) = parse_upload("hostile.html", data_file("hostile.html"))
    assert isinstance(record, ArticleRecord)
    assert record.body.startswith("The city council approved the annual budget")
    assert marker not in record.body
    assert marker not in record.title


def test_hostile_page_keeps_quoted_speech_and_link_text(data_file):
    (record,) = parse_upload("hostile.html", data_file("hostile.html"))
    assert "“This budget protects the services residents rely on,” Mayor Ana Lima" in record.body
    assert "Read the statement" in record.body


@pytest.mark.parametrize(
    "head, field, expected",
    [
        ('<meta property="og:title" content="OG Title">', "title", "OG Title"),
        (
            '<title>Plain Title - Daily Post</title><meta property="og:site_name" content="Daily Post">',
            "title",
            "Plain Title",
        ),
        ('<meta property="og:site_name" content="Daily Post">', "outlet", "Daily Post"),
        (
            '<meta property="og:url" content="https://example.com/x">',
            "url",
            "https://example.com/x",
        ),
        ('<link rel="canonical" href="javascript:alert(1)">', "url", ""),
        ('<meta name="author" content="Jane Doe">', "byline", "Jane Doe"),
        ('<meta property="article:author" content="https://facebook.com/jd">', "byline", ""),
        (
            '<meta property="article:published_time" content="2025-03-30T10:00:00Z">',
            "published_at",
            datetime(2025, 3, 30, 10, tzinfo=UTC),
        ),
        ('<meta property="article:published_time" content="soon">', "published_at", None),
        (
            '<script type="application/ld+json">{"@type": ["NewsArticle"], "headline": "LD",'
            ' "publisher": {"name": "LD Times"}, "datePublished": "2025-03-30"}</script>',
            "outlet",
            "LD Times",
        ),
        ('<script type="application/ld+json">{not json</script>', "title", PARAGRAPH[:40]),
        (
            '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>",
            "title",
            PARAGRAPH[:40],
        ),
    ],
)
def test_page_metadata_sources(head, field, expected):
    record = parse_html("page.html", page(head))
    value = getattr(record, field)
    if field == "title" and expected == PARAGRAPH[:40]:
        assert value.startswith(expected)
    else:
        assert value == expected


@pytest.mark.parametrize(
    "body, byline",
    [
        (f'<p class="byline">By Ana Lima</p><p>{PARAGRAPH}</p>', "Ana Lima"),
        (f'<a rel="author" href="/ana">Ana Lima</a><p>{PARAGRAPH}</p>', "Ana Lima"),
        (f"<time datetime='2025-03-30'>x</time><p>{PARAGRAPH}</p>", ""),
    ],
)
def test_byline_from_page_elements(body, byline):
    assert parse_html("page.html", page(body=body)).byline == byline


def test_time_element_gives_published_date():
    record = parse_html("p.html", page(body=f"<time datetime='2025-03-30'>x</time><p>{PARAGRAPH}</p>"))
    assert record.published_at == datetime(2025, 3, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "markup",
    [
        page(body=""),
        page(body="<nav>Home</nav><script>alert(1)</script>"),
        "<html></html>",
    ],
)
def test_page_without_article_text_gives_item_error(markup):
    (result,) = parse_upload("empty.html", markup.encode())
    assert isinstance(result, ItemError)
    assert result.locator == "empty.html"
    assert "no article text" in result.reason or "could not be read" in result.reason


def test_deeply_nested_page_does_not_crash():
    markup = page(body="<div>" * 20000 + PARAGRAPH + "</div>" * 20000)
    (result,) = parse_upload("deep.html", markup.encode())
    assert isinstance(result, ArticleRecord | ItemError)


def test_page_with_xml_declaration_is_read():
    markup = '<?xml version="1.0" encoding="utf-8"?>\n' + page()
    (record,) = parse_upload("x.xhtml", markup.encode())
    assert isinstance(record, ArticleRecord)
    assert record.body == PARAGRAPH


@pytest.mark.parametrize(
    "fragment, body, headings",
    [
        ("<p>One.</p><p>Two.</p>", "One.\nTwo.", []),
        ("<h2>Background</h2><p>Text here.</p>", "Background\nText here.", ["Background"]),
        ("Line one<br>Line two", "Line one\nLine two", []),
        ("<ul><li>First</li><li>Second</li></ul>", "First\nSecond", []),
        ("<p>Kept</p><script>alert(1)</script><style>p{}</style>", "Kept", []),
        ("<p onclick='alert(1)'>Click <a href='javascript:x()'>me</a></p>", "Click me", []),
        ("<div class='advert'>Buy</div><p>Story</p>", "Story", []),
        ("<table><tr><td>a</td><td>b</td></tr></table>", "a b", []),
        ("plain text &amp; entities", "plain text & entities", []),
        ("", "", []),
    ],
)
def test_html_fragments_become_plain_text(fragment, body, headings):
    structure = html_to_text(fragment)
    assert structure.body == body
    assert [structure.body[a:b] for a, b in structure.headings] == headings
