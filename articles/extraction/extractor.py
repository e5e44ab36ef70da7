"""Article text in, attributed quotations out: the engine's main pass.

Steps: find headings, pair quotation marks, remember who the article names,
then attribute each quotation from its own cue or, failing that, from the
quotations around it (a multi-paragraph quotation, the next sentence by the
same speaker, a paragraph introduced by 'X said:').
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from .attribution import Attribution, left_cue, right_cue, trailing_cue
from .checkworthiness import assess
from .cues import LEFT_VERBS, iter_verbs
from .headings import heading_spans
from .mentions import Mentions
from .models import DESCRIPTION, ExtractedQuote, QuoteSpan, Speaker
from .name_scan import scan_mentions
from .quotes import find_quote_spans
from .roles import clean_role
from .sentences import Sentences
from .speakers import parse_speaker
from .subjects import clause_subject, possessive_claim, sentence_subject

_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
_TITLE_INTRO_RE = re.compile(
    r"(?:titled|entitled|headlined|book|film|movie|show|program|programme|series|song|"
    r"album|documentary|newspaper|magazine|episode of|broadcast of|edition of|[a-z]’s|"
    r"[a-z]'s|[A-Z]{2,}’s|[A-Z]{2,}'s),?\s*$"
)
_BRACKETED_RE = re.compile(r"[(\[][^()\[\]]*[)\]]")
_WORDS_AS_WORDS = frozenset(
    "i me you he him she her it we us they them this that the a an and or but not no yes".split()
)
_MINOR_WORDS = frozenset("a an the and or of in on at to for by with from as is it".split())
# A credit line of its own: "— Jane Doe, a scholar at Acme." or "- Doe."
# The rarely used patterns are compiled on first use (re caches them): compiling
# at import would cost every run of the command line.
_NEXT_LINE_RE = re.compile(r"\s*")
_DASHES = frozenset("-—–―")
_CAPTION = r"[ \t]*[-—–―]+[ \t]*([A-Z][^\n“”\"]{1,120}?)[ \t.]*(?:\n|$)"
# What may follow a cue that closes its sentence: a day or a place, then the stop.
_CLOSING = (
    r"(?:\s+(?:on|in|at|to|before|after|during|via|last|this|late|early|earlier|later)\b[^,;:“”\"]{0,60})?[\s.!?]*"
)
# What joins two quotations of one list: '“…” and “…”', '“…,” “…”'.
_JOINED = r"[\s,;]*(?:and|or|but|as well as|nor)?[\s,;—–-]*"
_LABEL_RE = re.compile(r"([A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,2}):\s")


def _assess(text: str) -> tuple[float, tuple[str, ...]]:
    result = assess(text)
    return float(result.score), tuple(result.reasons)


_BLANK_RE = re.compile(r"\s*")


def _blank(text: str, start: int, end: int) -> bool:
    # Cheaper than slicing: a long paragraph must not cost a copy per quotation.
    return _BLANK_RE.match(text, start, end).end() >= end


# A full stop and a space, or a line break: "[.!?]\s|\n", written to open with one
# character class so that the regex engine skips to candidates instead of
# trying a match at every position.
_STOP_RE = re.compile(r"[.!?\n](?:(?<=\n)|\s)")


def _sentence_start(text: str, pos: int) -> int:
    """Start of the sentence holding `pos`, looking back at most 400 characters.
    Stops inside quotations count: names inside them are never candidates."""
    floor = max(0, pos - 400)
    start = floor
    for m in _STOP_RE.finditer(text, floor, pos):
        start = m.end()
    return start


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _overlaps(merged: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_left(starts, end) - 1
    return i >= 0 and merged[i][1] > start


def _is_title_case(words: list[str]) -> bool:
    major = [w for w in words if w.lower() not in _MINOR_WORDS]
    return bool(major) and len(words) <= 10 and all(w[0].isupper() or w[0].isdigit() for w in major)


def _kind(text: str, span: QuoteSpan) -> str:
    first = next((c for c in text[span.start : span.end] if c.isalpha()), "")
    if first.islower():
        return "partial"
    prev = text[max(span.para_start, span.open_mark - 20) : span.open_mark].rstrip()[-1:]
    if prev.isalnum() and text[span.end - 1 : span.end] not in ".!?":
        return "partial"
    return "direct"


class _Article:
    """Working state for one article."""

    def __init__(self, text: str, headings: Sequence[tuple[int, int]]):
        self.text = text
        self.headings = _merge(heading_spans(text, tuple(headings)))
        self._heading_starts = [s for s, _ in self.headings]
        self.spans = [s for s in find_quote_spans(text) if not self.in_heading(s.start, s.end)]
        self.mentions = Mentions()
        skip = list(self.headings)
        for s in self.spans:
            skip.append((s.open_mark, s.close_mark + 1 if s.close_mark is not None else s.end))
        # Attribution only ever looks back, so names after the paragraph of the
        # last quotation are never needed.
        last_para_end = max((s.para_end for s in self.spans), default=0)
        scan_mentions(text, skip, self.mentions, last_para_end)
        self._sentences: dict[int, Sentences] = {}
        self._para_quotes: dict[int, list[QuoteSpan]] = {}
        self._index_in_para: dict[int, int] = {}
        for s in self.spans:
            quotes = self._para_quotes.setdefault(s.para_start, [])
            self._index_in_para[s.start] = len(quotes)
            quotes.append(s)

    def in_heading(self, start: int, end: int) -> bool:
        """True when text[start:end] touches a heading line."""
        return _overlaps(self.headings, self._heading_starts, start, end)

    def sentences(self, span: QuoteSpan) -> Sentences:
        found = self._sentences.get(span.para_start)
        if found is None:
            marks = [
                (q.open_mark, q.close_mark if q.close_mark is not None else q.para_end)
                for q in self._para_quotes[span.para_start]
            ]
            found = Sentences(self.text, span.para_start, span.para_end, marks)
            self._sentences[span.para_start] = found
        return found

    def neighbours(self, span: QuoteSpan) -> tuple[QuoteSpan | None, QuoteSpan | None]:
        quotes = self._para_quotes[span.para_start]
        i = self._index_in_para[span.start]
        return (quotes[i - 1] if i else None, quotes[i + 1] if i + 1 < len(quotes) else None)

    def own_cue(self, span: QuoteSpan) -> Attribution | None:
        text = self.text
        label = _LABEL_RE.match(text, span.start, span.end)
        if label:  # transcript: '"WALLACE: Let's start…'
            name = label.group(1).title()
            return Attribution(Speaker(name, "", "person"), span.start, "", None, None)
        sents = self.sentences(span)
        prev, nxt = self.neighbours(span)
        floor = sents.around(span.open_mark)[0]
        if prev is not None and prev.close_mark is not None:
            floor = max(floor, prev.close_mark + 1)
        if not _blank(text, floor, span.open_mark):
            clause = clause_subject(text, floor, span.open_mark)
            if clause is not None:
                return Attribution(clause[1], clause[0], "", None, None)
        if span.close_mark is not None:
            # '“…?” she asked' continues the sentence; only a full stop ends it.
            probe = span.close_mark
            if text[span.end - 1] != "." and span.close_mark + 2 < span.para_end:
                probe = span.close_mark + 2
            limit = sents.around(probe)[1]
            if nxt is not None:
                limit = min(limit, nxt.open_mark)
            found = right_cue(text, span.close_mark, limit)
            if found is not None and found.cue.startswith("according"):
                # 'Doe accused the West of “…,” according to TASS': the agency
                # reports what the sentence's subject said.
                left = left_cue(text, floor, span.open_mark, floor == span.para_start)
                if left is not None:
                    return left
            if found is not None:
                return found
        if prev is not None and prev.close_mark is None:
            return None
        found = left_cue(text, floor, span.open_mark, floor == span.para_start)
        if found is None and (owner := possessive_claim(text, floor, span.open_mark)):
            found = Attribution(owner[1], owner[0], "", None, None)
        return found

    def introduction(self, span: QuoteSpan) -> Attribution | None:
        """'X said:' ending the paragraph before a quotation paragraph."""
        text = self.text
        if not _blank(text, span.para_start, span.open_mark):
            return None
        i = span.para_start - 1
        while i >= 0 and text[i].isspace():
            i -= 1
        if i < 0 or text[i] != ":":
            return None
        p_end = i
        p_start = text.rfind("\n", 0, p_end) + 1
        if self.in_heading(p_start, p_end):
            return None
        sents = Sentences(text, p_start, p_end, [])
        floor = sents.around(p_end - 1)[0]
        found = left_cue(text, floor, p_end, False)
        if found is None and (owner := possessive_claim(text, floor, p_end + 1)):
            found = Attribution(owner[1], owner[0], "", None, None)
        if found is None:
            subject = sentence_subject(text, floor, p_end)
            if subject is not None:
                found = Attribution(subject[1], subject[0], "", None, None)
        return found

    def subject_of_sentence(self, span: QuoteSpan) -> Attribution | None:
        """The person a sentence is about, for a fragment quoted inside it."""
        floor = self.sentences(span).around(span.open_mark)[0]
        prev, _ = self.neighbours(span)
        if prev is not None and prev.close_mark is not None:
            floor = max(floor, prev.close_mark + 1)
        if _blank(self.text, floor, span.open_mark):
            return None
        found = sentence_subject(self.text, floor, span.open_mark)
        if found is None:
            return None
        speaker = found[1]
        if (
            speaker.kind == "person"
            and " " not in speaker.name
            and not speaker.role
            and not self.mentions.knows_last_name(speaker.name)
        ):
            return None  # "Pressure is building…": a capitalised word, not a person
        return Attribution(speaker, found[0], "", None, None)

    def trailing_cue(self, span: QuoteSpan) -> Attribution | None:
        """'A cashier who “steals…” is held accountable, Doe said.': the
        reporting clause closes the sentence, away from the quotation."""
        if span.close_mark is None:
            return None
        _, nxt = self.neighbours(span)
        end = self.sentences(span).around(span.close_mark + 1)[1]
        if nxt is not None:
            end = min(end, nxt.open_mark)
        return trailing_cue(self.text, span.close_mark + 1, end)

    def caption(self, span: QuoteSpan) -> Attribution | None:
        """A credit line under a paragraph of quotation: '“…”' then '— Jane Doe,
        a scholar at Acme.' on a line of its own, as in fact-check round-ups."""
        text = self.text
        nxt = _NEXT_LINE_RE.match(text, span.para_end)
        if nxt is None or text[nxt.end() : nxt.end() + 1] not in _DASHES:
            return None  # the usual case, told by the next paragraph's first character
        last = self._para_quotes[span.para_start][-1]
        tail_from = last.close_mark + 1 if last.close_mark is not None else last.end
        if text[tail_from : span.para_end].strip(" .\t"):
            return None
        m = re.compile(_CAPTION).match(text, nxt.end())
        if m is None:
            return None
        head = m.group(1).split(",", 1)[0]
        speaker = parse_speaker(head)
        if speaker is None or speaker.pronoun or not speaker.kind:
            return None
        return Attribution(speaker, m.start(1), "", None, None)

    def shared_cue(self, i: int, own: list[Attribution | None]) -> Attribution | None:
        """'“…” and “…,” Doe said': a quotation listed before another shares the
        cue written after that one."""
        span = self.spans[i]
        _, nxt = self.neighbours(span)
        if span.close_mark is None or nxt is None or nxt.close_mark is None:
            return None
        if not re.compile(_JOINED).fullmatch(self.text, span.close_mark + 1, nxt.open_mark):
            return None
        found = own[i + 1]
        if found is None or found.at < nxt.close_mark or found.cue_end is None:
            return None
        # Only a cue that closes the sentence ("…,” Doe said.") covers the list;
        # "…,” Doe said yes, yes" reports something else.
        end = self.sentences(nxt).around(found.cue_end)[1]
        return found if re.compile(_CLOSING).fullmatch(self.text, found.cue_end, end) else None

    def continued_cue(self, i: int, own: list[Attribution | None]) -> Attribution | None:
        """'“…,” said Doe, an economist, “is that…”': a quotation that goes on
        after the cue of the one before it, in the same sentence."""
        span = self.spans[i]
        prev, _ = self.neighbours(span)
        if prev is None or prev.close_mark is None:
            return None
        found = own[i - 1]
        if found is None or not prev.close_mark < found.at < span.open_mark:
            return None
        sents = self.sentences(span)
        return found if sents.around(prev.close_mark + 1) == sents.around(span.open_mark) else None

    def previous_sentence_cue(self, span: QuoteSpan) -> Attribution | None:
        """'…, Doe said. “The other factor…”': a quotation opening its sentence
        right after a sentence that reports the same speaker."""
        sents = self.sentences(span)
        s_start = sents.around(span.open_mark)[0]
        if not _blank(self.text, s_start, span.open_mark) or s_start <= span.para_start:
            return None
        p_start = sents.around(s_start - 1)[0]
        prev, _ = self.neighbours(span)
        if prev is not None and prev.open_mark >= p_start:
            return None  # that sentence has its own quotation
        found = trailing_cue(self.text, p_start, s_start)
        if found is None:
            # 'Doe called him a master of the deal. “He showed…”': a sentence whose
            # named subject speaks introduces the quotation that follows it.
            verb = next(iter_verbs(self.text, p_start, s_start, LEFT_VERBS), None)
            if verb is not None:
                subject = sentence_subject(self.text, p_start, verb[1], named=True)
                if subject is not None and not subject[1].pronoun:
                    found = Attribution(subject[1], subject[0], "", None, None)
        return found

    def resolve(self, att: Attribution, span: QuoteSpan) -> tuple[str | None, str, str]:
        """Canonical (speaker, role, kind) for an attribution's speaker phrase."""
        sp = att.speaker
        mentions = self.mentions
        if sp.pronoun:
            # The pronoun's sentence is the one the quotation opens in: stops
            # inside the quotation do not end it.
            start = _sentence_start(self.text, min(att.at, span.open_mark))
            before = start - 1
            while before > 0 and self.text[before].isspace():
                before -= 1
            previous = _sentence_start(self.text, before) if before > 0 else start
            found = mentions.resolve_pronoun(sp.name, att.at, start, previous)
            if found is None:
                return None, "", ""
            name, kind = found
            mentions.add(att.at, Speaker(name, "", kind))
            return name, mentions.role_of(name), kind
        if not sp.kind:
            name = mentions.resolve_role(sp.name, att.at)
            if name is not None:
                return name, mentions.role_of(name), "person"
            return sp.name, "", ""
        name = mentions.add(att.at, sp)
        role = sp.role or (mentions.role_of(name) if sp.kind == "person" else "")
        return name, role, sp.kind

    def run(self) -> list[ExtractedQuote]:
        text = self.text
        own: list[Attribution | None] = [self.own_cue(s) for s in self.spans]
        for i, span in enumerate(self.spans):
            if own[i] is None and (caption := self.caption(span)) is not None:
                own[i] = caption
        resolved: list[tuple[str | None, str, str]] = []
        cues: list[Attribution | None] = []
        by_group: dict[int, int] = {}
        for i, s in enumerate(own):
            if s is not None:
                by_group.setdefault(self.spans[i].group, i)
        last_in_para: dict[int, int] = {}
        keep: list[bool] = []
        prev_para_last: int | None = None
        current_para = -1
        for i, span in enumerate(self.spans):
            if span.para_start != current_para:
                prev_para_last = last_in_para.get(current_para)
                current_para = span.para_start
            att = own[i]
            who: tuple[str | None, str, str] = (None, "", "")
            if att is None:
                att = self.introduction(span) or self.trailing_cue(span) or self.continued_cue(i, own)
            if att is not None:
                who = self.resolve(att, span)
            else:
                j = by_group.get(span.group)
                if j is not None and j != i:
                    who = resolved[j] if j < i else self.resolve(own[j], self.spans[j])
                    att = own[j]
                elif (subject := self.subject_of_sentence(span) or self.shared_cue(i, own)) is not None:
                    att = subject
                    who = self.resolve(att, span)
                elif (earlier := self.previous_sentence_cue(span)) is not None:
                    att = earlier
                    who = self.resolve(att, span)
                elif span.para_start in last_in_para:
                    k = last_in_para[span.para_start]
                    who, att = resolved[k], cues[k]
                elif prev_para_last is not None and _blank(text, span.para_start, span.open_mark):
                    who, att = resolved[prev_para_last], cues[prev_para_last]
            resolved.append(who)
            cues.append(att)
            keep.append(self._keep(span, own[i] is not None or att is not None))
            if who[0] is not None:
                last_in_para[span.para_start] = i
        out = []
        for span, (speaker, role, kind), att, ok in zip(self.spans, resolved, cues, keep, strict=True):
            if not ok:
                continue
            quote = text[span.start : span.end]
            score, reasons = _assess(quote)
            out.append(
                ExtractedQuote(
                    start=span.start,
                    end=span.end,
                    text=quote,
                    speaker=speaker,
                    speaker_role=clean_role(role),
                    speaker_kind=kind or (DESCRIPTION if speaker else ""),
                    cue=att.cue if att else "",
                    cue_start=att.cue_start if att else None,
                    cue_end=att.cue_end if att else None,
                    kind=_kind(text, span),
                    checkworthiness=score,
                    reasons=reasons,
                )
            )
        return out

    def _keep(self, span: QuoteSpan, attributed: bool) -> bool:
        """Drop titles of works, nicknames and unattributed scare quotes."""
        text = self.text
        # Only short quotations are ever dropped: the opening words tell whether
        # this one is short, without listing every word of a long one. Below,
        # seven words or more act alike, and eight matches in the first 60
        # characters (the eighth perhaps cut short) prove there are seven.
        words = _WORD_RE.findall(text, span.start, min(span.end, span.start + 60))
        if len(words) < 8:
            words = _WORD_RE.findall(text, span.start, min(span.end, span.start + 120))
            if len(words) < 7 and span.end > span.start + 120:
                words = _WORD_RE.findall(text, span.start, span.end)
        if not words:
            return False
        before = text[max(span.para_start, span.open_mark - 40) : span.open_mark]
        if before.endswith("="):
            return False  # a markup attribute value: <tweet author="…">
        if (
            text[span.start] in "(["
            and text[span.end - 1] in ")]"
            and _BRACKETED_RE.fullmatch(text, span.start, span.end)
        ):
            return False  # a stage direction in a transcript: "(CROSSTALK.)"
        if not attributed and len(words) == 1 and words[0].lower() in _WORDS_AS_WORDS:
            return False  # a word quoted as a word: because "she" is a "he"
        after = text[span.end + 1 : span.end + 3] if span.close_mark is not None else ""
        if len(words) <= 2 and before[-1:].isspace() and before.rstrip()[-1:].isalpha():
            prev_word = before.split()[-1] if before.split() else ""
            if prev_word[:1].isupper() and after[:1].isspace() and after[1:2].isupper():
                return False  # a nickname inside a name: Robert "Bobby" Scott
        if len(words) <= 6 and _is_title_case(words) and _TITLE_INTRO_RE.search(before):
            return False  # a work's title: CNN's “State of the Union”, titled “Arrogant”
        return True


def extract(text: str, *, headings: Sequence[tuple[int, int]] = ()) -> list[ExtractedQuote]:
    """Find the quotations in an article and attribute each to its speaker."""
    if not text or not text.strip():
        return []
    return _Article(text, headings).run()
