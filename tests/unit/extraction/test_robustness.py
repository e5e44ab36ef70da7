"""Arbitrary and hostile input: never crash, valid offsets, deterministic, linear.

Speed itself is measured in bench/bench_extraction.sh; these tests check that
large and pathological inputs come back with correct results, and the regexes
are written without nested quantifiers so that they cannot backtrack.
"""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.extraction import extract

_ALPHABET = string.ascii_letters + string.digits + " \n\t.,;:!?-—()" + "\"'“”‘’«»„" + "éüßİ\u00a0"
_news_like = st.text(alphabet=_ALPHABET, max_size=400)
_words = st.lists(
    st.sampled_from(
        [
            "“",
            "”",
            '"',
            "'",
            "‘",
            "’",
            "said",
            "he",
            "she",
            "Jane",
            "Doe",
            "told",
            ",",
            ".",
            ":",
            "\n",
            "\n\n",
            "President",
            "the",
            "Ministry",
            "spokesman",
            "according",
            "to",
            "What",
            "People",
            "Are",
            "Saying",
            "«",
            "»",
            "It's",
            "’90s",
        ]
    ),
    max_size=80,
).map(" ".join)


def _check(text):
    found = extract(text)
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.speaker is None or q.speaker.lower() not in {"he", "she", "they", "it", "i", "we"}
        assert q.kind in {"direct", "partial"}
        assert 0.0 <= q.checkworthiness <= 1.0
    assert [q.start for q in found] == sorted(q.start for q in found)
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_news_like)
def test_arbitrary_text_never_crashes_and_offsets_are_valid(text):
    _check(text)


@settings(max_examples=150, deadline=None)
@given(_words)
def test_quote_and_cue_soup_never_crashes_and_offsets_are_valid(text):
    _check(text)


@settings(max_examples=60, deadline=None)
@given(_words)
def test_extraction_is_deterministic(text):
    assert extract(text) == extract(text)


def test_hundred_thousand_quotation_marks():
    for text in ('"' * 100_000, "“ ” " * 50_000, "‘a’ " * 25_000 + "'" * 50_000):
        _check(text)


def test_one_megabyte_without_whitespace():
    assert _check("x" * 1_000_000) == []
    found = _check("a“b”c" * 200_000)
    assert found == [] or all(q.text == "b" for q in found)


def test_five_megabytes_of_ordinary_text_finds_every_planted_quotation():
    paragraph = (
        "The committee met on Tuesday to review the budget, which has grown every year "
        "since the programme began. Members asked for more detail on spending.\n\n"
    )
    quote = "“Spending rose 4 percent,” Finance Minister Lena Hartmann told reporters.\n\n"
    block = paragraph * 9 + quote
    text = block * (5_000_000 // len(block) + 1)
    found = _check(text)
    assert len(found) == text.count(quote)
    assert {q.speaker for q in found} == {"Lena Hartmann"}


def test_empty_and_blank_input_yield_nothing():
    assert extract("") == []
    assert extract(" \n\n\t") == []
