"""Plain-text articles, as copied out of a browser or a newsroom system.

What is recognised, and only near the top of the file (before the first real paragraph):
a headline (a short first line that does not end like a sentence), a ``Published March 30,
2025`` line (stray leading characters such as ``|`` are tolerated; "Updated" is used only
when there is no "Published"), and a ``By Jane Doe`` byline. Those lines are removed from the
body. Anywhere in the text, short title-like lines between paragraphs ("Why It Matters",
"A Path Forward?") are kept as their own lines and reported as heading spans, so later
stages do not mistake them for sentences or speakers. A trailing ``SOURCES:`` block becomes
:class:`SourceRecord` entries, and page furniture ("Be the first to comment") is dropped.

When there is no headline, the title is taken from the file name if the name has at least
three real words (``iran-rejects-talks.txt``), otherwise from the article's first sentence,
shortened to about 100 characters. The outlet is left empty: plain text rarely says reliably
which outlet published it ("Newsweek has contacted…" is a hint, not proof), and a wrong outlet
is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

from .dates import find_leading_date
from .furniture import is_page_furniture
from .limits import MAX_BYLINE_CHARS, MAX_TITLE_CHARS
from .normalise import normalise_body
from .records import ArticleRecord, Rejected, SourceRecord
from .sources import find_sources_block, parse_sources_block


@dataclass(frozen=True)
class PlainStructure:
    """A plain-text body after furniture and sources removal, with its heading spans."""

    body: str
    headings: tuple[tuple[int, int], ...]
    sources: tuple[SourceRecord, ...]


_DATE_LINE = re.compile(
    r"^\W{0,3}(?P<label>first published|published|last updated|updated|posted)"
    r"(?:\s+on)?\s*:?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
_FULL_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}"
_BYLINE = re.compile(
    rf"^\W{{0,3}}(?:by|By|BY)\s+(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_FULL_NAME})*)"
    r"\s*(?:[,|–—-].*)?$"
)
_SMALL_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "but",
    "by",
    "for",
    "from",
    "in",
    "into",
    "is",
    "nor",
    "of",
    "on",
    "or",
    "over",
    "the",
    "to",
    "vs",
    "vs.",
    "via",
    "with",
    "are",
    "was",
    "be",
}
_SENTENCE_END = re.compile(r"""[.!?]["”’')\]]*$""")
_ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Z]\.){2,}|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov)\.)$")
_OPENING_MARKS = "\"“‘'«(-–—•*[>"
_CLOSING_MARKS = "\"”’'»)]"
_MAX_HEADING_CHARS = 90
_MAX_HEADING_WORDS = 10
_MAX_HEADLINE_CHARS = 200
_MAX_HEADLINE_WORDS = 25
_TOP_MATTER_LINES = 8
_FALLBACK_TITLE_CHARS = 100
_GENERIC_NAME_WORDS = {
    "article",
    "articles",
    "copy",
    "doc",
    "document",
    "download",
    "file",
    "new",
    "page",
    "story",
    "text",
    "txt",
    "untitled",
    "seed",
    "final",
    "draft",
}


def parse_text(name: str, text: str) -> ArticleRecord:
    """Parse one plain-text article; ``name`` is the file name, used as the locator.

    Raises :class:`Rejected` when nothing but furniture, dates and headline is left.
    """
    lines = normalise_body(text).split("\n")
    drop: set[int] = set()
    published: datetime | None = None
    updated: datetime | None = None
    byline = ""
    title = ""
    for index in _top_matter(lines):
        line = lines[index]
        date_match = _DATE_LINE.match(line.strip())
        if date_match:
            found = find_leading_date(date_match["rest"])
            if found is not None:
                drop.add(index)
                if date_match["label"].lower() in {"published", "first published", "posted"}:
                    published = published or found
                else:
                    updated = updated or found
                continue
        if find_leading_date(line.strip(" |•·-–—")) and len(line.split()) <= 6:
            published = published or find_leading_date(line.strip(" |•·-–—"))
            drop.add(index)
            continue
        byline_match = _BYLINE.match(line.strip())
        if byline_match and not byline and _looks_like_byline(line):
            byline = byline_match["names"].strip()[:MAX_BYLINE_CHARS]
            drop.add(index)
            continue
        if not title and index == _first_kept(lines, drop) and _looks_like_headline(line, lines[index + 1 :]):
            title = " ".join(line.split())[:MAX_TITLE_CHARS]
            drop.add(index)
    kept = [line for index, line in enumerate(lines) if index not in drop]
    structure = structure_plain_text("\n".join(kept))
    if not structure.body:
        raise Rejected("the file has no article text (only a headline, dates or page furniture)")
    return ArticleRecord(
        title=title or fallback_title(name, structure.body, structure.headings),
        body=structure.body,
        byline=byline,
        published_at=published or updated,
        sources=structure.sources,
        headings=structure.headings,
        locator=name,
    )


def structure_plain_text(text: str) -> PlainStructure:
    """Drop furniture and a trailing sources block from ``text`` and find heading lines.

    The returned body is normalised, and each heading is a whole line of it.
    """
    lines = [line for line in normalise_body(text).split("\n") if not is_page_furniture(line)]
    sources: tuple[SourceRecord, ...] = ()
    start = find_sources_block(lines)
    if start is not None:
        sources = parse_sources_block([line for line in lines[start:] if line.strip()])
        lines = lines[:start]
    body = normalise_body("\n".join(lines))
    return PlainStructure(body=body, headings=find_headings(body), sources=sources)


