"""Marking quotes in an article body from their offsets (articles.highlight, no database)."""

import pytest

from articles.highlight import article_blocks, paragraph_around

BODY = "Heading\n“We built 12 schools,” she said.\n\n“Taxes fell,” he said, and “taxes fell” again."


def _marked(block):
    return [(piece.text, piece.mark) for piece in block.pieces if piece.mark]


def test_lines_become_paragraphs_and_headings_and_blank_lines_vanish():
    blocks = article_blocks(BODY, [], headings=[[0, 7]])

    assert [(block.kind, BODY[block.start : block.end]) for block in blocks] == [
        ("h", "Heading"),
        ("p", "“We built 12 schools,” she said."),
        ("p", "“Taxes fell,” he said, and “taxes fell” again."),
    ]


def test_quotes_are_marked_where_their_offsets_say_not_where_the_text_first_occurs():
    second = BODY.index("taxes fell")
    blocks = article_blocks(BODY, [(second, second + 10, "Q2")])

    assert _marked(blocks[2]) == [("taxes fell", "Q2")]
    assert "".join(piece.text for piece in blocks[2].pieces) == "“Taxes fell,” he said, and “taxes fell” again."


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([(9, 28, "A"), (12, 20, "B")], [("We built 12 schools", "A")]),  # nested: the outer one wins
        ([(9, 20, "A"), (15, 28, "B")], [("We built 12", "A"), (" schools", "B")]),  # overlapping: clipped
    ],
)
def test_overlapping_spans_never_duplicate_text(spans, expected):
    block = article_blocks(BODY, spans)[1]

    assert _marked(block) == expected
    assert "".join(piece.text for piece in block.pieces) == "“We built 12 schools,” she said."


def test_a_span_across_lines_is_marked_in_each_line():
    start, end = BODY.index("said."), BODY.index("he said,")
    blocks = article_blocks(BODY, [(start, end, "Q")])

    assert _marked(blocks[1]) == [("said.", "Q")]
    assert _marked(blocks[2]) == [("“Taxes fell,” ", "Q")]


def test_paragraph_around_keeps_the_whole_line_and_marks_only_the_span():
    start = BODY.index("We built")
    block = paragraph_around(BODY, start, start + 19)

    assert [(piece.text, bool(piece.mark)) for piece in block.pieces] == [
        ("“", False),
        ("We built 12 schools", True),
        (",” she said.", False),
    ]


def test_paragraph_around_the_last_line():
    start = BODY.rindex("again")
    block = paragraph_around(BODY, start, start + 5)

    assert block.end == len(BODY) and block.pieces[-1].text == "."
