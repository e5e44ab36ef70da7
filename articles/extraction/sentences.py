"""Split paragraphs into sentences without cutting through quotations.

Attribution lives in the sentence around a quotation, and the full stops inside
the quotation must not end that sentence, so boundaries that fall inside a
quotation are ignored. Abbreviations common in news copy (Mr., Sen., U.S.,
initials) do not end sentences either.
"""

from __future__ import annotations

import bisect
import re

# "[.!?…][.!?…]*" rather than "[.!?…]+": opening with a plain character class lets
# the regex engine skip ahead to the next stop instead of trying every position.
_BOUNDARY_RE = re.compile(r"[.!?…][.!?…]*[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_INITIALS_RE = re.compile(r"[A-Z](?:\.[A-Z])*")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][\w.]*)$")
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr sen sens rep reps gov gen lt col capt sgt adm st jr sr vs no inc co corp
    ltd jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n d.c a.m p.m e.g i.e
    prof rev ft mt gov gens messrs dept est approx fig al del maj cmdr supt atty amb pres
    sec sgt cpl pvt""".split()
)


def _is_abbreviation(text: str, dot: int, floor: int) -> bool:
    if text[dot] != ".":
        return False
    m = _WORD_BEFORE_RE.search(text, max(floor, dot - 12), dot)
    if not m:
        return False
    word = m.group(1)
    if _INITIALS_RE.fullmatch(word):
        return True  # "J." or "G.K."
    return word.lower() in _ABBREVIATIONS


class Sentences:
    """Sentence boundaries of one paragraph, quotation-aware."""

    def __init__(self, text: str, start: int, end: int, quotes: list[tuple[int, int]]):
        self.start, self.end = start, end
        cuts = [start]
        qi = 0
        for m in _BOUNDARY_RE.finditer(text, start, end):
            pos = m.end()
            while qi < len(quotes) and quotes[qi][1] < m.start():
                qi += 1
            if qi < len(quotes) and quotes[qi][0] < m.start() and pos <= quotes[qi][1]:
                continue  # inside a quotation; a stop that the closing mark follows counts
            if _is_abbreviation(text, m.start(), start):
                continue
            cuts.append(pos)
        self._cuts = cuts

    def around(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence holding offset `pos`."""
        i = bisect.bisect_right(self._cuts, pos) - 1
        s = self._cuts[max(i, 0)]
        e = self._cuts[i + 1] if i + 1 < len(self._cuts) else self.end
        return s, e
