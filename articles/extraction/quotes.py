"""Find quotation spans by pairing quotation marks, paragraph by paragraph.

News copy is messy: curly and straight marks are mixed, closing marks go
missing, and a quotation that runs over several paragraphs re-opens each
paragraph without closing the previous one (AP and Chicago style). Pairing is
therefore done one paragraph at a time, so a stray mark costs at most its own
paragraph, never the rest of the document. Every step is a single left-to-right
pass over the marks, which keeps the work linear in the length of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .models import QuoteSpan

DOUBLE_MARKS = '"“”„‟«»'
SINGLE_MARKS = "'‘’‹›"
_BLANK_RE = re.compile(r"\s*")

_OPEN, _CLOSE, _BOTH, _NONE = 1, 2, 3, 0

# A quotation mark opens after these and closes before them.
_OPENING_CONTEXT = set("([{—–-/") | set(DOUBLE_MARKS) | set(SINGLE_MARKS)
_CLOSING_CONTEXT = set(".,;:!?)]}—–-…/") | set(DOUBLE_MARKS) | set(SINGLE_MARKS)

# Words that begin with an elision apostrophe rather than an opening quote.
_ELISIONS = ("em", "til", "cause", "n", "tis", "twas", "round", "bout", "nuff", "cept")

# Content too short or too bare to be speech: a lone letter or a number.
_TRIVIAL_RE = re.compile(r"[\W\d_]*\w?[\W\d_]*")


def _classify_double(mark: str, prev: str, nxt: str) -> int:
    opens_here = prev == "" or prev.isspace() or prev in _OPENING_CONTEXT
    closes_here = nxt == "" or nxt.isspace() or nxt in _CLOSING_CONTEXT
    if mark in "“„‟«":
        # A left mark glued to the end of a word is a mistyped closing mark.
        if closes_here and not opens_here:
            return _BOTH
        return _OPEN
    if mark in "”»":
        if opens_here and not closes_here:
            return _BOTH
        return _CLOSE
    if opens_here and not closes_here:
        return _OPEN
    if closes_here and not opens_here:
        return _CLOSE
    return _BOTH


def _classify_single(mark: str, prev: str, nxt: str, text: str, i: int) -> int:
    prev_open = prev == "" or prev.isspace() or prev in _OPENING_CONTEXT
    next_close = nxt == "" or nxt.isspace() or nxt in _CLOSING_CONTEXT
    if mark == "‹":
        return _OPEN
    if mark == "›":
        return _CLOSE
    if prev.isalnum() and nxt.isalnum():
        return _NONE  # apostrophe inside a word: don't, Iran's
    if mark in "‘'" and prev_open and nxt.isalpha():
        word = text[i + 1 : i + 8].lower()
        for elision in _ELISIONS:
            if word.startswith(elision) and not word[len(elision) : len(elision) + 1].isalpha():
                return _NONE
        return _OPEN
    if mark in "‘'" and prev_open and nxt.isdigit():
        return _NONE  # the '90s
    if mark in "’'" and not prev_open and next_close:
        return _CLOSE
    if mark == "‘" and prev_open and not nxt.isspace():
        return _OPEN
    return _NONE


def _paragraphs(text: str) -> list[tuple[int, int]]:
    paras = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line and not line.isspace():
            paras.append((start, end))
        start = end + 1
    return paras


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _starts_with_opening(text: str, para: tuple[int, int]) -> bool:
    start, end = _trim(text, *para)
    if start >= end or text[start] not in DOUBLE_MARKS:
        return False
    nxt = text[start + 1] if start + 1 < end else ""
    return _classify_double(text[start], "", nxt) in (_OPEN, _BOTH)


def _opening_mark(text: str, para: tuple[int, int]) -> str:
    start, end = _trim(text, *para)
    return text[start] if start < end else ""


def _mark_offsets(text: str, marks: str) -> list[int]:
    """Sorted offsets of every character of `marks` in `text`.

    One `str.find` sweep per mark: marks are sparse, and a regex character
    class would test every character of the article in turn."""
    found: list[int] = []
    for mark in marks:
        i = text.find(mark)
        while i >= 0:
            found.append(i)
            i = text.find(mark, i + 1)
    found.sort()
    return found


def _within(offsets: list[int], start: int, end: int) -> list[int]:
    return offsets[bisect_left(offsets, start) : bisect_left(offsets, end)]


def _pair_double(text: str, p_start: int, p_end: int, marks: list[int]) -> tuple[list[tuple[int, int]], int | None]:
    """Pair the double marks (at offsets `marks`) of one paragraph; also return
    a mark left open."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in marks:
        prev = text[i - 1] if i > p_start else ""
        nxt = text[i + 1] if i + 1 < p_end else ""
        cls = _classify_double(text[i], prev, nxt)
        if (
            open_at is not None
            and cls == _OPEN
            and text[i] == '"'
            and text[open_at] == '"'
            and prev == " "
            and text[i - 2 : i - 1] in (",", ".", "?", "!")
        ):
            # '"We will stay, "Doe said.': a stray space before the closing mark,
            # not a second quotation opening inside the first.
            cls = _CLOSE
        if open_at is None:
            if cls & _OPEN:
                open_at = i
        elif cls & _CLOSE:
            pairs.append((open_at, i))
            open_at = None
        else:
            open_at = i  # the earlier opening mark was stray
    return pairs, open_at