def find_headings(body: str) -> tuple[tuple[int, int], ...]:
    """Return ``(start, end)`` spans of the lines of ``body`` that read as section headings.

    A heading is a short line (at most 10 words) in title case or capitals, or a short
    question, that neither starts nor ends like quoted speech or a sentence, follows a
    finished paragraph (or the start) and is followed by a longer paragraph.
    """
    lines = body.split("\n")
    spans = []
    offset = 0
    for index, line in enumerate(lines):
        previous = _neighbour(lines, index, -1)
        following = _neighbour(lines, index, 1)
        if _is_heading(line, previous, following):
            start = offset + (len(line) - len(line.lstrip()))
            spans.append((start, offset + len(line)))
        offset += len(line) + 1
    return tuple(spans)


def fallback_title(name: str, body: str, headings: tuple[tuple[int, int], ...] = ()) -> str:
    """Title for an article without a headline: file-name words, else its first sentence."""
    from_name = _title_from_name(name)
    if from_name:
        return from_name
    heading_starts = {start for start, _ in headings}
    offset = 0
    for line in body.split("\n"):
        if line.strip() and offset not in heading_starts:
            return _shorten(_first_sentence(line.strip()))
        offset += len(line) + 1
    return _shorten(" ".join(body.split())) or "Untitled article"


def _top_matter(lines: list[str]) -> list[int]:
    indices = []
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if _is_paragraph(line) or len(indices) >= _TOP_MATTER_LINES:
            break
        indices.append(index)
    return indices


def _is_paragraph(line: str) -> bool:
    text = line.strip()
    words = text.split()
    return len(text) > _MAX_HEADLINE_CHARS or (
        len(words) > 12 and bool(_SENTENCE_END.search(text)) and not _ends_with_abbreviation(text)
    )


def _first_kept(lines: list[str], drop: set[int]) -> int | None:
    for index, line in enumerate(lines):
        if line.strip() and index not in drop:
            return index
    return None


def _looks_like_headline(line: str, rest: list[str]) -> bool:
    text = " ".join(line.split())
    if not any(other.strip() for other in rest) or _DATE_LINE.match(text):
        return False
    if len(text) > _MAX_HEADLINE_CHARS or len(text.split()) > _MAX_HEADLINE_WORDS:
        return False
    if text.endswith((".", ",", ";", ":")) and not _ends_with_abbreviation(text):
        return False
    return text[0].isupper() or text[0].isdigit() or text[0] in "\"“‘'"


def _looks_like_byline(line: str) -> bool:
    text = line.strip()
    return len(text) <= 80 and len(text.split()) <= 10 and not text.endswith(".")


def _neighbour(lines: list[str], index: int, step: int) -> str | None:
    position = index + step
    if 0 <= position < len(lines):
        return lines[position]
    return None


def _is_heading(line: str, previous: str | None, following: str | None) -> bool:
    text = line.strip()
    if not text or len(text) > _MAX_HEADING_CHARS or following is None:
        return False
    words = text.split()
    if len(words) > _MAX_HEADING_WORDS:
        return False
    if text[0] in _OPENING_MARKS or text[-1] in _CLOSING_MARKS or "“" in text or '"' in text:
        return False
    if text[-1] in ".,;:" and not _ends_with_abbreviation(text):
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    next_text = following.strip()
    if len(next_text) < max(40, len(text) + 10) and not _SENTENCE_END.search(next_text):
        return False
    if len(next_text) <= len(text):
        return False
    if previous is not None and previous.strip():
        prev_text = previous.strip()
        if not (_SENTENCE_END.search(prev_text) or prev_text[-1] in _CLOSING_MARKS):
            return False
    if text.isupper():
        return True
    if _is_title_case(words):
        return True
    return text.endswith("?") and len(words) <= 8


def _is_title_case(words: list[str]) -> bool:
    significant = [word for word in words if word[:1].isalpha() and word.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(1 for word in significant if word[0].isupper())
    return capitalised / len(significant) >= 0.75


def _ends_with_abbreviation(text: str) -> bool:
    return bool(_ABBREVIATION_END.search(text))


def _first_sentence(text: str) -> str:
    for match in re.finditer(r"[.!?](?=\s+[A-Z“\"‘(])", text):
        candidate = text[: match.end()]
        if not _ends_with_abbreviation(candidate):
            return candidate
    return text


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= _FALLBACK_TITLE_CHARS:
        return text
    cut = text[:_FALLBACK_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:–—-")
    return cut + "…"


def _title_from_name(name: str) -> str:
    stem = PurePosixPath(name.replace("\\", "/")).stem
    tokens = [token for token in re.split(r"[\W_]+", stem) if token]
    words = [token for token in tokens if token.isalpha() and len(token) >= 2]
    if len(words) < 3 or len(words) < 0.6 * len(tokens):
        return ""
    if all(word.lower() in _GENERIC_NAME_WORDS for word in words):
        return ""
    text = " ".join(tokens)
    return (text[0].upper() + text[1:])[:MAX_TITLE_CHARS]
