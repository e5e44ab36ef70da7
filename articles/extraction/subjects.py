"""Who a sentence is about: its subject, for quotations without a cue of their own.

A fragment quoted inside paraphrase ('Doe called the plan “a disaster”', 'In May,
Gov. Doe of Ohio praised the “quick work”') belongs to the sentence's subject,
found at the sentence start or after an opening clause, past any appositive,
home or relative clause between the name and its verb. A possessive claim
('Doe's claim that there were “…”') names its owner instead.
"""

from __future__ import annotations

import re

from .cues import looks_like_verb
from .models import Speaker
from .speakers import ROLE_NOUNS, is_name_token, parse_speaker

_CLAUSE_RE = re.compile(r",\s*")
_SUBJECT_WORDS = ROLE_NOUNS | {"of", "for", "at", "the", "and"}
SUBJECT_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_CONTRACTED = {"s", "re", "d", "ll", "ve", "m"}


def subject_pronoun(tok: str) -> str:
    """'he' for "He", "he’s" or "He'd" (a contracted auxiliary), else ''."""
    word = tok.lower().replace("’", "'")
    head, _, tail = word.partition("'")
    if head in SUBJECT_PRONOUNS and (not tail or tail in _CONTRACTED):
        return head
    return ""


GLUE = {"of", "for", "at", "the", "a", "an", "and", "to", "on", "in"}
MAX_SUBJECT_TOKENS = 12


def tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the whitespace-separated tokens of text[start:end]."""
    # str.split and a find per token: cheaper than a regex match object per token.
    # Each token is found where it starts, as only whitespace lies before it.
    spans = []
    pos = start
    for token in text[start:end].split():
        pos = text.find(token, pos)
        spans.append((pos, pos + len(token)))
        pos += len(token)
    return spans


# "my father said" and "our reporter wrote" come from first-person columns.
DESCRIPTION_HEADS = {"the", "a", "an", "one", "his", "her", "their", "its", "another", "my", "our"}


# Nouns for something said: 'Jane Doe's claim that there were “…”'.
_SAID_NOUNS = (
    "claim|statement|remark|comment|words|assertion|promise|pledge|warning|argument|"
    "description|prediction|boast|vow|insistence|contention|answer|response|reply|"
    "message|tweet|post|quip|charge|accusation|characterization|suggestion|declaration"
)


_POSSESSIVE_CLAIM_RE = re.compile(
    rf"([A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){{0,3}})['’]s\s+(?:[a-z\-]+\s+)?(?:{_SAID_NOUNS})s?\b"
    # The quotation is the claim itself: it follows at once or in a 'that' clause
    # (not 'Doe's statement was “false”', a verdict on it).
    r"(?:\s+that\s[^.;:!?“”\"]{0,80}|[\s,:]*)$"
)


def possessive_claim(text: str, floor: int, open_mark: int) -> tuple[int, Speaker] | None:
    """'Doe's claim that there were “…”': whoever owns the claim said it."""
    m = _POSSESSIVE_CLAIM_RE.search(text, max(floor, open_mark - 200), open_mark)
    if m is None:
        return None
    speaker = parse_speaker(m.group(1))
    if speaker is None or speaker.pronoun or not speaker.kind:
        return None
    return m.start(1), speaker


def sentence_subject(
    text: str, floor: int, end: int, named: bool = False
) -> tuple[int, Speaker] | None:
    """The named subject of the sentence starting at `floor`, if it has one.

    Tries the sentence start and the start of each comma-separated clause, so
    'On Tuesday, Jane Doe addressed …' and 'Speaking in Paris, Doe …' work.
    With `named`, a description ('His partner, Jane Doe, said') gives way to
    the name in apposition to it.
    """
    starts = [floor] + [m.end() for m in _CLAUSE_RE.finditer(text, floor, end)]
    for start in starts[:4]:
        found = _leading_name(text, start, end)
        if found is not None and (found[1].kind or not named):
            return found
    return None


def _skip_after_name(text: str, toks: list[tuple[int, int]], n: int) -> int:
    """Index of the token after what may follow a subject's name before its verb:
    an appositive ('Jane Doe, the director of X, said'), a home ('Gov. Jane Doe of
    Ohio said') or a party tag ('Jane Doe, R-Ohio, said')."""
    last = text[toks[n - 1][0] : toks[n - 1][1]]
    if last.endswith(","):
        # A relative clause ("Doe, who ran against her in 2012, said") runs longer
        # than a title does.
        opener = text[toks[n][0] : toks[n][1]].lower() if n < len(toks) else ""
        reach = 30 if opener in ("who", "whose", "which") else 14
        for k in range(n, min(len(toks) - 1, n + reach)):
            if text[toks[k][0] : toks[k][1]].endswith(","):
                return k + 1
        return n
    k = n
    if k < len(toks) - 1 and text[toks[k][0] : toks[k][1]] == "of":
        k += 1
        while k < len(toks) - 1 and text[toks[k][0]].isupper():
            k += 1
    return k


def _leading_description(text: str, toks: list[tuple[int, int]]) -> tuple[int, Speaker] | None:
    # "a Times article hailed…", "the statement noted…": determiner, a few words, verb.
    for k in range(1, min(len(toks), 6)):
        tok = text[toks[k][0] : toks[k][1]]
        if tok.endswith((",", ";", ":", ".")):
            return None
        if tok[:1].islower() and looks_like_verb(tok) and k + 1 < len(toks):
            speaker = parse_speaker(text[toks[0][0] : toks[k - 1][1]], lenient=True)
            return (toks[0][0], speaker) if speaker is not None else None
    return None


def _leading_name(text: str, start: int, end: int) -> tuple[int, Speaker] | None:
    toks = tokens(text, start, min(end, start + 200))
    if toks and text[toks[0][0] : toks[0][1]].lower() in DESCRIPTION_HEADS:
        found = _leading_description(text, toks)
        if found is not None:
            return found
    n = 0
    for s, e in toks[:MAX_SUBJECT_TOKENS]:
        tok = text[s:e]
        if not (tok[:1].isupper() or tok.lower().strip(",") in _SUBJECT_WORDS):
            break
        if tok == "of" and n and is_name_token(text[toks[n - 1][0] : toks[n - 1][1]]):
            break  # "Gov. Jane Doe of Ohio": the home follows the name
        n += 1
        if tok.endswith(","):
            break
    if n == 0 or n >= len(toks):
        return None
    k = _skip_after_name(text, toks, n)
    while k < len(toks) - 1 and text[toks[k][0] : toks[k][1]].endswith("ly"):
        k += 1  # "Jane Doe cynically dismissed"
    nxt = text[toks[k][0] : toks[k][1]]
    if not nxt[:1].islower() or not looks_like_verb(nxt) or nxt in GLUE:
        return None
    first = text[toks[0][0] : toks[0][1]]
    if n == 1 and subject_pronoun(first):
        return toks[0][0], Speaker(subject_pronoun(first), "", "", pronoun=True)
    phrase = text[toks[0][0] : toks[n - 1][1]]
    speaker = parse_speaker(phrase)
    if speaker is None:
        return None
    if not speaker.kind:  # a description: "The Republican nominee also said"
        return (toks[0][0], speaker) if first.lower() in DESCRIPTION_HEADS else None
    if speaker.kind == "person" and not any(is_name_token(text[s:e]) for s, e in toks[:n]):
        return None
    return toks[0][0], speaker
