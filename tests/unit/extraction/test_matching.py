"""Grouping repeated claims: fingerprint for exact repeats, same_claim for the rest."""

import json
from pathlib import Path

import pytest

from articles.extraction import extract, fingerprint, same_claim

GOLD = Path(__file__).resolve().parents[2] / "data" / "seeds_gold.jsonl"


def _seed_quotes(doc_id_prefix):
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        if doc["id"].startswith(doc_id_prefix):
            return extract(doc["text"])
    raise AssertionError(doc_id_prefix)


def test_repeated_line_in_seed_gets_one_fingerprint_and_counts_as_same_claim():
    quotes = [q for q in _seed_quotes("000") if q.speaker == "Esmaeil Baghaei"]
    repeats = [q for q in quotes if q.text.startswith("There is no process")]
    assert len(repeats) == 2
    assert repeats[0].fingerprint == repeats[1].fingerprint
    assert same_claim(repeats[0].text, repeats[1].text)


def test_longer_repetition_in_the_list_contains_the_earlier_quote():
    trump = [q for q in _seed_quotes("000") if q.speaker == "Donald Trump"]
    earlier = next(q for q in trump if q.text.startswith("I am totally open"))
    listed = next(q for q in trump if q.text.startswith("Iran does want"))
    assert same_claim(earlier.text, listed.text)
    assert same_claim(listed.text, earlier.text)


def test_unrelated_quotes_in_the_seed_are_different_claims():
    quotes = {q.text[:20]: q.text for q in _seed_quotes("000")}
    baghaei = quotes["There is no process "]
    grossi = next(t for k, t in quotes.items() if k.startswith("Our inspectors"))
    assert not same_claim(baghaei, grossi)
    assert fingerprint(baghaei) != fingerprint(grossi)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("“We will win.”", "we will WIN"),
        ("The tax cut pays for itself.", "the tax cut pays for itself,"),
        ("Iran’s economy grew", "Iran's economy grew"),
    ],
)
def test_fingerprint_ignores_case_marks_punctuation_and_apostrophe_style(a, b):
    assert fingerprint(a) == fingerprint(b)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            "Unemployment fell to 4 percent last year.",
            "unemployment fell to 4 percent last year",
            True,
        ),
        (
            "Unemployment fell to 4 percent last year.",
            "As I said, unemployment fell to 4 percent last year, and wages rose.",
            True,
        ),
        (
            "Unemployment fell to 4 percent last year.",
            "Unemployment fell to four percent in the last year.",
            True,
        ),
        ("Unemployment fell to 4 percent last year.", "Crime rose sharply in the capital.", False),
        ("No.", "No way we would ever agree to that deal.", False),
        ("fake news", "That story is fake news, he said.", True),
        ("fake news", "The news was not fake at all.", False),
        ("", "Anything at all.", False),
        # Another figure or a "not" makes another claim, however many words are shared.
        ("Unemployment fell to 4 percent last year.", "Unemployment fell to 6 percent last year.", False),
        ("We will raise taxes on the middle class.", "We will not raise taxes on the middle class.", False),
        ("We didn't cut the budget by 10 percent.", "We cut the budget by 10 percent.", False),
        # Quoted whole inside a longer quotation, extra figures around it do not matter.
        ("We will not raise taxes.", "We will not raise taxes, and we will never cut pensions by 5 percent.", True),
    ],
)
def test_same_claim_handles_containment_paraphrase_and_short_texts(a, b, expected):
    assert same_claim(a, b) is expected
