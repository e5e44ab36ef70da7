"""Tell when two quotations carry the same claim.

Articles repeat a quotation (in the body and again in a "What People Are
Saying" box), quote it in part, or extend it. A fact-check should be done once,
so the workbench groups such quotations. `fingerprint` is an exact key for
repeats that differ only in punctuation, case or marks; `same_claim` also
catches containment and close paraphrase.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

try:  # the builtin module spares start-up the OpenSSL-backed hashlib import
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import blake2b

_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
_SHORT = 4  # below this many words a claim must be repeated whole
_CONTAINMENT = 0.8
_JACCARD = 0.6
_SHINGLE = 0.5


def _words(text: str) -> list[str]:
    if not text.isascii():  # NFKC leaves ASCII as it is; most quotations are ASCII
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold().replace("’", "'")
    return _WORD_RE.findall(text)


def fingerprint(text: str) -> str:
    """Key that is equal for texts differing only in case, punctuation or spacing."""
    normalised = " ".join(_words(text))
    return blake2b(normalised.encode(), digest_size=10).hexdigest()


def _shingles(words: list[str], n: int = 3) -> set[tuple[str, ...]]:
    if len(words) < n:
        return {tuple(words)}
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def same_claim(a: str, b: str) -> bool:
    """True when one text repeats, contains or closely paraphrases the other."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(short) < _SHORT:
        # A few words match too much by chance: ask for at least two of them, in
        # order and contiguous ("fake news"); a lone word is never a claim.
        n = len(short)
        if n < 2:
            return False
        return any(long_[i : i + n] == short for i in range(len(long_) - n + 1))
    sa, sb = set(wa), set(wb)
    small = sa if len(sa) <= len(sb) else sb
    # A claim with another figure or without its "not" is another claim, however
    # many words it shares: "fell to 4 percent" is not "fell to 6 percent".
    checks_a, checks_b = _checkables(wa), _checkables(wb)
    if len(sa & sb) / len(small) >= _CONTAINMENT:
        # Containment by vocabulary alone ignores order; check phrases too.
        ha, hb = _shingles(wa), _shingles(wb)
        # Quoted whole inside the other, it is the same claim with more around it;
        # otherwise the figures and negations must agree.
        if len(ha & hb) / min(len(ha), len(hb)) >= _SHINGLE and (_contiguous(short, long_) or checks_a == checks_b):
            return True
    if checks_a != checks_b:
        return False
    if len(sa & sb) / len(sa | sb) >= _JACCARD:
        return True
    ha, hb = _shingles(wa), _shingles(wb)
    return len(ha & hb) / len(ha | hb) >= _SHINGLE


def _contiguous(short: list[str], long_: list[str]) -> bool:
    n = len(short)
    first = short[0]
    return any(long_[i : i + n] == short for i in range(len(long_) - n + 1) if long_[i] == first)


_NEGATIONS = frozenset("not no never none nobody nothing neither nor without cannot".split())
# "one" is left out: it is a pronoun far more often than a figure.
_NUMBER_WORDS = dict(
    zip(
        """zero two three four five six seven eight nine ten eleven twelve thirteen fourteen
        fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
        eighty ninety hundred""".split(),
        "0 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 30 40 50 60 70 80 90 100".split(),
        strict=True,
    )
)


def _checkables(words: list[str]) -> Counter:
    """The figures and negations of a text, which decide what it claims."""
    found: Counter = Counter()
    for word in words:
        if word[0].isdigit():
            found[word] += 1
        elif word in _NUMBER_WORDS:
            found[_NUMBER_WORDS[word]] += 1
        elif word in _NEGATIONS or word.endswith("n't"):
            found["not"] += 1
    return found
