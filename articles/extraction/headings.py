"""Detect section headings and headlines: short title-case lines.

Headings ("Why It Matters", "What People Are Saying") sit on their own line, are
short, capitalise their content words and carry no sentence punctuation. They
are neither speakers nor quotations: a quoted word in a headline repeats one
from the body.
"""

from __future__ import annotations

import re

_WORD_RE = re.compile(r"[^\W\d_][\w’'\-.]*")
# Short function words that title case leaves in lower case.
_MINOR = frozenset(
    "a an the and or nor but of in on at to for by with from as vs via per into over up "
    "is are was be it its than that".split()
)
_MAX_WORDS = 16


def is_heading(line: str) -> bool:
    """True for a line that reads as a heading or headline rather than prose."""
    stripped = line.strip()
    if not stripped or len(stripped) > 160:
        return False
    if stripped.endswith((":", ",", ";")):
        return False
    if stripped[-1] in ".!…\"”’'":
        # Prose ends with a stop; a heading with one ("ABSTRACT.") capitalises
        # every content word, where a sentence of names still has its verb.
        # Most short lines are such sentences: read their words only up to the
        # first lower-case content word, which settles it.
        has_major = False
        for n, m in enumerate(_WORD_RE.finditer(stripped), 1):
            w = m.group()
            if n > _MAX_WORDS:
                return False
            if w.lower() not in _MINOR:
                if not w[0].isupper():
                    return False
                has_major = True
        return has_major
    words = _WORD_RE.findall(stripped)
    if not words or len(words) > _MAX_WORDS:
        return False
    major = [w for w in words if w.lower() not in _MINOR]
    if not major:
        return False
    capitalised = sum(1 for w in major if w[0].isupper())
    return capitalised >= len(major) * 0.8


_DOUBLE_MARKS = set('"“”„‟«»')
_SINGLE_OPEN_RE = re.compile(r"(?:^|\s)[‘'][^\W\d_]")


def is_headline(line: str) -> bool:
    """True for a document's first line when it reads as a headline.

    Headlines are short and quote with single marks ('Trump calls plan ‘a
    disaster’'), while body copy quotes with double marks; a headline's quote
    repeats one from the body, so it is not extracted.
    """
    words = line.split()
    if not words or len(words) > _MAX_WORDS or line.rstrip().endswith(":"):
        return False
    if is_heading(line):
        return True
    return not _DOUBLE_MARKS.intersection(line) and _SINGLE_OPEN_RE.search(line) is not None


_SINGLE_ONLY = r"[\s\-–—]*[‘'].*[’'][\s.\-–—]*"


def _display_line(line: str, n: int) -> bool:
    """A headline, deck or section heading quoted with single marks in copy that
    quotes speech with double ones: among the first lines, or a line that is
    nothing but the quotation ("‘A fight from start to finish.’")."""
    if n >= 3 and line.lstrip(" \t-–—")[:1] not in ("'", "‘"):
        return False  # the usual line: checked on its first mark alone
    if _DOUBLE_MARKS.intersection(line) or len(line.split()) > (30 if n < 3 else 10):
        return False
    if n < 3:
        return _SINGLE_OPEN_RE.search(line) is not None
    return re.fullmatch(_SINGLE_ONLY, line) is not None


def heading_spans(text: str, given=()) -> list[tuple[int, int]]:
    """Spans of every heading line: those passed in plus those detected.

    The first line of a multi-line document is also taken for a headline when
    `is_headline` says so; so are single-quoted display lines (`_display_line`)
    where the body quotes with double marks.
    """
    spans = {(int(s), int(e)) for s, e in given}
    doubles_quote = sum(text.count(mark) for mark in '"“”') >= 4
    pos = 0
    n = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            if (
                is_heading(line)
                or (n == 0 and end < len(text.rstrip()) and is_headline(line))
                or (doubles_quote and ("'" in line or "‘" in line) and _display_line(line, n))
            ):
                spans.add((pos, end))
            n += 1
        pos = end + 1
    return sorted(spans)
