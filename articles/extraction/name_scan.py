"""Scan an article for the people and institutions it names.

Every capitalised run of words is a candidate; titles and roles in front of it
("Foreign Ministry spokesman", "Sen.") are kept as the person's role, and whether
the name is the subject of a verb decides how strongly a later "he" or "she"
will point back to it. Places, institutions and sentence-initial words are
filtered out with word lists before any parsing, which keeps the scan cheap.
"""

from __future__ import annotations

import re

from .cues import SPEECH_VERBS, looks_like_verb
from .given_names import GIVEN
from .mentions import LEADING_SUBJECT, OTHER, SUBJECT, Mentions
from .models import Speaker
from .speakers import (
    _KEYS,
    HONORIFICS,
    NOT_NAMES,
    ORG_WORDS,
    PARTICLES,
    PRONOUNS,
    ROLE_NOUNS,
    TITLES,
    name_key,
    parse_speaker,
)

_PRONOUN_AFTER_RE = re.compile(r"[^.!?\n“”\"]{0,80}?\b(he|she)\b")
_PARTICLE_ALT = "|".join(sorted(PARTICLES, key=len, reverse=True))
# The pattern opens with the capital letter itself so that the regex engine can
# jump from capital to capital; a look-behind at the start would be tried at
# every character and costs three times as much. Sentence openers ("The", "But")
# still match and are dropped by the word lists below.
_RUN_RE = re.compile(
    rf"[A-Z](?<![\w’'.][A-Z])[\w’'\-]*\.?"
    rf"(?:[ \u00a0](?:(?:{_PARTICLE_ALT})[ \u00a0])*[A-Z][\w’'\-]*\.?)*"
)
# What follows a name: a party tag in brackets or a day ("Doe on Friday said")
# may stand between a subject and its verb.
# So may the person's institution: "Dan Doe of the National Review agreed".
_AFTER_RE = re.compile(
    r"\s*(?:\([^()]{0,30}\)\s*)?"
    # or an aside between dashes: "Jane Doe — who has called for … — lambasting"
    r"(?:[—–]\s[^—–\n]{1,120}\s[—–]\s*)?"
    r"(?:(?:of|at|from)\s+(?:the\s+)?[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,4}\s*)?"
    r"(?:on\s+[A-Z][a-z]+day\s+)?(,|[a-z][a-z’'\-]*)"
)
_NOT_FOLLOWERS = {
    "and",
    "or",
    "of",
    "for",
    "to",
    "in",
    "on",
    "at",
    "the",
    "a",
    "an",
    "with",
    "from",
    "by",
    "as",
    "is",
    "was",
    "are",
    "were",
    "has",
    "have",
    "had",
}
_ABBREVIATED = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen",
    "rep",
    "gov",
    "gen",
    "lt",
    "col",
    "capt",
    "sgt",
    "adm",
    "st",
    "jr",
    "sr",
    "prof",
    "rev",
    "del",
    "u.s",
    "u.n",
    "u.k",
}


def _split_run(tokens: list[str]) -> list[list[str]]:
    # A run may cross a sentence end ("... in Washington. The ..."): cut after a
    # full stop unless the token is an initial or an abbreviated title.
    parts: list[list[str]] = [[]]
    for tok in tokens:
        parts[-1].append(tok)
        if tok.endswith(".") and not (len(tok) == 2 or "." in tok[:-1] or tok[:-1].lower() in _ABBREVIATED):
            parts.append([])
    return [p for p in parts if p]


def scan_mentions(text: str, skip: list[tuple[int, int]], mentions: Mentions, end: int | None = None) -> None:
    """Record the people and institutions named in text[:end] outside `skip` spans."""
    end = len(text) if end is None else min(end, len(text))
    pos = 0
    for s, e in sorted(skip) + [(end, end)]:
        s = min(s, end)
        if s > pos:
            _scan_segment(text, pos, s, mentions)
        pos = max(pos, e)
        if pos >= end:
            break


def _scan_segment(text: str, start: int, end: int, mentions: Mentions) -> None:
    keys = _KEYS
    for m in _RUN_RE.finditer(text, start, end):
        run = m.group()
        if " " not in run and "\u00a0" not in run:
            # The common case: a capitalised word that starts a sentence.
            key = keys[run]
            if key in _NEVER_PEOPLE:
                continue
            at = m.start()
            if _single_worth_checking(text, at, key, mentions):
                _consider(text, at, [run], end, mentions)
            continue
        tokens = run.split()
        parts = _split_run(tokens) if "." in run else [tokens]
        at = m.start()
        for part in parts:
            part_start = at
            at += len(" ".join(part)) + 1
            last = name_key(part[-1])
            if last in ORG_WORDS and not part[-1].endswith(("’s", "'s")):
                # An institution keeps its place words ("United Nations", "New
                # York Police Department"); only sentence openers fall away.
                i = 0
                while i < len(part) - 1 and name_key(part[i]) in _OPENER_WORDS:
                    part_start += len(part[i]) + 1
                    i += 1
                _consider_organization(text, part_start, part[i:], end, mentions)
                continue
            i = 0
            while i < len(part) - 1 and name_key(part[i]) in NOT_NAMES and not _opens_title(part, i):
                part_start += len(part[i]) + 1  # "But", "In", "The" before a name
                i += 1
            if i:
                part = part[i:]
                last = name_key(part[-1])
            if last in _NEVER_PEOPLE and not (
                last in NOT_NAMES and len(part) > 1 and name_key(part[-2]) in GIVEN_NAMES
            ):
                continue  # places, institutions and bare titles are not people, but "Daniel Park" is
            if len(part) == 1 and not _single_worth_checking(text, part_start, last, mentions):
                continue
            _consider(text, part_start, part, end, mentions)


