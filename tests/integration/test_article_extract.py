"""article_extract: quotes stored with offsets into the body, grouped into Claims across articles."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.extraction import ExtractedQuote
from articles.ingest import parse_upload
from articles.models import Article, Claim, FactCheck, Quote, Speaker
from articles.services import extraction as extraction_service
from articles.services.extraction import article_extract
from articles.services.imports import article_import
from articles.services.review import claim_accept, quote_correct
from tests.factories import make_article, make_factcheck

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
BAGHAEI_LINE = "There is no process of negotiation between Iran and the United States"
TRUMP_LINE = "I am totally open to it, and we’re talking to them, and we start a process."


def seed_record(prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    (record,) = parse_upload(f"seeds/{path.name}", path.read_bytes())
    return record


def article_with(body: str, **fields) -> Article:
    return make_article(body=body, extraction_status=Article.ExtractionStatus.PENDING, **fields)


@pytest.fixture
def engine(monkeypatch):
    """Stand in for the extraction engine, so a test of how quotes are stored says who spoke.

    `engine(body, "Jane Doe", None, ...)` attributes the quotations of `body`, in order;
    any other text gets its quotations with no speaker.
    """
    speakers_by_body: dict[str, tuple] = {}

    def extract(text, **kwargs):
        quotes, start, speakers = [], text.find("“"), iter(speakers_by_body.get(text, ()))
        while start != -1:
            end = text.index("”", start)
            quoted = text[start + 1 : end]
            quotes.append(ExtractedQuote(start=start + 1, end=end, text=quoted, speaker=next(speakers, None)))
            start = text.find("“", end)
        return quotes

    monkeypatch.setattr(extraction_service, "extract", extract)

    def attribute(body: str, *speakers: str | None) -> str:
        speakers_by_body[body] = speakers
        return body

    return attribute


def test_every_quote_points_into_the_body():
    article = article_import(record=seed_record("000")).article

    quotes = list(article.quotes.all())

    assert len(quotes) >= 9
    for quote in quotes:
        assert article.body[quote.start : quote.end] == quote.text
    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.DONE
    assert article.extracted_at is not None


def test_baghaeis_repeated_line_is_one_claim_with_two_appearances():
    article_import(record=seed_record("000"))

    claims = Claim.objects.filter(quotes__text__startswith=BAGHAEI_LINE).distinct()

    assert claims.count() == 1
    claim = claims.get()
    assert claim.speaker.name == "Esmaeil Baghaei"
    assert claim.appearance_count == 2 == claim.quotes.count()


def test_trumps_what_people_are_saying_quote_joins_his_earlier_claim():
    article_import(record=seed_record("000"))

    claim = Claim.objects.get(quotes__text=TRUMP_LINE)

    assert claim.speaker.name == "Donald Trump"
    assert claim.appearance_count == 2
    longer = claim.quotes.exclude(text=TRUMP_LINE).get()
    assert longer.text.startswith("Iran does want to make a deal.")
    # The claim reads as its fullest wording, and scores as its best appearance.
    assert claim.text == longer.text
    assert claim.checkworthiness == max(quote.checkworthiness for quote in claim.quotes.all())


def test_claims_keep_speakers_apart(engine):
    body = engine(
        "“Inflation fell to 2 percent last year,” Finance Minister Jane Doe said.\n\n"
        "“Inflation fell to 2 percent last year,” opposition leader Tom Price said.",
        "Jane Doe",
        "Tom Price",
    )
    article_extract(article=article_with(body))

    assert Claim.objects.count() == 2
    assert set(Claim.objects.values_list("speaker__name", flat=True)) == {"Jane Doe", "Tom Price"}


def test_a_repeat_in_another_article_joins_the_existing_claim(engine):
    first = article_with(
        engine("“We cut the deficit by 40 percent in two years,” Finance Minister Jane Doe said.", "Jane Doe"),
        published_at=datetime(2025, 3, 1, tzinfo=UTC),
    )
    second = article_with(
        engine("At the rally she repeated: “We cut the deficit by 40 percent in two years.”", "jane doe"),
        published_at=datetime(2025, 2, 1, tzinfo=UTC),
    )
    article_extract(article=first)
    article_extract(article=second)

    claim = Claim.objects.get()
    assert claim.appearance_count == 2
    assert set(claim.quotes.values_list("article", flat=True)) == {first.pk, second.pk}
    assert claim.first_appeared_at == datetime(2025, 2, 1, tzinfo=UTC)
    assert Speaker.objects.filter(name="Jane Doe").count() == 1


def test_a_paraphrase_that_contains_the_claim_joins_it_and_gives_it_the_fuller_wording(engine):
    article_extract(article=article_with(engine("“We hired 120 nurses this year,” Okafor said.", "Priya Okafor")))
    article_extract(
        article=article_with(
            engine("Okafor said: “We hired 120 nurses this year, and 40 more will start in May.”", "Priya Okafor")
        )
    )
    article_extract(article=article_with(engine("“Hospital waiting times are down,” she said.", "Priya Okafor")))

    claims = {claim.text: claim.appearance_count for claim in Claim.objects.all()}
    assert claims == {
        "We hired 120 nurses this year, and 40 more will start in May.": 2,
        "Hospital waiting times are down,": 1,
    }


def test_a_repeat_joins_a_claim_that_was_already_fact_checked():
    article_import(record=seed_record("000"))
    claim = Claim.objects.get(quotes__text=TRUMP_LINE)
    text_checked = claim.text
    make_factcheck(claim=claim, status=FactCheck.Status.PUBLISHED)
    Article.objects.all().delete()  # quotes go with their article; the claim and its verdict stay
    Claim.objects.filter(pk=claim.pk).update(appearance_count=0)

    article_import(record=seed_record("000"))

    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACCEPTED
    assert claim.quotes.count() == claim.appearance_count == 2
    assert claim.text == text_checked  # a reviewed claim keeps the wording its reviewers saw
    assert Claim.objects.filter(quotes__text=TRUMP_LINE).distinct().count() == 1


def test_re_extracting_an_article_changes_nothing():
    article = article_import(record=seed_record("000")).article
    before = list(Quote.objects.order_by("pk").values_list("pk", "claim_id", "start", "end", "speaker_id"))
    claims = list(Claim.objects.order_by("pk").values_list("pk", "text", "appearance_count"))

    again = article_extract(article=article)

    assert sorted(quote.pk for quote in again) == [row[0] for row in before]
    assert list(Quote.objects.order_by("pk").values_list("pk", "claim_id", "start", "end", "speaker_id")) == before
    assert list(Claim.objects.order_by("pk").values_list("pk", "text", "appearance_count")) == claims


def test_re_extraction_drops_quotes_no_longer_found_and_their_empty_claims(engine, monkeypatch):
    body = engine(
        "“We built 12 schools,” Mayor Ana Lima said. “Crime fell by half,” Lima added.", "Ana Lima", "Ana Lima"
    )
    article = article_with(body)
    article_extract(article=article)
    assert Quote.objects.count() == 2
    found = extraction_service.quotes_find(body=article.body)
    monkeypatch.setattr(extraction_service, "quotes_find", lambda **kwargs: found[:1])

    article_extract(article=article)

    assert list(Quote.objects.values_list("text", flat=True)) == ["We built 12 schools,"]
    assert Claim.objects.count() == 1


def test_an_engine_failure_marks_the_article_and_keeps_nothing_half_done(monkeypatch):
    article = article_with("“We built 12 schools,” Mayor Ana Lima said.")

    def broken(*args, **kwargs):
        raise RuntimeError("engine bug")

    monkeypatch.setattr(extraction_service, "extract", broken)
    assert article_extract(article=article) == []

    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.FAILED
    assert not Quote.objects.exists() and not Claim.objects.exists() and not Speaker.objects.exists()


def test_quotes_with_wrong_offsets_are_left_out(monkeypatch):
    article = article_with("“We built 12 schools,” Mayor Ana Lima said.")
    good = ExtractedQuote(start=1, end=20, text="We built 12 schools", speaker="Ana Lima")
    bad = ExtractedQuote(start=0, end=5, text="nope!", speaker="Ana Lima")
    monkeypatch.setattr(extraction_service, "extract", lambda *args, **kwargs: [good, bad])

    quotes = article_extract(article=article)

    assert [quote.text for quote in quotes] == ["We built 12 schools"]


def test_unattributed_quotes_group_only_when_worded_the_same(engine):
    body = "The sign read “No new taxes this year, or next.” Later a banner read “No new taxes this year, or next.”"
    article_extract(article=article_with(body))
    article_extract(article=article_with(body + " A third read “No new taxes this year.”"))

    claims = {claim.text: claim.appearance_count for claim in Claim.objects.filter(speaker__isnull=True)}
    # Without a speaker, "contains" is not enough to call two quotations one claim.
    assert claims == {"No new taxes this year, or next.": 4, "No new taxes this year.": 1}


def test_queries_do_not_grow_with_the_number_of_new_quotes(engine):
    def article_of(n: int, topic: str, first: int) -> Article:
        numbers = range(first, first + n)  # no two quotes alike enough to be one claim
        lines = [f"“We opened {i} new {topic} in {1900 + i},” Health Minister Priya Okafor said." for i in numbers]
        return article_with(engine("\n\n".join(lines), *["Priya Okafor"] * n))

    warm_up = "“Our hospitals need more nurses,” Okafor said."
    article_extract(article=article_with(engine(warm_up, "Priya Okafor")))  # the speaker exists from here on
    small, large = article_of(2, "clinics", first=0), article_of(12, "hospitals", first=10)
    with CaptureQueriesContext(connection) as small_queries:
        article_extract(article=small)
    with CaptureQueriesContext(connection) as large_queries:
        article_extract(article=large)

    assert Quote.objects.filter(article=large).count() == 12
    assert len(large_queries) == len(small_queries)


def test_re_extraction_keeps_a_speaker_an_editor_corrected(engine, checker):
    body = engine("“We built 12 schools,” the mayor said, according to Ana Lima.", "Ana Lima")
    article = article_with(body)
    (quote,) = article_extract(article=article)
    mayor = Speaker.objects.create(name="Omar Tarek", slug="omar-tarek")
    quote_correct(quote=quote, user=checker, speaker=mayor)

    again = article_extract(article=article)

    assert [(q.pk, q.speaker.name) for q in again] == [(quote.pk, "Omar Tarek")]
    assert list(Quote.objects.values_list("speaker__name", flat=True)) == ["Omar Tarek"]


def test_re_extraction_keeps_a_span_an_editor_corrected_and_adds_nothing_over_it(engine, checker):
    body = engine("“We built 12 schools, and we will build more,” Mayor Ana Lima said.", "Ana Lima")
    article = article_with(body)
    (quote,) = article_extract(article=article)
    quote_correct(quote=quote, user=checker, start=quote.start, end=quote.start + len("We built 12 schools"))

    again = article_extract(article=article)

    assert [q.text for q in again] == ["We built 12 schools"]
    assert list(Quote.objects.values_list("text", flat=True)) == ["We built 12 schools"]


def test_re_extraction_leaves_the_quotes_of_a_reviewed_claim_alone(engine, monkeypatch, checker):
    body = engine(
        "“We built 12 schools,” Mayor Ana Lima said. “Crime fell by half,” Lima added.", "Ana Lima", "Ana Lima"
    )
    article = article_with(body)
    first, second = article_extract(article=article)
    claim_accept(claim=first.claim, user=checker)
    monkeypatch.setattr(extraction_service, "quotes_find", lambda **kwargs: [])  # the engine no longer finds either

    article_extract(article=article)

    # The accepted claim keeps its appearance; the pending one, found no more, goes.
    assert list(Quote.objects.values_list("text", flat=True)) == ["We built 12 schools,"]
    assert Claim.objects.get().appearance_count == 1


def test_unnamed_sources_are_kept_as_descriptions_not_shared_speakers():
    first = article_with("“The plant will close in May,” a company spokesman said.")
    second = article_with(
        "“The plant will close in May,” a company spokesman said on Friday.", url="https://example.com/b"
    )
    (one,) = article_extract(article=first)
    (two,) = article_extract(article=second)

    # "A spokesman" in two articles need not be one person: nobody is credited, the
    # description is kept, and only identical wording groups the two.
    assert not Speaker.objects.exists()
    assert (one.speaker, one.speaker_role) == (None, "a company spokesman")
    assert two.speaker_role == "a company spokesman"


def test_the_queue_shows_an_unnamed_source_by_its_description(checker_client):
    article_extract(article=article_with("“The plant will close in May,” a company spokesman said."))

    page = checker_client.get("/workbench/claims/").content.decode()

    assert "Unnamed: a company spokesman" in page
