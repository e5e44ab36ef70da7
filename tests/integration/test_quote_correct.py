"""Correcting a quote's speaker or boundaries: text from the body, validation, claim fields refreshed."""

import pytest

from articles.models import AuditEvent
from articles.services.errors import ServiceError
from articles.services.review import quote_correct
from tests.factories import make_article, make_quote, make_speaker

pytestmark = pytest.mark.django_db

BODY = "Intro.\n“We built 12 new schools last year and hired 300 teachers,” the minister said.\nMore text."


def _quote(**kwargs):
    article = make_article(body=BODY)
    return make_quote(article=article, text="We built 12 new schools last year", **kwargs)


def test_new_boundaries_reread_the_text_from_the_article(checker):
    quote = _quote()
    end = BODY.index(",”")

    quote_correct(quote=quote, user=checker, end=end)

    quote.refresh_from_db()
    assert quote.text == "We built 12 new schools last year and hired 300 teachers"
    assert quote.text == BODY[quote.start : quote.end]
    quote.claim.refresh_from_db()
    assert quote.claim.text == quote.text


def test_blank_space_at_either_end_is_trimmed(checker):
    quote = _quote()
    newline, space = BODY.index("\n"), BODY.index(" the minister")

    quote_correct(quote=quote, user=checker, start=newline, end=space + 1)

    quote.refresh_from_db()
    assert (quote.start, quote.end) == (newline + 1, space)
    assert quote.text.startswith("“We built") and quote.text.endswith(",”")


def test_the_score_and_reasons_follow_the_new_wording(checker):
    quote = _quote(checkworthiness=0.01)

    quote_correct(quote=quote, user=checker, end=BODY.index(",”"))

    quote.refresh_from_db()
    assert quote.checkworthiness > 0.5 and "states a figure" in quote.reasons
    quote.claim.refresh_from_db()
    assert quote.claim.checkworthiness == quote.checkworthiness


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (10, 5, "must start before it ends"),
        (0, len(BODY) + 5, "inside the article"),
        (BODY.index("\n"), BODY.index("\n") + 1, "only blank space"),
    ],
)
def test_impossible_boundaries_are_refused(checker, start, end, message):
    quote = _quote()

    with pytest.raises(ServiceError, match=message):
        quote_correct(quote=quote, user=checker, start=start, end=end)


def test_a_span_overlapping_another_quote_is_refused(checker):
    quote = _quote()
    make_quote(article=quote.article, text="hired 300 teachers")

    with pytest.raises(ServiceError, match="overlaps another quote"):
        quote_correct(quote=quote, user=checker, end=BODY.index(",”"))


def test_changing_nothing_is_refused(checker):
    quote = _quote()

    with pytest.raises(ServiceError, match="Nothing to change"):
        quote_correct(quote=quote, user=checker, speaker=quote.speaker, start=quote.start, end=quote.end)


def test_correcting_the_speaker_of_the_only_appearance_corrects_the_claim(checker):
    quote = _quote()
    right = make_speaker(name="Ana Ruiz")

    quote_correct(quote=quote, user=checker, speaker=right)

    quote.claim.refresh_from_db()
    assert quote.claim.speaker == right
    event = AuditEvent.objects.get(claim=quote.claim, action="quote_corrected")
    assert event.changes["speaker"][1] == "Ana Ruiz"


def test_a_speaker_differing_from_the_other_appearances_must_be_split_off_first(checker):
    quote = _quote()
    other_article = make_article(body="“We built 12 new schools last year,” she said.")
    make_quote(article=other_article, text="We built 12 new schools last year", claim=quote.claim)

    with pytest.raises(ServiceError, match="Split this appearance off"):
        quote_correct(quote=quote, user=checker, speaker=make_speaker(name="Someone Else"))
