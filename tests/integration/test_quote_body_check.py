"""The database refuses a quote whose text is not the article body between its offsets, however it is written.

Migration 0007 checks once per statement on PostgreSQL (cutting a long body into
blocks), so these tests write many quotes at once, into short and long bodies, across
block boundaries, and through the import's own bulk insert; SQLite keeps its row
triggers and must refuse the same rows.
"""

import pytest
from django.db import IntegrityError, transaction

from articles.models import Quote
from articles.services.bulk_sql import rows_insert
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db

BLOCK = 200  # migration 0007's block length
LONG = 20_000  # and the body length above which it cuts blocks


def body_with_quotes(n: int) -> tuple[str, list[tuple[int, int]]]:
    """A body of `n` paragraphs with accented, dashed text and a quotation each; the quotations' spans."""
    parts, spans, at = [], [], 0
    for i in range(n):
        before = f"Paragraph {i} — the minister spoke.\r\n“"
        quote = f"We built {i} schools in Ñandú, café included, and 😀 more"
        parts.append(before + quote + ",” she said.\n\n")
        spans.append((at + len(before), at + len(before) + len(quote)))
        at += len(parts[-1])
    return "".join(parts), spans


def quote_rows(article, claim, spans, body) -> list[dict]:
    return [
        {"article_id": article.pk, "claim_id": claim.pk, "text": body[start:end], "start": start, "end": end}
        for start, end in spans
    ]


@pytest.fixture(params=[10, 400], ids=["short-body", "long-body"])
def article_with_spans(request):
    body, spans = body_with_quotes(request.param)
    assert (len(body) > LONG) == (request.param == 400)
    return make_article(body=body), spans


def test_many_right_quotes_are_stored_in_one_statement(article_with_spans):
    article, spans = article_with_spans
    claim = make_claim()

    rows_insert(Quote, quote_rows(article, claim, spans, article.body))

    stored = list(Quote.objects.filter(article=article))
    assert len(stored) == len(spans)
    assert all(article.body[quote.start : quote.end] == quote.text for quote in stored)


@pytest.mark.parametrize("wrong", ["text", "past-end"])
def test_one_wrong_quote_among_many_refuses_the_whole_statement(article_with_spans, wrong):
    article, spans = article_with_spans
    claim = make_claim()
    rows = quote_rows(article, claim, spans, article.body)
    bad = rows[len(rows) * 2 // 3]
    if wrong == "text":
        bad["text"] = bad["text"].replace("schools", "school!")  # same length, other words
    else:
        length = len(article.body)
        bad.update(start=length - 2, end=length + 3, text="d.\n\n" + "x")

    with pytest.raises(IntegrityError), transaction.atomic():
        rows_insert(Quote, rows)

    assert not Quote.objects.exists()


def test_quotes_across_block_boundaries_are_checked_whole():
    body, _ = body_with_quotes(400)
    article, claim = make_article(body=body), make_claim()
    # Spans that start and end inside different blocks, one of them several blocks long.
    spans = [(BLOCK - 10, BLOCK + 10), (3 * BLOCK - 1, 3 * BLOCK + 1), (5 * BLOCK + 7, 9 * BLOCK + 3)]
    rows = quote_rows(article, claim, spans, body)
    rows_insert(Quote, rows)
    assert Quote.objects.count() == 3

    off_by_one = [{**row, "start": row["start"] + 1000, "end": row["end"] + 1000} for row in rows]
    with pytest.raises(IntegrityError), transaction.atomic():
        rows_insert(Quote, off_by_one)  # the same texts, moved: the body there says something else
    assert Quote.objects.count() == 3


def test_an_update_that_moves_many_quotes_off_their_text_is_refused(article_with_spans):
    article, spans = article_with_spans
    rows_insert(Quote, quote_rows(article, make_claim(), spans, article.body))
    quotes = list(Quote.objects.filter(article=article).order_by("start"))
    for quote in quotes:
        quote.checkworthiness = 0.9  # fine: the spans do not move
    Quote.objects.bulk_update(quotes, ["checkworthiness"])
    quotes[-1].start, quotes[-1].end = quotes[-1].start + 1, quotes[-1].end + 1

    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.bulk_update(quotes, ["start", "end"])

    assert Quote.objects.filter(checkworthiness=0.9).count() == len(spans)
    assert all(article.body[q.start : q.end] == q.text for q in Quote.objects.filter(article=article))
