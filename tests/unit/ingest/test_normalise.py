import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.ingest import content_hash, normalise_body

CANONICAL = "Iran’s Position\n\n“We will not talk,” he said.\nCafé talks resume."


@pytest.mark.parametrize(
    "variant",
    [
        CANONICAL,
        CANONICAL.replace("\n", "\r\n"),
        CANONICAL.replace("\n", "\r"),
        CANONICAL.replace("\n", "   \n").replace("said.", "said.\t"),
        "\n\n  " + CANONICAL.replace("\n\n", "\n\n\n\n") + "\n\n\n",
        unicodedata.normalize("NFD", CANONICAL),
        CANONICAL.replace("\n", "\u2028"),
    ],
)
def test_content_hash_ignores_line_endings_trailing_space_blank_runs_and_composition(variant):
    assert normalise_body(variant) == normalise_body(CANONICAL)
    assert content_hash(variant) == content_hash(CANONICAL)


@pytest.mark.parametrize(
    "other",
    [
        CANONICAL.replace("said", "says"),
        CANONICAL.replace("\n\n", "\n"),
        CANONICAL.replace("Café", "Cafe"),
    ],
)
def test_content_hash_changes_when_the_words_or_paragraphs_change(other):
    assert content_hash(other) != content_hash(CANONICAL)


def test_content_hash_is_sha256_hex():
    digest = content_hash("x")
    assert len(digest) == 64
    assert int(digest, 16) >= 0


def test_normalise_keeps_leading_indentation_inside_the_text():
    assert normalise_body("a\n  b") == "a\n  b"


@settings(max_examples=200)
@given(st.text())
def test_normalise_is_idempotent(text):
    once = normalise_body(text)
    assert normalise_body(once) == once
    assert content_hash(text) == content_hash(once)
