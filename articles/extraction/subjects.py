"""Who a sentence is about: its subject, for quotations without a cue of their own.

A fragment quoted inside paraphrase ('Doe called the plan “a disaster”', 'In May,
Gov. Doe of Ohio praised the “quick work”') belongs to the sentence's subject,
found at the sentence start or after an opening clause, past any appositive,
home or relative clause between the name and its verb. A possessive claim
('Doe's claim that there were “…”') names its owner instead.
"""

from __future__ import annotations

import re

from .cues import looks_like_verb, surely_verb
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


# 'this statement by Jane Doe on June 11:' / 'a tweet from Doe: “…”'
_CLAIM_BY_RE = re.compile(
    rf"\b(?:{_SAID_NOUNS})s?\s+(?:by|from)\s+"
    r"((?:[A-Z][\w.’'\-]*\s+){0,4}[A-Z][\w’'\-]*)"
    r"(?:\s+(?:on|in|at|last|this)\b[^.;:!?“”\"]{0,40})?[\s,:]*$"
)


def possessive_claim(text: str, floor: int, open_mark: int) -> tuple[int, Speaker] | None:
    """'Doe's claim that there were “…”' or 'this statement by Doe:': whoever
    owns the claim said it."""
    lo = max(floor, open_mark - 200)
    m = _POSSESSIVE_CLAIM_RE.search(text, lo, open_mark) or _CLAIM_BY_RE.search(text, lo, open_mark)
    if m is None:
        return None
    speaker = parse_speaker(m.group(1))
    if speaker is None or speaker.pronoun or not speaker.kind:
        return None
    return m.start(1), speaker


_SUBORDINATE_RE = re.compile(
    r"\b(?:after|before|when|whenever|while|as|because|since|although|though|until|once)"
    r"\s+((?:[A-Z][\w’'.\-]*\s+){0,3}[A-Z][\w’'\-]*|he|she|they|we)\s+"
    r"(?:also\s+|then\s+|again\s+)?([a-z][a-z’'\-]*)"
)
# Not verbs after a subject, though they look like one ("after Trump as a…").
_LINKING = frozenset(
    """is was are were be been has had have will would can could may might as this his
    its us thus plus less unless perhaps always towards""".split()
)


def clause_subject(text: str, floor: int, open_mark: int) -> tuple[int, Speaker] | None:
    """The subject of a subordinate clause that holds the quotation: 'Doe called
    her “a disgrace” after she attacked the police and blamed shootings on “bias”'
    — “bias” is hers. Only when no punctuation separates the clause from the mark."""
    last = None
    for m in _SUBORDINATE_RE.finditer(text, floor, open_mark):
        last = m
    if last is None or last.group(2) in _LINKING or not looks_like_verb(last.group(2)):
        return None
    tail = text[last.end() : open_mark]
    if any(c in tail for c in ',;:“”"()—'):
        return None
    subject = last.group(1)
    pronoun = subject_pronoun(subject)
    if pronoun:
        return last.start(1), Speaker(pronoun, "", "", pronoun=True)
    speaker = parse_speaker(subject)
    if speaker is None or speaker.pronoun or speaker.kind not in ("person", "organization"):
        return None
    return last.start(1), speaker


def sentence_subject(text: str, floor: int, end: int, named: bool = False) -> tuple[int, Speaker] | None:
    """The named subject of the sentence starting at `floor`, if it has one.

    Tries the sentence start and the start of each comma-separated clause, so
    'On Tuesday, Jane Doe addressed …' and 'Speaking in Paris, Doe …' work.
    With `named`, a description ('His partner, Jane Doe, said') gives way to
    the name in apposition to it.
    """
    starts = [floor] + [m.end() for m in _CLAUSE_RE.finditer(text, floor, end)]
    for i, start in enumerate(starts[:4]):
        found = _leading_name(text, start, end)
        if found is None:
            continue
        if not found[1].kind and i + 1 < len(starts):
            # "The Housing Secretary, Jane Doe, rejected…": the name in apposition.
            named_one = _leading_name(text, starts[i + 1], end)
            if named_one is not None and named_one[1].kind == "person":
                name, role, kind = named_one[1][:3]
                return named_one[0], Speaker(name, role or found[1].name, kind)
        if found[1].kind or not named:
            return found
    return None


