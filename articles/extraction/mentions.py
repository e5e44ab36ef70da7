"""Remember who an article has named, to resolve pronouns and last names.

Reporters name a person in full once ("Foreign Ministry spokesman Esmaeil
Baghaei") and then use the last name or a pronoun. Resolution follows the usual
rule of news writing: a pronoun points to the most recently named compatible
person, and a last name to the person introduced with it.
"""

from __future__ import annotations

import bisect
import re

from .cues import looks_like_verb
from .given_names import FEMALE, MALE
from .models import Speaker
from .speakers import (
    HONORIFICS,
    NOT_NAMES,
    ORG_WORDS,
    PARTICLES,
    PRONOUNS,
    ROLE_NOUNS,
    SUFFIXES,
    TITLES,
    gender_of,
    name_key,
    parse_speaker,
)

# How strongly a mention invites a later pronoun: the subject at the start of a
# sentence or clause most, any other subject next, an object or possessive least.
LEADING_SUBJECT, SUBJECT, OTHER = 2, 1, 0
_WINDOW = 40
_CANDIDATES = 8
_PRONOUN_AFTER_RE = re.compile(r"[^.!?\n“”\"]{0,80}?\b(he|she)\b")


class Mentions:
    """People and organisations named so far in an article, in text order."""

    def __init__(self) -> None:
        # Two position-sorted lists: names found by scanning the text, and speakers
        # found by attribution. Both grow mostly at the end.
        self._lists: tuple[list[int], list[int]] = ([], [])
        self._entries: tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]] = ([], [])
        self._by_last: dict[str, str] = {}
        self._gender: dict[str, str] = {}
        self._roles: dict[str, str] = {}

    def add(
        self, pos: int, speaker: Speaker, salience: int = LEADING_SUBJECT, scanned: bool = False
    ) -> str:
        """Record a mention at `pos`; return the canonical name it refers to."""
        name = speaker.name
        if speaker.kind == "person":
            name = self.canonical(name, pos)
            parts = name.split()
            if len(parts) > 1:
                last = name_key(parts[-1])
                if last in SUFFIXES and len(parts) > 2:
                    last = name_key(parts[-2])
                self._by_last.setdefault(last, name)  # a bare "Trump" is the first Trump named
            if name not in self._gender:
                gender = gender_of(speaker.role, name)
                if gender:
                    self._gender[name] = gender
            if speaker.role:
                self._roles.setdefault(name, speaker.role)
        elif speaker.kind != "organization":
            return name
        which = 0 if scanned else 1
        positions, entries = self._lists[which], self._entries[which]
        if not positions or positions[-1] <= pos:
            positions.append(pos)
            entries.append((name, speaker.kind, salience))
        else:
            idx = bisect.bisect_right(positions, pos)
            positions.insert(idx, pos)
            entries.insert(idx, (name, speaker.kind, salience))
        return name

    def _before(self, pos: int):
        """Mentions before `pos`, nearest first, at most _WINDOW of them."""
        (pa, pb), (ea, eb) = self._lists, self._entries
        i = bisect.bisect_left(pa, pos) - 1
        j = bisect.bisect_left(pb, pos) - 1
        for _ in range(_WINDOW):
            if i >= 0 and (j < 0 or pa[i] >= pb[j]):
                yield ea[i]
                i -= 1
            elif j >= 0:
                yield eb[j]
                j -= 1
            else:
                return

    def knows_gender(self, name: str) -> bool:
        """True once a person's gender is known from a title, given name or pronoun."""
        return name in self._gender

    def set_gender(self, name: str, gender: str) -> None:
        """Remember a person's gender unless it is already known."""
        if gender in ("m", "f"):
            self._gender.setdefault(name, gender)

    def canonical(self, name: str, pos: int | None = None) -> str:
        """Map a last-name-only mention to the full name introduced earlier."""
        parts = name.split()
        if len(parts) == 1:
            return self._by_last.get(name_key(parts[0]), name)
        return name

    def role_of(self, name: str) -> str:
        """The role a person was first introduced with, or ''."""
        return self._roles.get(name, "")

    def knows_last_name(self, token: str) -> bool:
        """True when `token` is the last name of someone already introduced."""
        return name_key(token) in self._by_last

    def resolve_pronoun(self, pronoun: str, pos: int) -> tuple[str, str] | None:
        """Antecedent of a pronoun at `pos`: (name, kind) or None.

        Candidates are the nearby compatible names; a subject beats an object
        ("Trump said Putin…": "he" is Trump) and a known matching gender beats
        an unknown one. Ties go to the nearest.
        """
        want = PRONOUNS.get(pronoun.lower(), "")
        if want == "":
            return None
        best, best_score = None, -1.0
        seen = 0
        for name, kind, salience in self._before(pos):
            if want in ("m", "f"):
                if kind != "person":
                    continue
                gender = self._gender.get(name, "")
                if gender and gender != want:
                    continue
                score = salience + (1.5 if gender == want else 0.0)
            elif kind != "organization":
                continue
            else:
                score = float(salience)
            score -= 0.25 * seen  # a nearer name is likelier, other things equal
            if score > best_score:
                best, best_score = (name, kind), score
            seen += 1
            if seen >= _CANDIDATES:
                break
        return best

    def resolve_role(self, description: str, pos: int) -> str | None:
        """'the president' -> the latest person whose role holds that noun."""
        words = [name_key(w) for w in description.split()]
        if len(words) != 2 or words[0] != "the":
            return None
        noun = words[1]
        for name, kind, _ in self._before(pos):
            role = self._roles.get(name, "")
            if kind == "person" and noun in {name_key(w) for w in role.split()}:
                return name
        return None


