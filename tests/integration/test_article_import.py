"""article_import: one article with its Outlet, Sources and quotes, all or nothing, never overwritten."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import IntegrityError

from articles.ingest import ArticleRecord, SourceRecord, parse_upload
from articles.models import Article, Claim, ImportBatch, Outlet, Quote, Source, Speaker
from articles.services import extraction as extraction_service
from articles.services.errors import ServiceError
from articles.services.imports import CREATED, UNCHANGED, ImportConflict, article_import
from tests.factories import make_outlet, make_source

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
MODELS = (Article, Outlet, Source, Speaker, Claim, Quote)


def seed_record(prefix: str) -> ArticleRecord:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    (record,) = parse_upload(f"seeds/{path.name}", path.read_bytes())
    return record


def record(**fields) -> ArticleRecord:
    defaults = {
        "title": "Council approves budget",
        "body": "The council approved the budget. “We cut the deficit by 40 percent,” Mayor Ana Lima said.",
        "url": "https://courier.example/budget",
        "outlet": "The Harbour Courier",
        "published_at": datetime(2025, 4, 2, tzinfo=UTC),
        "locator": "upload.csv row 2",
    }
    return ArticleRecord(**{**defaults, **fields})


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_003_is_dated_and_cites_three_sources_with_their_outlets():
    outcome = article_import(record=seed_record("003"))

    article = outcome.article
    assert outcome.status == CREATED
    assert article.published_at.date().isoformat() == "2025-03-30"
    sources = {source.outlet.name: source.title for source in article.sources.select_related("outlet")}
    assert set(sources) == {"Townhall", "Politico", "Euronews"}
    assert sources["Politico"] == "In response to Trump’s letter, Iran rejects direct negotiations"
    assert set(Outlet.objects.values_list("name", flat=True)) == {"Townhall", "Politico", "Euronews"}
    assert "Be the first to comment" not in article.body
    assert "SOURCES:" not in article.body


def test_the_article_keeps_its_metadata_and_outlet():
    article = article_import(record=record(byline="Ana Reporter")).article

    assert (article.title, article.url, article.byline) == (
        "Council approves budget",
        "https://courier.example/budget",
        "Ana Reporter",
    )
    assert article.outlet.name == "The Harbour Courier"
    assert article.outlet.slug == "the-harbour-courier"
    assert article.quotes.count() == 1


def test_importing_the_same_article_again_changes_nothing():
    first = article_import(record=record())
    counts = row_counts()

    again = article_import(record=record(title="A new headline for the same story"))

    assert again.status == UNCHANGED
    assert again.article == first.article
    assert row_counts() == counts
    assert Article.objects.get().title == "Council approves budget"


def test_the_same_text_under_another_address_is_unchanged():
    first = article_import(record=record())

    again = article_import(record=record(url="https://mirror.example/budget", body=first.article.body + "\r\n\n\n"))

    assert again.status == UNCHANGED
    assert Article.objects.count() == 1


def test_a_changed_text_at_a_known_address_is_reported_not_overwritten():
    original = article_import(record=record()).article
    counts = row_counts()

    with pytest.raises(ImportConflict) as refused:
        article_import(record=record(body="A corrected text. “We cut the deficit by 30 percent,” Lima said."))

    assert "https://courier.example/budget" in refused.value.message
    assert "not overwritten" in refused.value.message
    original.refresh_from_db()
    assert original.body.startswith("The council approved the budget.")
    assert row_counts() == counts


def test_outlets_are_matched_whatever_their_case():
    existing = make_outlet(name="Politico", slug="politico")

    article = article_import(record=record(outlet="POLITICO")).article

    assert article.outlet == existing
    assert Outlet.objects.count() == 1


def test_sources_are_shared_between_articles_that_cite_them():
    cited = (
        SourceRecord(outlet="Politico", title="Iran rejects direct negotiations"),
        SourceRecord(outlet="", title="Ministry statement", url="https://gov.example/statement"),
    )
    first = article_import(record=record(sources=cited)).article
    second = article_import(
        record=record(url="https://courier.example/other", body="Another story entirely.", sources=cited)
    ).article

    assert Source.objects.count() == 2
    assert set(first.sources.all()) == set(second.sources.all())
    assert Source.objects.get(url="https://gov.example/statement").outlet is None


def test_a_source_found_by_its_address_is_reused():
    existing = make_source(url="https://gov.example/statement", title="The statement")

    article = article_import(
        record=record(sources=(SourceRecord(outlet="Gov", title="Other title", url="https://gov.example/statement"),))
    ).article

    assert list(article.sources.all()) == [existing]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"title": "  "}, "no title"),
        ({"url": "javascript:alert(1)"}, "not a web address"),
        ({"url": "https://example.com/" + "a" * 1000}, "longer than 1000"),
        ({"published_at": datetime(2025, 4, 2)}, "time zone"),  # noqa: DTZ001 - the point of the test
        ({"headings": ((5, 9999),)}, "heading"),
    ],
)
def test_a_record_the_database_would_refuse_gets_a_clear_message(fields, message):
    with pytest.raises(ServiceError) as refused:
        article_import(record=record(**fields))

    assert message in refused.value.message
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_a_failure_while_storing_quotes_leaves_no_rows_behind(monkeypatch):
    def failing_store(**kwargs):
        Speaker.objects.create(name="Half Written", slug="half-written")
        raise IntegrityError("simulated failure after partial writes")

    monkeypatch.setattr(extraction_service, "quotes_store", failing_store)
    cited = (SourceRecord(outlet="Politico", title="Iran rejects direct negotiations"),)

    with pytest.raises(IntegrityError):
        article_import(record=record(sources=cited))

    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_the_article_remembers_its_batch():
    batch = ImportBatch.objects.create()

    article = article_import(record=record(), batch=batch).article

    assert article.import_batch == batch
