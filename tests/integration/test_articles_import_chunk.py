"""articles_import_chunk: a chunk of articles in a constant number of queries, each article still all or nothing."""

import importlib.util
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from articles.ingest import ArticleRecord, SourceRecord, parse_upload
from articles.models import Article, Claim, Outlet, Quote, Source, Speaker, SpeakerAlias
from articles.services import extraction as extraction_service
from articles.services.bulk_import import CREATED, FAILED, UNCHANGED, articles_import_chunk
from articles.services.imports import article_import

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
WRITTEN = (Article, Outlet, Source, Speaker, SpeakerAlias, Claim, Quote)


def generated(n: int, seed: int = 0) -> list[ArticleRecord]:
    """`n` articles from the import benchmark's generator: shared speakers, repeated and paraphrased quotes."""
    spec = importlib.util.spec_from_file_location("ingest_generate", ROOT / "bench" / "ingest_generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    lines = "\n".join(__import__("json").dumps(article) for article in module.generate(n, seed))
    return [record for record in parse_upload("generated.jsonl", lines.encode()) if isinstance(record, ArticleRecord)]


def story(n: int, *, tag: str, **fields) -> ArticleRecord:
    """An article quoting a speaker of its own and a speaker every story shares, citing two sources."""
    body = (
        f"Story {tag}-{n}. “We opened {n} new clinics in {tag} district {n},” "
        f"Health Minister Person{tag}{n} Doe said.\n\n"
        f"“Waiting lists are down 12 percent this year,” said Mayor Ana Lima.\n"
    )
    defaults = {
        "title": f"Story {tag} {n}",
        "body": body,
        "url": f"https://{tag}.example/{n}",
        "outlet": f"The {tag.title()} Courier",
        "published_at": datetime(2025, 4, 2, tzinfo=UTC) + timedelta(days=n),
        "sources": (
            SourceRecord(outlet="Gov", title=f"Statement {tag} {n}"),
            SourceRecord(outlet="", title="Shared report", url=f"https://gov.example/{tag}/report"),
        ),
        "locator": f"{tag}.csv row {n + 2}",
    }
    return ArticleRecord(**{**defaults, **fields})


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WRITTEN}


def grouping() -> set[tuple]:
    """Every claim as its speaker, wording, score, count, first date and appearances (by article and span)."""
    return {
        (
            claim.speaker.name if claim.speaker else None,
            claim.text,
            claim.checkworthiness,
            claim.appearance_count,
            claim.first_appeared_at,
            frozenset((quote.article.url, quote.start, quote.end) for quote in claim.quotes.all()),
        )
        for claim in Claim.objects.select_related("speaker").prefetch_related("quotes__article")
    }


def test_a_chunk_is_stored_in_the_same_number_of_queries_whatever_its_size():
    articles_import_chunk(records=[story(0, tag="warmup")])  # Ana Lima and her claim exist from here on
    with CaptureQueriesContext(connection) as small:
        outcomes = articles_import_chunk(records=[story(n, tag="small") for n in range(3)])
    with CaptureQueriesContext(connection) as large:
        outcomes += articles_import_chunk(records=[story(n, tag="large") for n in range(30)])

    assert [outcome.status for outcome in outcomes] == [CREATED] * 33
    assert Article.objects.count() == 34
    assert Speaker.objects.filter(name__startswith="Person").count() == 34
    assert Claim.objects.get(speaker__name="Ana Lima").appearance_count == 34
    assert len(large) == len(small)
    assert len(large) <= 40


def test_a_bad_record_fails_alone_with_its_reason_and_the_others_are_stored():
    records = [
        story(0, tag="ok"),
        story(1, tag="ok", title="  "),
        story(2, tag="ok"),
        story(3, tag="ok", url="javascript:alert(1)"),
        story(4, tag="ok"),
    ]

    outcomes = articles_import_chunk(records=records)

    assert [outcome.status for outcome in outcomes] == [CREATED, FAILED, CREATED, FAILED, CREATED]
    assert outcomes[1].error == "the article has no title"
    assert "not a web address" in outcomes[3].error
    assert outcomes[1].article is None
    assert set(Article.objects.values_list("title", flat=True)) == {"Story ok 0", "Story ok 2", "Story ok 4"}
    assert all(outcome.article.quotes.count() == 2 for outcome in outcomes if outcome.status == CREATED)


