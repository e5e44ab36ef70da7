"""Cut an article body into paragraphs and headings with its quotes marked, from stored offsets.

Plain Python, no Django: templates escape every piece, and quotes are placed only by
their `start`/`end` offsets (never by searching for their text), so a quote that appears
twice in an article is marked where it was extracted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    mark: Any = None  # the object (a Quote) this piece highlights, or None for plain text


@dataclass(slots=True)
class Block:
    kind: str  # "p" or "h"
    start: int
    end: int
    pieces: list[Piece] = field(default_factory=list)


def _lines(body: str) -> Iterable[tuple[int, int]]:
    start = 0
    for line in body.split("\n"):
        end = start + len(line)
        if line.strip():
            yield start, end
        start = end + 1


def _pieces(body: str, start: int, end: int, spans: Sequence[tuple[int, int, Any]]) -> list[Piece]:
    pieces, cursor = [], start
    for span_start, span_end, mark in spans:
        span_start, span_end = max(span_start, cursor), min(span_end, end)
        if span_end <= span_start:
            continue  # outside this block, or overlapping a span already marked
        if span_start > cursor:
            pieces.append(Piece(body[cursor:span_start]))
        pieces.append(Piece(body[span_start:span_end], mark))
        cursor = span_end
    if cursor < end:
        pieces.append(Piece(body[cursor:end]))
    return pieces


def article_blocks(
    body: str, spans: Iterable[tuple[int, int, Any]], headings: Iterable[Sequence[int]] = ()
) -> list[Block]:
    """Every non-blank line of `body` as a paragraph or heading, with `spans` marked in it."""
    ordered = sorted(spans, key=lambda span: (span[0], span[1]))
    heading_starts = {int(heading[0]) for heading in headings if heading}
    blocks, index = [], 0
    for start, end in _lines(body):
        while index < len(ordered) and ordered[index][1] <= start:
            index += 1
        inside = [span for span in ordered[index:] if span[0] < end]
        kind = "h" if any(start <= heading < end for heading in heading_starts) else "p"
        blocks.append(Block(kind, start, end, _pieces(body, start, end, inside)))
    return blocks


def paragraph_around(body: str, start: int, end: int, mark: Any = True) -> Block:
    """The paragraph (line) holding body[start:end], with that span marked."""
    para_start = body.rfind("\n", 0, start) + 1
    para_end = body.find("\n", end)
    if para_end == -1:
        para_end = len(body)
    return Block("p", para_start, para_end, _pieces(body, para_start, para_end, [(start, end, mark)]))