def _skip_after_name(text: str, toks: list[tuple[int, int]], n: int) -> int:
    """Index of the token after what may follow a subject's name before its verb:
    an appositive ('Jane Doe, the director of X, said'), a home ('Gov. Jane Doe of
    Ohio said') or a party tag ('Jane Doe, R-Ohio, said', 'Jane Doe (D-Ohio) said')."""
    if n < len(toks) - 1 and text[toks[n][0]] == "(":
        k = n
        while k < min(len(toks) - 1, n + 6) and ")" not in text[toks[k][0] : toks[k][1]]:
            k += 1
        if text[toks[k][1] - 1] == ",":
            return _skip_after_name(text, toks, k + 1)
        return k + 1
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
    # "a Times article hailed…", "the statement noted…", "several environmental
    # groups granted…": determiner, a few words, verb.
    quantity = text[toks[0][0] : toks[0][1]].lower() in QUANTITY_HEADS
    for k in range(2, min(len(toks), 6)):  # a determiner alone is no subject
        tok = text[toks[k][0] : toks[k][1]]
        if tok.endswith((",", ";", ":", ".")):
            return None
        if tok[:1].islower() and looks_like_verb(tok) and k + 1 < len(toks):
            if not surely_verb(tok) and surely_verb(text[toks[k + 1][0] : toks[k + 1][1]]):
                continue  # "groups granted": the plural noun, then its verb
            phrase = text[toks[0][0] : toks[k - 1][1]]
            if quantity:
                return toks[0][0], Speaker(phrase, "", "")
            speaker = parse_speaker(phrase, lenient=True)
            return (toks[0][0], speaker) if speaker is not None else None
    return None


# Words that open a noun phrase of several people: "several environmental groups".
QUANTITY_HEADS = frozenset(
    """several some many most few both two three four five six seven eight nine ten dozens
    hundreds thousands millions""".split()
)


# Present-tense verbs of saying after a plural subject, which looks_like_verb
# cannot tell from nouns.
_BASE_SPEECH_VERBS = frozenset(
    """say tell call claim argue insist warn describe label dub accuse blame praise deny
    admit predict promise urge note write""".split()
)


def _owned_subject(text: str, toks: list[tuple[int, int]], n: int) -> tuple[int, Speaker] | None:
    # "Ivana Doe's brief said", "Doe's family has called": a name's possession
    # is the subject; the scorer and the reader both want the phrase as written.
    last = text[toks[n - 1][0] : toks[n - 1][1]]
    if not last.endswith(("'s", "’s")) or n < len(toks) and text[toks[n][0]].isupper():
        return None
    # One or two lower-case nouns ("brief", "campaign manager"), then the verb.
    for k in (n + 1, n + 2):
        if k >= len(toks) - 1:
            return None
        if not all(text[toks[j][0] : toks[j][1]].isalpha() for j in range(n, k + 1)):
            return None
        if not all(text[toks[j][0] : toks[j][1]].islower() for j in range(n, k + 1)):
            return None
        verb = text[toks[k][0] : toks[k][1]]
        if looks_like_verb(verb) and verb not in GLUE:
            break
    else:
        return None
    owner = parse_speaker(text[toks[0][0] : toks[n - 1][1] - 2])
    if owner is None or owner.kind != "person" or owner.pronoun:
        return None
    return toks[0][0], Speaker(text[toks[0][0] : toks[k - 1][1]], "", "")


# Prepositions that open an adverbial phrase, not a subject: "After the Paris
# attacks, Doe…", "In May, Doe…" (the subject comes after the comma).
_PREPOSITION_OPENERS = frozenset(
    """during following despite amid amidst in on at for from by with without under over
    through into unlike like upon within across among between behind beyond throughout""".split()
)
# Conjunctions that open a clause whose subject follows at once: "While Doe admitted…".
_SUBORDINATORS = frozenset("when while as if although though because whereas unless once".split())
# Both, as the next word tells: "After the attacks, Doe…" / "After Doe spoke…".
_EITHER = frozenset("after before since until".split())


# Adverbs that may stand between a subject and its verb.
_ADVERBS = frozenset("however also again then later still now too even often once already".split())

# Words that join a sentence to the one before it: "And then Doe went on the attack".
_CONNECTIVES = frozenset("and but so then yet still now also meanwhile however".split())