GIVEN_NAMES = GIVEN
_OPENER_WORDS = frozenset(
    """the a an and but or in on at of for to from by with as after before when while if
    that this these those meanwhile however also still yet then now""".split()
)
_NEVER_PEOPLE = NOT_NAMES | ORG_WORDS | TITLES
_ROLE_OR_TITLE = ROLE_NOUNS | TITLES
_CLAUSE_OPENERS = {
    "and",
    "but",
    "that",
    "when",
    "while",
    "as",
    "because",
    "after",
    "before",
    "meanwhile",
    "then",
    "so",
    "if",
    "though",
    "although",
    "since",
}


def _word_before(text: str, at: int) -> str:
    words = text[max(0, at - 30) : at].rsplit(None, 1)  # the last word is all we need
    return words[-1].lower() if words and not text[at - 1 : at].isalnum() else ""


def _role_before(text: str, at: int) -> str:
    """Role words written in front of a name: 'Foreign Ministry spokesman'."""
    near = text[max(0, at - 20) : at].rsplit(None, 1)
    if not near or name_key(near[-1]) not in _ROLE_OR_TITLE:
        return ""  # the usual case, decided on the last word
    words = text[max(0, at - 80) : at].split()[-7:]
    kept: list[str] = []
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        key = name_key(word)
        if key == "of" and i and name_key(words[i - 1]) in TITLES and kept:
            kept.append(word)  # "Secretary of State Jane Doe"
            continue
        abbreviation = word.endswith(".") and (key in _ABBREVIATED or "." in key)
        if (
            word.endswith((",", ";", ":", "."))
            and not word.endswith(".)")
            and not abbreviation
            or key in NOT_NAMES
            and not (word[:1].isupper() and key in _TITLE_WORDS)  # "Senate Majority Leader"
            or word[-1] in "”\"’'"
        ):
            break  # "U.N. envoy Jane Doe" keeps its "U.N."; a full stop or a quotation ends the role
        if not (word[:1].isupper() or word[:1] == "(" or key in ROLE_NOUNS or key in TITLES):
            break
        kept.append(word)
    return " ".join(reversed(kept))


def _single_worth_checking(text: str, at: int, key: str, mentions: Mentions) -> bool:
    # A lone given name is how features name private people ("Carlos says…").
    return key in GIVEN_NAMES or mentions.knows_last_name(key) or _word_before(text, at) in HONORIFICS


def _consider_organization(text: str, at: int, tokens: list[str], end: int, mentions: Mentions) -> None:
    # Institutions matter for "it said" and "they said": keep those that act as
    # the subject of a verb ("The Security Council said", "the ministry warned").
    name_end = at + len(" ".join(tokens))
    after = _AFTER_RE.match(text, name_end, end)
    if not after or not looks_like_verb(after.group(1)):
        return
    name = " ".join(tokens).rstrip(".,")
    if text[max(0, at - 4) : at].lower().endswith("the "):
        name = "the " + name
    salience = LEADING_SUBJECT if _starts_clause(text, at) else SUBJECT
    mentions.add(at, Speaker(name, "", "organization"), salience, scanned=True)