_PARTICLE_ALT = "|".join(sorted(PARTICLES, key=len, reverse=True))
# Words that start sentences far more often than names do; skipping them in the
# pattern saves a Python-level look at most capitalised words of an article.
_STARTERS = (
    "The|A|An|And|But|Or|In|On|At|Of|For|To|From|By|With|As|After|Before|When|While|If|"
    "That|This|These|Those|There|Here|It|Its|He|She|They|We|I|You|His|Her|Their|Our|My|"
    "What|Why|How|Who|Where|Which|So|Some|Many|Most|All|Both|Not|No|Yes|Now|Then|Still|"
    "Also|Even|Just|Only|Yet|Meanwhile|However|Although|Though|Because|Since|During"
)
_RUN_RE = re.compile(
    rf"(?<![\w’'.])(?!(?:{_STARTERS})\s)[A-Z][\w’'\-]*\.?"
    rf"(?:[ \u00a0](?:(?:{_PARTICLE_ALT})[ \u00a0])*[A-Z][\w’'\-]*\.?)*"
)
_AFTER_RE = re.compile(r"\s*(?:\([^()]{0,30}\)\s*)?(,|[a-z][a-z’'\-]*)")
_BEFORE_RE = re.compile(r"([A-Za-z][\w\-]*)[ \u00a0]+$")
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
        if tok.endswith(".") and not (
            len(tok) == 2 or "." in tok[:-1] or tok[:-1].lower() in _ABBREVIATED
        ):
            parts.append([])
    return [p for p in parts if p]


def scan_mentions(text: str, skip: list[tuple[int, int]], mentions: Mentions) -> None:
    """Record the people and organisations named in `text` outside `skip` spans."""
    pos = 0
    for s, e in sorted(skip) + [(len(text), len(text))]:
        if s > pos:
            _scan_segment(text, pos, s, mentions)
        pos = max(pos, e)