def _pair_single(text: str, p_start: int, p_end: int, marks: list[int], blocked: list[tuple[int, int]]):
    """Pair single marks (at offsets `marks`) that lie outside every double-quoted span."""
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    bi = bi_at_open = 0
    for i in marks:
        while bi < len(blocked) and blocked[bi][1] < i:
            bi += 1
        if bi < len(blocked) and blocked[bi][0] <= i <= blocked[bi][1]:
            continue  # nested inside a double quotation: part of it
        if text[i] == "'" and "'" in text[i - 1 : i] + text[i + 1 : i + 2]:
            continue  # '' is a typewriter double mark from wire archives, not speech we pair
        prev = text[i - 1] if i > p_start else ""
        nxt = text[i + 1] if i + 1 < p_end else ""
        mark = text[i]
        if prev.isalnum() and nxt.isalnum() and mark not in "‹›":
            continue  # the usual single mark: an apostrophe inside a word (_classify_single)
        cls = _classify_single(mark, prev, nxt, text, i)
        if cls == _NONE:
            continue
        if open_at is None:
            if cls & _OPEN:
                open_at, bi_at_open = i, bi
        elif cls & _CLOSE:
            if bi == bi_at_open:  # a double quotation in between would be swallowed
                pairs.append((open_at, i))
            open_at = None
        elif cls & _OPEN:
            open_at, bi_at_open = i, bi
    return pairs


def _meaningful(text: str, start: int, end: int) -> bool:
    return end > start and _TRIVIAL_RE.fullmatch(text, start, end) is None


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Return the quotation spans of `text` in document order."""
    paras = _paragraphs(text)
    doubles = _mark_offsets(text, DOUBLE_MARKS)
    singles = _mark_offsets(text, SINGLE_MARKS)
    spans: list[QuoteSpan] = []
    group = 0
    carry: int | None = None  # group of a quotation continuing into the next paragraph
    for idx, (p_start, p_end) in enumerate(paras):
        in_doubles = _within(doubles, p_start, p_end)
        in_singles = _within(singles, p_start, p_end)
        if not in_doubles and not in_singles:
            carry = None  # most paragraphs quote nobody
            continue
        pairs, left_open = _pair_double(text, p_start, p_end, in_doubles)
        found: list[tuple[int, int | None, int | None]] = []  # (open, close) mark offsets
        for o, c in pairs:
            found.append((o, o, c))
        continues = False
        if left_open is not None:
            # Asked only here: few paragraphs leave a mark open.
            next_reopens = idx + 1 < len(paras) and _starts_with_opening(text, paras[idx + 1])
            before = text[p_start:left_open].rstrip()
            at_para_start = not before
            # Opened after a colon, a comma, "said" or a full stop: the mark is
            # real and only its closing partner went missing.
            introduced = before.endswith((":", ",", ".", "!", "?", "said", "says"))
            if next_reopens and text[left_open] == '"' and _opening_mark(text, paras[idx + 1]) != '"':
                # A straight mark left open before a paragraph that opens with a curly
                # one: a multi-paragraph quotation keeps one style, so this is stray.
                pass
            elif next_reopens and (at_para_start or introduced):
                found.append((left_open, left_open, None))
                continues = True
            elif at_para_start or introduced:
                # Missing closing mark: the quotation runs to the end of the paragraph.
                found.append((left_open, left_open, None))
        blocked = sorted((o, c if c is not None else p_end) for _, o, c in found) if found else []
        # In a paragraph quoted with typewriter doubles (''), single marks are
        # quotations nested inside those, not quotations of their own.
        if in_singles and text.find("''", p_start, p_end) < 0:
            for o, c in _pair_single(text, p_start, p_end, in_singles, blocked):
                found.append((o, o, c))
        if len(found) > 1:
            found.sort(key=lambda f: f[0])
        for o, open_mark, close_mark in found:
            start = o + 1
            end = close_mark if close_mark is not None else p_end
            start, end = _trim(text, start, end)
            if not _meaningful(text, start, end):
                continue
            is_continuation = close_mark is None and continues
            starts_para = _BLANK_RE.match(text, p_start, o).end() >= o
            if carry is not None and starts_para:
                g = carry
            else:
                group += 1
                g = group
            spans.append(QuoteSpan(start, end, open_mark, close_mark, p_start, p_end, g))
            carry = g if is_continuation else None
        if not found:
            carry = None
    return spans
