from datetime import UTC, datetime

import pytest

from articles.ingest import ArticleRecord, ItemError, parse_upload


def articles(results):
    return [item for item in results if isinstance(item, ArticleRecord)]


def errors(results):
    return [item for item in results if isinstance(item, ItemError)]


def test_rss_entries_become_articles_with_feed_title_as_outlet(data_file):
    results = parse_upload("feed.xml", data_file("feed.rss.xml"))
    first, second = articles(results)
    assert first.title == "Iran rejects direct talks"
    assert first.url == "https://wire.example.com/iran-rejects-talks"
    assert first.outlet == "Example Wire"
    assert first.byline == "Jane Doe"
    assert first.published_at == datetime(2025, 3, 30, 14, 5, tzinfo=UTC)
    assert first.locator == "feed.xml entry 1"
    assert second.locator == "feed.xml entry 2"


def test_rss_prefers_full_content_over_summary_and_keeps_headings(data_file):
    first = articles(parse_upload("feed.xml", data_file("feed.rss.xml")))[0]
    assert first.body.startswith("Iran has rejected direct negotiations with Washington")
    assert "Short summary" not in first.body
    assert [first.body[a:b] for a, b in first.headings] == ["Why It Matters"]


def test_rss_entry_content_is_sanitised_to_plain_text(data_file):
    for record in articles(parse_upload("feed.xml", data_file("feed.rss.xml"))):
        assert "alert" not in record.body
        assert "<" not in record.body
        assert "onerror" not in record.body


def test_rss_entry_with_javascript_link_keeps_article_but_drops_link(data_file):
    second = articles(parse_upload("feed.xml", data_file("feed.rss.xml")))[1]
    assert second.body == "The council approved the budget on Monday."
    assert second.url == ""


def test_rss_entry_without_text_gives_item_error_naming_the_entry(data_file):
    (error,) = errors(parse_upload("feed.xml", data_file("feed.rss.xml")))
    assert error.locator == "feed.xml entry 3"
    assert "no text" in error.reason


def test_atom_entry_becomes_article(data_file):
    (record,) = parse_upload("news.atom", data_file("feed.atom.xml"))
    assert record.title == "Talks stall in Geneva"
    assert record.url == "https://atom.example.com/talks-stall"
    assert record.outlet == "Example Atom News"
    assert record.byline == "John Roe"
    assert record.published_at == datetime(2025, 3, 30, 10, tzinfo=UTC)
    assert record.body.split("\n") == [
        "Negotiators left Geneva without an agreement on Sunday.",
        "“We will return next month,” envoy Maria Stone said.",
    ]


@pytest.mark.parametrize("fixture", ["billion_laughs.xml", "xxe.xml"])
def test_feed_declaring_entities_is_refused_whole(data_file, fixture):
    (error,) = parse_upload(fixture, data_file(fixture))
    assert isinstance(error, ItemError)
    assert error.locator == fixture
    assert "declares XML entities" in error.reason


def test_entity_declaration_is_refused_even_when_xml_is_broken_before_it():
    data = b"<?xml version='1.0'?>\n<<<\n<!DOCTYPE x [<!ENTITY a 'b'>]><rss><channel/></rss>"
    (error,) = parse_upload("feed.xml", data)
    assert isinstance(error, ItemError)
    assert "declares XML entities" in error.reason


def test_malformed_feed_without_entries_is_refused_with_position(data_file):
    (error,) = parse_upload("malformed.xml", data_file("malformed.xml"))
    assert isinstance(error, ItemError)
    assert error.reason.startswith("the feed is not well-formed XML (line 3")


def test_truncated_feed_reads_entries_and_warns(data_file):
    results = parse_upload("truncated.xml", data_file("truncated.xml"))
    warning = [e for e in errors(results) if e.locator == "truncated.xml"]
    assert len(warning) == 1
    assert "not well-formed" in warning[0].reason


@pytest.mark.parametrize(
    "data, reason",
    [
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>',
            "the feed has no entries",
        ),
        (b"<?xml version='1.0'?><catalog><book>x</book></catalog>", "not an RSS or Atom feed"),
    ],
)
def test_feed_problems_are_reported(data, reason):
    (error,) = parse_upload("f.xml", data, format="feed")
    assert isinstance(error, ItemError)
    assert reason in error.reason