def _consider(text: str, at: int, tokens: list[str], end: int, mentions: Mentions) -> None:
    name_end = at + len(" ".join(tokens))
    possessive = tokens[-1].endswith(("’s", "'s"))
    if possessive:
        tokens = tokens[:-1] + [tokens[-1][:-2]]
    if not tokens[-1].endswith(("Jr.", "Sr.")):
        tokens[-1] = tokens[-1].rstrip(".")
    if not tokens[-1]:
        return
    speaker = parse_speaker(" ".join(tokens))
    if speaker is None or speaker.kind != "person":
        return
    name_tokens = [t for t in speaker.name.split() if name_key(t) not in PARTICLES]
    before = _role_before(text, at)
    role = f"{before} {speaker.role}" if before and speaker.role else before or speaker.role
    if speaker.role and _word_before(text, at) == "of":
        # "Secretary of State Jane Doe": the capitalised run began after "of".
        name_at = text.find(speaker.name.split()[0], at, name_end)
        longer = _role_before(text, name_at) if name_at > 0 else ""
        if longer.endswith(speaker.role):
            role = longer
    after = _AFTER_RE.match(text, name_end, end)
    follower = after.group(1) if after else ""
    is_subject = False
    if not possessive:
        if follower != "," and looks_like_verb(follower):
            is_subject = True
        else:
            # "said Jane Doe," speaks; "by Jane Doe," does not.
            word = _word_before_phrase(text, at, before)
            is_subject = word in _INVERTING_VERBS or follower == "," and word not in _PREPOSITIONS
    if len(name_tokens) == 1:
        honorific = bool(role) and name_key(role.split()[-1]) in HONORIFICS
        given = is_subject and name_key(name_tokens[0]) in GIVEN_NAMES
        if not honorific and not given and not mentions.knows_last_name(name_tokens[0]):
            return
    elif len(name_tokens) > 4:
        return
    elif not (role or is_subject or possessive or name_key(name_tokens[0]) in GIVEN_NAMES):
        return  # "Saudi Arabia", "Joint Comprehensive Plan": capitalised, not people
    salience = OTHER
    if is_subject:
        salience = SUBJECT
        if _starts_clause(text, at) or follower == "," and _introduced(text, after.end(), end):
            # "Reid said that Sanders has…": Reid speaks, not Sanders.
            salience = SUBJECT if _reported(text, at, before) else LEADING_SUBJECT
    if role != speaker.role:
        speaker = Speaker(speaker.name, role, "person")
    name = mentions.add(at, speaker, salience, scanned=True)
    if is_subject and not mentions.knows_gender(name):
        # "Doe made it clear he had…": the first pronoun after a subject is usually its own.
        m = _PRONOUN_AFTER_RE.match(text, name_end, end)
        if m:
            mentions.set_gender(name, PRONOUNS[m.group(1)])


# Verbs that put their subject after them ("…, noted NBC's Dante Doe."); "told"
# or "asked" are left out because the name after them is their object.
_INVERTING_VERBS = frozenset(
    """said says added noted wrote writes explained continued recalled insisted argued
    declared stated observed remarked replied responded concluded acknowledged admitted
    countered quipped tweeted posted emphasized stressed""".split()
)


# "overseen by Kofi Doe, to make…": a name after these is their object, even
# with a comma after it.
_PREPOSITIONS = frozenset(
    """by with of for to from about against at in on into among between like than
    including after before behind over under toward towards near past beyond upon onto
    across around amid versus vs""".split()
)


def _word_before_phrase(text: str, at: int, role: str) -> str:
    if role:
        at = text.rfind(role, max(0, at - len(role) - 2), at)
        if at < 0:
            return ""
    return _word_before(text, at)


# Capitalised words of a title written before a name.
_TITLE_WORDS = TITLES | ROLE_NOUNS | {"house", "senate", "state", "white", "majority", "minority", "whip"}


def _reported(text: str, at: int, role: str) -> bool:
    """True for the subject of a clause reported by a verb of saying: "Doe said
    (that) Roe has…". The one who speaks is the likelier antecedent of a later
    "he said" than the one spoken about."""
    end = at - len(role) if role else at
    if not text[end - 2 : end - 1].isalpha():
        return False  # the usual case: the name opens its sentence or follows a mark
    words = text[max(0, end - 30) : end].split()[-2:]
    if words and words[-1].lower() == "that":
        words = words[:-1]
    return bool(words) and words[-1].lower() in SPEECH_VERBS


def _introduced(text: str, comma_end: int, end: int) -> bool:
    """ "…concerns Jane Doe, president of the caucus.": a name with its role in
    apposition is how news introduces the next person it quotes."""
    words = text[comma_end : min(end, comma_end + 60)].split()[:4]
    if not words or not words[0][:1].islower():
        return False
    return any(name_key(word) in ROLE_NOUNS for word in words)


def _opens_title(part: list[str], i: int) -> bool:
    """ "Senate" in "Senate Majority Leader Jane Doe": a place word that begins a title."""
    return name_key(part[i]) in _TITLE_WORDS and name_key(part[i + 1]) in _TITLE_WORDS


def _starts_clause(text: str, at: int) -> bool:
    # The role words in front of the name belong to it: skip back over them.
    # (String methods on a short slice: a character loop costs more per name.)
    i = at
    while i > 0:
        lo = max(0, i - 60)
        seg = text[lo:i].rstrip(" \u00a0")
        if not seg:
            return True
        last = seg[-1]
        if last.isspace():
            return last == "\n"
        word = seg.rsplit(None, 1)[-1]
        key = name_key(word)
        if not word.endswith(",") and (
            word[0].islower() and key in ROLE_NOUNS or word[0].isupper() and key in _TITLE_WORDS
        ):
            # "House Speaker Paul Ryan", "retired general Jane Doe"
            i = lo + len(seg) - len(word)
            continue
        if last == "." and (key in _ABBREVIATED or "." in word[:-1]):
            return False  # "U.N. envoy Doe": an abbreviation, not a full stop
        return last in '.!?\n,;:”"—(' or word.lower() in _CLAUSE_OPENERS
    return True