def test_an_article_the_database_refuses_is_reported_and_leaves_nothing_while_the_others_are_kept(monkeypatch):
    real_store = extraction_service.quotes_store

    def store_refusing_poison(*, extracted, **kwargs):
        real_store(extracted=extracted, **kwargs)  # rows written, then the database says no
        if any(article.title == "Poison" for article, _ in extracted):
            raise IntegrityError("simulated refusal after partial writes")

    monkeypatch.setattr(extraction_service, "quotes_store", store_refusing_poison)
    records = [story(0, tag="kept"), story(1, tag="kept", title="Poison"), story(2, tag="kept")]

    outcomes = articles_import_chunk(records=records)

    assert [outcome.status for outcome in outcomes] == [CREATED, FAILED, CREATED]
    assert outcomes[1].error == "the article could not be saved (the database refused it); nothing of it was kept"
    assert not Article.objects.filter(title="Poison").exists()
    assert not Speaker.objects.filter(name="Personkept1 Doe").exists()
    assert not Source.objects.filter(title="Statement kept 1").exists()
    assert Quote.objects.count() == 4 and Claim.objects.get(speaker__name="Ana Lima").appearance_count == 2


def test_reimporting_a_chunk_changes_nothing():
    records = [story(n, tag="again") for n in range(5)]
    first = articles_import_chunk(records=records)
    counts, claims = row_counts(), grouping()

    again = articles_import_chunk(records=records)

    assert [outcome.status for outcome in again] == [UNCHANGED] * 5
    assert [outcome.article.pk for outcome in again] == [outcome.article.pk for outcome in first]
    assert row_counts() == counts
    assert grouping() == claims


def test_repeats_inside_a_chunk_are_stored_once_and_a_changed_text_at_a_known_address_is_refused():
    original = story(0, tag="dup")
    stored = articles_import_chunk(records=[story(9, tag="dup")])[0].article
    records = [
        original,
        ArticleRecord(title="Mirror", body=original.body, url="https://mirror.example/0", locator="row 3"),
        ArticleRecord(title="Changed", body=original.body + " Corrected.", url=original.url, locator="row 4"),
        ArticleRecord(title="Changed again", body="Another text.", url=stored.url, locator="row 5"),
    ]

    outcomes = articles_import_chunk(records=records)

    assert [outcome.status for outcome in outcomes] == [CREATED, UNCHANGED, FAILED, FAILED]
    assert outcomes[1].article == outcomes[0].article
    assert original.url in outcomes[2].error and "not overwritten" in outcomes[2].error
    assert stored.url in outcomes[3].error and f"#{stored.pk}" in outcomes[3].error
    assert Article.objects.count() == 2


def test_an_engine_failure_stores_its_article_as_extraction_failed_and_the_others_with_quotes(monkeypatch):
    real_extract = extraction_service.extract

    def extract_failing_on_bad(text, **kwargs):
        if "Story bad-1" in text:
            raise RuntimeError("engine bug")
        return real_extract(text, **kwargs)

    monkeypatch.setattr(extraction_service, "extract", extract_failing_on_bad)

    outcomes = articles_import_chunk(records=[story(n, tag="bad") for n in range(3)])

    assert [outcome.status for outcome in outcomes] == [CREATED] * 3
    statuses = dict(Article.objects.values_list("title", "extraction_status"))
    assert statuses == {"Story bad 0": "done", "Story bad 1": "failed", "Story bad 2": "done"}
    assert not outcomes[1].article.quotes.exists() and outcomes[2].article.quotes.count() == 2


def test_a_chunk_groups_claims_exactly_as_importing_its_articles_one_by_one():
    records = generated(40)
    for record in records:
        article_import(record=record)
    one_by_one = grouping()
    assert len(one_by_one) < Quote.objects.count()  # some quotations did group
    for model in (Quote, Claim, Article, SpeakerAlias, Speaker):
        model.objects.all().delete()

    for start in range(0, len(records), 15):
        articles_import_chunk(records=records[start : start + 15])

    assert grouping() == one_by_one
