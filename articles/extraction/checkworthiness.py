"""Check-worthiness scoring for sentences and quotes.

A transparent, rule-based scorer. Each cue that fact-checkers look for (a figure, a
date, a comparison, an action on the record, someone's vote or position, a cited
source) adds to a logit, and each cue of speech that cannot be checked (an opinion, a
promise, a prescription, a question, a greeting, a personal story) subtracts from it.
The cues and their weights are in claim_cues.py. The logit goes through a sigmoid so
that 0.5 is the decision threshold, and the cues that fired come back as reasons an
editor can read, those raising the score first.

Some cues depend on who acts: "we will cut taxes" is the speaker's promise, "he will"
a prediction, "he wants to cut taxes" and "she voted against it" report someone's
position, "I voted against it" the speaker's own record. assess() looks back past
adverbs to the verb's subject for these.

Speed matters because the extractor scores whole transcripts: the text is lower-cased
and tokenised once and every word list is a dict lookup, so a sentence costs tens of
microseconds (bench/checkworthiness_speed.py).
"""

from __future__ import annotations

import math
import re
from collections import namedtuple

from . import claim_cues as c

__all__ = ["Assessment", "LOWERING_REASONS", "assess"]

LOWERING_REASONS = c.LOWERING_REASONS


class Assessment(namedtuple("Assessment", "score reasons")):
    """`score` 0..1 (0.5 is the decision threshold) and `reasons`, the cues that
    moved it, those raising it first. A named tuple: `dataclasses` costs more
    to import than scoring a whole article."""

    __slots__ = ()


# Every entry, single word or phrase, maps to a bit mask in one dict keyed by its
# space-joined words; _PREFIXES holds each proper prefix of a phrase so the scan only
# builds longer keys when a phrase could still match.
_NGRAMS: dict[str, int] = {}
_PREFIXES: set[str] = set()
for _cue, _entries in c.LEXICON.items():
    for _entry in _entries.split():
        _key = _entry.replace("_", " ")
        _NGRAMS[_key] = _NGRAMS.get(_key, 0) | (1 << _cue)
        _end = _key.rfind(" ")
        while _end > 0:
            _PREFIXES.add(_key[:_end])
            _end = _key.rfind(" ", 0, _end)
del _cue, _entries, _entry, _key, _end

_CONTEXT_WORDS = c.FUTURE | c.INTENT | c.STANCE | {"than", "going", "is", "was", "am"}
# One look-up per token: (mask, starts a phrase, needs its context) for every word
# the scan acts on; any other word can only be a compound or an -ed form.
_WORDS: dict[str, tuple[int, bool, bool]] = {
    _w: (_NGRAMS.get(_w, 0), _w in _PREFIXES, _w in _CONTEXT_WORDS)
    for _w in [*_NGRAMS, *_PREFIXES, *_CONTEXT_WORDS]
    if " " not in _w
}

_BIT = {cue: 1 << cue for cue in range(len(c.CUES))}
_ACTION_BITS = _BIT[c.CHANGE] | _BIT[c.ACTION] | _BIT[c.PAST]
_COMPOUND_BITS = _BIT[c.COUNT] | _BIT[c.AMOUNT] | _BIT[c.RECORD]
# What a fact-checker could look up; a short sentence with none of it says little.
_CONCRETE_BITS = (
    _BIT[c.FIGURE]
    | _BIT[c.AMOUNT]
    | _BIT[c.DATE]
    | _BIT[c.CHANGE]
    | _BIT[c.ACTION]
    | _BIT[c.CAUSE]
    | _BIT[c.SOURCE]
    | _BIT[c.COMPARISON]
    | _BIT[c.RECORD]
    | _BIT[c.POSITION]
    | _BIT[c.OWN_RECORD]
)
_COUNT_BIT = _BIT[c.COUNT]
_TOPIC_BIT = _BIT[c.TOPIC]
# A second public-issue word ("taxes" and "jobs") marks a policy sentence more surely
# than one; it adds to the weight of the one reason.
_MORE_TOPICS = 0.4

