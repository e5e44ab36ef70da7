"""The database itself refuses data that would break quote offsets or the review rules."""

import pytest
from django.db import IntegrityError, transaction

from articles.models import Article, Claim, Quote, Rating
from tests.factories import make_article, make_claim, make_quote


def _quote(article, claim, **fields):
    defaults = {"fingerprint": "f", "checkworthiness": 0.5}
    defaults.update(fields)
    with transaction.atomic():
        return Quote.objects.create(article=article, claim=claim, speaker=claim.speaker, **defaults)


@pytest.fixture
def article(db):
    return make_article(body="The minister said “taxes fell by 3%” on Monday.")


S = 19  # where "taxes fell by 3%" starts in the body below


@pytest.mark.parametrize(
    "fields",
    [
        {"text": "taxes fell by 4%", "start": S, "end": S + 16},  # text differs from the body
        {"text": "x", "start": 500, "end": 501},  # beyond the end of the body
        {"text": "taxes", "start": S, "end": S + 16},  # span length and text disagree
        {"text": "", "start": S, "end": S},  # empty span
    ],
    ids=["text-differs", "past-end", "length-mismatch", "empty"],
)
def test_quote_must_match_the_article_body(article, fields):
    claim = make_claim(text="taxes fell by 3%")
    with pytest.raises(IntegrityError):
        _quote(article, claim, **fields)
    assert not Quote.objects.exists()


def test_offsets_constant_matches_the_fixture(article):
    assert article.body[S : S + 16] == "taxes fell by 3%"


def test_quote_matching_the_body_is_stored(article):
    claim = make_claim(text="taxes fell by 3%")
    quote = _quote(article, claim, text="taxes fell by 3%", start=S, end=S + 16)
    assert article.body[quote.start : quote.end] == quote.text


def test_moving_a_quote_off_its_text_is_refused(article):
    claim = make_claim(text="taxes fell by 3%")
    quote = _quote(article, claim, text="taxes fell by 3%", start=S, end=S + 16)
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.filter(pk=quote.pk).update(start=S + 1, end=S + 17)


def test_article_body_cannot_change_once_imported(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(body="Rewritten history.")
    article.refresh_from_db()
    assert "taxes fell" in article.body


def test_article_url_and_content_hash_are_unique(db):
    first = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(url=first.url)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(content_hash=first.content_hash)


def test_rejecting_a_claim_requires_a_reason(db):
    claim = make_claim()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.REJECTED, rejection_reason="")
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.REJECTED, rejection_reason="opinion")


def test_scores_stay_between_zero_and_one(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_claim(checkworthiness=1.5)


def test_default_rating_scale_is_seeded_in_order(db):
    labels = list(Rating.objects.values_list("label", flat=True))
    assert labels[0] == "True" and "False" in labels and labels[-1] == "Unverifiable"
    assert Rating.objects.get(slug="unverifiable").value is None


def test_factory_quote_points_into_its_article(db):
    quote = make_quote()
    assert quote.article.body[quote.start : quote.end] == quote.text