_WEEKDAYS_MONTHS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december jan feb mar apr jun
    jul aug sep sept oct nov dec""".split()
)
TIME_WORDS = frozenset(
    """yesterday today tonight earlier later night morning afternoon evening week weekend
    month year time""".split()
)
TIME_GLUE = frozenset("on last this next late early earlier in at the".split())


def is_time_word(word: str) -> bool:
    """A day, a month or a word of time ("Tuesday", "week", "5")."""
    word = word.strip(",").rstrip(".").lower()
    return word in _WEEKDAYS_MONTHS or word in TIME_WORDS or word.isdigit() and len(word) <= 2


def _skip_time(text: str, toks: list[tuple[int, int]], k: int) -> int:
    """Index past a time phrase between a subject and its verb: "Doe on Thursday
    ratcheted up…", "Doe last week invited…", "Doe at the time said…"."""
    j = k
    timed = False
    while j < len(toks) - 1 and j < k + 4:
        word = text[toks[j][0] : toks[j][1]]
        if word.endswith(","):
            break
        if is_time_word(word):
            timed = True
        elif timed or word.lower() not in TIME_GLUE:
            break
        j += 1
    return j if timed else k


def _leading_name(text: str, start: int, end: int) -> tuple[int, Speaker] | None:
    toks = tokens(text, start, min(end, start + 200))
    while len(toks) > 1 and text[toks[0][0] : toks[0][1]].lower().rstrip(",") in _CONNECTIVES:
        toks = toks[1:]  # "And then Doe…", "But he…"
    if not toks:
        return None
    opener = text[toks[0][0] : toks[0][1]].lower()
    if opener in DESCRIPTION_HEADS or opener in QUANTITY_HEADS:
        found = _leading_description(text, toks)
        if found is not None:
            return found
    elif opener in _PREPOSITION_OPENERS:
        return None
    elif opener in _SUBORDINATORS or opener in _EITHER:
        # Only at the start of a sentence: "… “a lightweight” while Doe is “a liar”"
        # quotes the sentence's speaker, not the subject of its subordinate clause.
        nxt = text[toks[1][0] : toks[1][1]] if len(toks) > 1 else ""
        if not text[toks[0][0]].isupper() or not nxt[:1].isupper():
            return None
        if opener in _EITHER and nxt.lower() in DESCRIPTION_HEADS:
            return None
        toks = toks[1:]  # the clause's own subject
    n = 0
    for s, e in toks[:MAX_SUBJECT_TOKENS]:
        tok = text[s:e]
        if not (tok[:1].isupper() or tok.lower().strip(",") in _SUBJECT_WORDS):
            break
        if tok == "of" and n and is_name_token(text[toks[n - 1][0] : toks[n - 1][1]]):
            break  # "Gov. Jane Doe of Ohio": the home follows the name
        n += 1
        if tok.endswith(",") or tok.endswith(("'s", "’s")) and tok[:1].isupper():
            # "Jane Doe's doctor": the owner's name ends here; but "Germany's
            # Chancellor Jane Doe" goes on to the person the possessive belongs to.
            if tok.endswith(",") or n >= len(toks) or not text[toks[n][0]].isupper():
                break
    if n == 0 or n >= len(toks):
        return None
    owned = _owned_subject(text, toks, n)
    if owned is not None:
        return owned
    k = _skip_time(text, toks, _skip_after_name(text, toks, n))
    while k < len(toks) - 1 and (
        text[toks[k][0] : toks[k][1]].endswith("ly") or text[toks[k][0] : toks[k][1]] in _ADVERBS
    ):
        k += 1  # "Jane Doe cynically dismissed", "Doe however said"
    nxt = text[toks[k][0] : toks[k][1]]
    together = n > 2 and any(text[s:e] == "and" for s, e in toks[1 : n - 1])
    if together and nxt in _BASE_SPEECH_VERBS:
        pass  # "Obama and Clinton call them “lone wolves”": a plural subject's verb
    elif not nxt[:1].islower() or not looks_like_verb(nxt) or nxt in GLUE:
        return None
    first = text[toks[0][0] : toks[0][1]]
    if n == 1 and subject_pronoun(first):
        return toks[0][0], Speaker(subject_pronoun(first), "", "", pronoun=True)
    phrase = text[toks[0][0] : toks[n - 1][1]]
    speaker = parse_speaker(phrase)
    if speaker is None:
        return None
    if not speaker.kind:  # a description: "The Republican nominee also said"
        return (toks[0][0], speaker) if together or first.lower() in DESCRIPTION_HEADS else None
    if speaker.kind == "person" and not any(is_name_token(text[s:e]) for s, e in toks[:n]):
        return None
    return toks[0][0], speaker