# Tokens: the text split on whitespace once these punctuation marks are spaces. The
# ASCII marks are mapped in one pass over the UTF-8 bytes, which no other character's
# bytes can be mistaken for; the curly double quotes are replaced first.
_PUNCT_BYTES = bytes.maketrans(b',.;:!?"()[]{}/', b" " * 14)
_DIGIT = re.compile(r"\d")
# Percentages, currency amounts and abbreviated magnitudes ("12%", "$5", "2bn").
_DIGIT_AMOUNT = re.compile(r"\d ?(?:%|percent)|[$\u00a3\u20ac] ?\d|\d(?:bn|m|k)\b")
# Numbers that measure nothing in the world: the debate's own clock ("30 seconds",
# "two minutes") and the name of a century ("the 21st century").
_NOT_A_FIGURE = re.compile(r"\d+ ?(?:-| )?(?:seconds?|minutes?)\b|\d+(?:st|nd|rd|th) century", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d(?:s\b|\b)|'\d0s\b")
# A capitalised word after lower-case text or punctuation: not the sentence opener
# and not "I", so it is usually a name, place or institution.
_CAPITALISED = re.compile(r" (?<=[a-z,;:] )[A-Z][a-z]")
_QUESTION = re.compile(r"\?[\s\"')\]]*$")

_BIAS = -1.3
_EMPTY = Assessment(score=1.0 / (1.0 + math.exp(-(_BIAS - 4.0))), reasons=("too short to hold a claim",))


def _subject(tokens: list[str], i: int) -> int:
    """Who acts in the verb at tokens[i]: 1 the speaker (I, we), 3 someone else, 0 unknown."""
    for j in range(i - 1, max(-1, i - 4), -1):
        word = tokens[j]
        if word in c.ADVERBS:
            continue
        if word in c.SPEAKER:
            return 1
        if word in c.OTHERS:
            return 3
        return 0
    return 0


def _is_named(cased: list[str], i: int) -> bool:
    """Whether the word before tokens[i] (past adverbs) is a capitalised name. The
    sentence's first word is capitalised anyway, so it never counts."""
    for j in range(i - 1, max(0, i - 4), -1):
        word = cased[j]
        if word.lower() in c.ADVERBS:
            continue
        return word[:1].isupper() and word != "I" and not word.startswith("I'")
    return False


def _context(tokens: list[str], cased: list[str], i: int, word: str) -> int:
    """The cues a subject-dependent word shows at tokens[i]."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if word == "than":
        # "more graduates than", "cheaper than": a comparative shortly before.
        for prev in tokens[max(0, i - 4) : i]:
            if prev in c.COMPARATIVES or (prev.endswith("er") and prev not in c.NOT_COMPARATIVE):
                return _BIT[c.COMPARISON]
        return 0
    if word == "going":
        if nxt != "to":
            return 0
        prev = tokens[i - 1] if i else ""
        if prev in ("i'm", "we're") or (prev in ("am", "are") and i > 1 and tokens[i - 2] in ("i", "we")):
            return _BIT[c.PROMISE]
        return _BIT[c.PREDICTION]
    if word in ("is", "was", "am"):
        # "he is for public financing", "she is in favor of it", "I was against the war".
        if nxt not in ("for", "against") and tokens[i + 1 : i + 3] != ["in", "favor"]:
            return 0
        who = _subject(tokens, i)
        if who == 1:
            return _BIT[c.OWN_RECORD] if word == "was" else 0
        return _BIT[c.POSITION] if who == 3 or _is_named(cased, i) else 0
    who = _subject(tokens, i)
    if word in c.FUTURE:
        return _BIT[c.PROMISE] if who == 1 else _BIT[c.PREDICTION]
    if word in c.INTENT and nxt == "to":
        if who == 1:
            return _BIT[c.PROMISE]
        return _BIT[c.POSITION] if who == 3 or _is_named(cased, i) else 0
    if word in c.STANCE:
        if who == 1:
            # The speaker's past stance is a record; "I support it" is a view.
            return _BIT[c.OWN_RECORD] if word.endswith("ed") or word == "said" else 0
        # Anyone else's stance ("you voted", "critics say", "a blog claimed") is a
        # position that can be looked up, unless it is only planned ("to support").
        if i and tokens[i - 1] not in c.NOT_REPORTED:
            return _BIT[c.POSITION]
    return 0


def assess(text: str) -> Assessment:
    """Score how worth fact-checking ``text`` is (0..1), with the reasons behind it."""
    if not text or text.isspace():
        return _EMPTY
    if "\u2019" in text:
        text = text.replace("\u2019", "'")
    spaced = text.replace("\u201c", " ").replace("\u201d", " ").encode("utf-8", "surrogatepass")
    cased = spaced.translate(_PUNCT_BYTES).decode("utf-8", "surrogatepass").split()
    tokens = [word.lower() for word in cased]
    n = len(tokens)
    hits = 0
    topics = 0
    ngrams = _NGRAMS
    prefixes = _PREFIXES
    words = _WORDS
    for i, word in enumerate(tokens):
        entry = words.get(word)
        if entry is None:
            if "-" in word:
                # Compounds count by their first part when it is a numeral or a
                # superlative ("forty-two", "two-year", "fastest-growing").
                hits |= ngrams.get(word.partition("-")[0], 0) & _COMPOUND_BITS
            elif word.endswith("'ll"):
                hits |= _BIT[c.PROMISE] if word in ("i'll", "we'll") else _BIT[c.PREDICTION]
            if word.endswith("ed") and len(word) > 4 and word not in c.NOT_PAST:
                if not i or tokens[i - 1] not in c.NOT_REPORTED:
                    hits |= _BIT[c.PAST]
            continue
        mask, is_prefix, needs_context = entry
        if mask:
            # "to cut", "will raise": a verb after a modal or "to" is a plan, not a
            # report that something happened.
            if mask & _ACTION_BITS and i and tokens[i - 1] in c.NOT_REPORTED:
                mask &= ~_ACTION_BITS
            if mask & _COUNT_BIT and (
                (i and tokens[i - 1] == "number") or (i + 1 < n and tokens[i + 1] in c.ENUMERATED)
            ):
                # "Number two, ...", "three things": the speaker's own list, no count.
                mask &= ~_COUNT_BIT
            if mask & _TOPIC_BIT:
                topics += 1
            hits |= mask
        if needs_context:
            hits |= _context(tokens, cased, i, word)
        if is_prefix:
            key = word
            for j in range(i + 1, n):
                key = key + " " + tokens[j]
                mask = ngrams.get(key)
                if mask:
                    hits |= mask
                if key not in prefixes:
                    break
        elif word.endswith("ed") and len(word) > 4 and word not in c.NOT_PAST:
            if not i or tokens[i - 1] not in c.NOT_REPORTED:
                hits |= _BIT[c.PAST]
    # ASCII digits show in the bytes (deleting them is one quick pass); digits of
    # other scripts need the regex, and only non-ASCII text can hold them.
    if len(spaced.translate(None, b"0123456789")) < len(spaced) or (not text.isascii() and _DIGIT.search(text)):
        if not _NOT_A_FIGURE.search(text) or _DIGIT.search(_NOT_A_FIGURE.sub(" ", text)):
            hits |= _BIT[c.FIGURE]
        if _DIGIT_AMOUNT.search(text):
            hits |= _BIT[c.AMOUNT]
        if _YEAR.search(text):
            hits |= _BIT[c.DATE]
    k = 0
    while k < n - 1 and tokens[k] in c.OPENERS:
        k += 1
    if n:
        if tokens[k] in c.SELF_SUBJECTS:
            hits |= _BIT[c.SELF]
        elif tokens[k] in c.OTHER_SUBJECTS:
            hits |= _BIT[c.OTHER]
    if _CAPITALISED.search(text):
        hits |= _BIT[c.NAMED]
    if _QUESTION.search(text):
        hits |= _BIT[c.QUESTION]
    if n < 5:
        hits |= _BIT[c.FRAGMENT]
    elif n < 9 and not hits & _CONCRETE_BITS:
        hits |= _BIT[c.VAGUE]
    return _score(hits, topics)


def _score(hits: int, topics: int) -> Assessment:
    logit = _BIAS + (_MORE_TOPICS if topics > 1 else 0.0)
    positive: list[str] = []
    negative: list[str] = []
    cues = c.CUES
    remaining = hits
    while remaining:
        low = remaining & -remaining
        remaining ^= low
        reason, weight = cues[low.bit_length() - 1]
        logit += weight
        (positive if weight > 0 else negative).append(reason)
    score = 1.0 / (1.0 + math.exp(-logit))
    return Assessment(score=score, reasons=tuple(positive + negative))
