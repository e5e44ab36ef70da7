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
    if len(sa & sb) / len(small) >= _CONTAINMENT:
        # Containment by vocabulary alone ignores order; check phrases too.
        ha, hb = _shingles(wa), _shingles(wb)
        if len(ha & hb) / min(len(ha), len(hb)) >= _SHINGLE:
            return True
    if len(sa & sb) / len(sa | sb) >= _JACCARD:
        return True
    ha, hb = _shingles(wa), _shingles(wb)
    return len(ha & hb) / len(ha | hb) >= _SHINGLE