def _scan_segment(text: str, start: int, end: int, mentions: Mentions) -> None:
    for m in _RUN_RE.finditer(text, start, end):
        run = m.group()
        tokens = run.split()
        if len(tokens) == 1:
            # The common case: a capitalised word that starts a sentence.
            key = name_key(run)
            if key in _NEVER_PEOPLE:
                continue
            if _single_worth_checking(text, m.start(), key, mentions):
                _consider(text, m.start(), tokens, end, mentions)
            continue
        parts = _split_run(tokens) if "." in run else [tokens]
        at = m.start()
        for part in parts:
            part_start = at
            at += len(" ".join(part)) + 1
            i = 0
            while i < len(part) - 1 and name_key(part[i]) in NOT_NAMES:
                part_start += len(part[i]) + 1  # "But", "In", "The" before a name
                i += 1
            if i:
                part = part[i:]
            last = name_key(part[-1])
            if last in ORG_WORDS and not part[-1].endswith(("’s", "'s")):
                _consider_organization(text, part_start, part, end, mentions)
                continue
            if last in _NEVER_PEOPLE:
                continue  # places, institutions and bare titles are not people
            if len(part) == 1 and not _single_worth_checking(text, part_start, last, mentions):
                continue
            _consider(text, part_start, part, end, mentions)


GIVEN_NAMES = FEMALE | MALE
_NEVER_PEOPLE = NOT_NAMES | ORG_WORDS | TITLES
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
    words = text[max(0, at - 30) : at].split()
    return words[-1].lower() if words and not text[at - 1 : at].isalnum() else ""


def _role_before(text: str, at: int) -> str:
    """Role words written in front of a name: 'Foreign Ministry spokesman'."""
    near = text[max(0, at - 20) : at].split()
    if not near or name_key(near[-1]) not in ROLE_NOUNS and name_key(near[-1]) not in TITLES:
        return ""  # the usual case, decided on a short slice
    words = text[max(0, at - 80) : at].split()
    kept: list[str] = []
    for word in reversed(words[-7:]):
        key = name_key(word)
        if word.endswith((",", ";", ":", ".")) and not word.endswith(".)") or key in NOT_NAMES:
            break
        if not (word[:1].isupper() or word[:1] == "(" or key in ROLE_NOUNS or key in TITLES):
            break
        kept.append(word)
    return " ".join(reversed(kept))


def _single_worth_checking(text: str, at: int, key: str, mentions: Mentions) -> bool:
    return mentions.knows_last_name(key) or _word_before(text, at) in HONORIFICS


def _consider_organization(
    text: str, at: int, tokens: list[str], end: int, mentions: Mentions
) -> None:
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
    role = " ".join(filter(None, (_role_before(text, at), speaker.role)))
    after = _AFTER_RE.match(text, name_end, end)
    follower = after.group(1) if after else ""
    is_subject = not possessive and (follower == "," or looks_like_verb(follower))
    if len(name_tokens) == 1:
        honorific = bool(role) and name_key(role.split()[-1]) in HONORIFICS
        if not honorific and not mentions.knows_last_name(name_tokens[0]):
            return
    elif len(name_tokens) > 4:
        return
    elif not (role or is_subject or possessive or name_key(name_tokens[0]) in GIVEN_NAMES):
        return  # "Saudi Arabia", "Joint Comprehensive Plan": capitalised, not people
    salience = OTHER
    if is_subject:
        salience = LEADING_SUBJECT if _starts_clause(text, at) else SUBJECT
    name = mentions.add(at, Speaker(speaker.name, role, "person"), salience, scanned=True)
    if is_subject and not mentions.knows_gender(name):
        # "Doe made it clear he had…": the first pronoun after a subject is usually its own.
        m = _PRONOUN_AFTER_RE.match(text, name_end, end)
        if m:
            mentions.set_gender(name, PRONOUNS[m.group(1)])


def _starts_clause(text: str, at: int) -> bool:
    # The role words in front of the name belong to it: skip back over them.
    i = at
    while i > 0:
        j = i
        while j > 0 and text[j - 1] in " \u00a0":
            j -= 1
        k = j
        while k > 0 and not text[k - 1].isspace():
            k -= 1
        word = text[k:j]
        if word and word[0].islower() and word.strip(",") in ROLE_NOUNS:
            i = k
            continue
        return j == 0 or text[j - 1] in '.!?\n,;:”"—(' or word.lower() in _CLAUSE_OPENERS
    return True
