"""Remember who an article has named, to resolve pronouns and last names.

Reporters name a person in full once ("Foreign Ministry spokesman Esmaeil
Baghaei") and then use the last name or a pronoun. Resolution follows the usual
rule of news writing: a pronoun points to the most recently named compatible
person, and a last name to the person introduced with it.
"""

from __future__ import annotations

import bisect
import re

from .models import Speaker
from .speakers import (
    MALE_TITLES,
    FEMALE_TITLES,
    NOT_NAMES,
    ORG_WORDS,
    PARTICLES,
    PRONOUNS,
    ROLE_NOUNS,
    SUFFIXES,
    TITLES,
    HONORIFICS,
    gender_of,
    is_name_token,
    name_key,
    parse_speaker,
)

class Mentions:
    """People and organisations named so far in an article, in text order."""

    def __init__(self) -> None:
        self._positions: list[int] = []
        self._entries: list[tuple[str, str]] = []  # (canonical name, kind)
        self._by_last: dict[str, str] = {}
        self._gender: dict[str, str] = {}
        self._roles: dict[str, str] = {}

    def add(self, pos: int, speaker: Speaker) -> str:
        """Record a mention at `pos`; return the canonical name it refers to."""
        name = speaker.name
        if speaker.kind == "person":
            name = self.canonical(name, pos)
            parts = name.split()
            if len(parts) > 1:
                last = name_key(parts[-1])
                if last in SUFFIXES and len(parts) > 2:
                    last = name_key(parts[-2])
                self._by_last[last] = name
            gender = gender_of(speaker.role, name)
            if gender:
                self._gender.setdefault(name, gender)
            if speaker.role:
                self._roles.setdefault(name, speaker.role)
        elif speaker.kind != "organization":
            return name
        idx = bisect.bisect_right(self._positions, pos)
        self._positions.insert(idx, pos)
        self._entries.insert(idx, (name, speaker.kind))
        return name

    def set_gender(self, name: str, gender: str) -> None:
        """Remember a person's gender from a pronoun that was resolved to them."""
        if gender in ("m", "f"):
            self._gender.setdefault(name, gender)

    def canonical(self, name: str, pos: int | None = None) -> str:
        """Map a last-name-only mention to the full name introduced earlier."""
        parts = name.split()
        if len(parts) == 1:
            return self._by_last.get(name_key(parts[0]), name)
        return name

    def role_of(self, name: str) -> str:
        """The role a person was last introduced with, or ''."""
        return self._roles.get(name, "")

    def knows_last_name(self, token: str) -> bool:
        """True when `token` is the last name of someone already introduced."""
        return name_key(token) in self._by_last

    def resolve_pronoun(self, pronoun: str, pos: int) -> tuple[str, str] | None:
        """Most recent compatible mention before `pos`: (name, kind) or None."""
        want = PRONOUNS.get(pronoun.lower(), "")
        if want == "":
            return None
        idx = bisect.bisect_left(self._positions, pos)
        for j in range(idx - 1, max(-1, idx - 40), -1):
            name, kind = self._entries[j]
            if want in ("m", "f"):
                if kind != "person":
                    continue
                gender = self._gender.get(name, "")
                if gender and gender != want:
                    continue
                return name, kind
            if want == "o" and kind == "organization":
                return name, kind
            if want == "p" and kind == "organization":
                return name, kind
        return None

    def resolve_role(self, description: str, pos: int) -> str | None:
        """'the president' -> the latest person whose role holds that noun."""
        words = [name_key(w) for w in description.split()]
        if len(words) != 2 or words[0] != "the":
            return None
        noun = words[1]
        idx = bisect.bisect_left(self._positions, pos)
        for j in range(idx - 1, -1, -1):
            name, kind = self._entries[j]
            role = self._roles.get(name, "")
            if kind == "person" and noun in {name_key(w) for w in role.split()}:
                return name
        return None


_PARTICLE_ALT = "|".join(sorted(PARTICLES, key=len, reverse=True))
_RUN_RE = re.compile(
    rf"(?<![\w’'.])[A-Z][\w’'\-]*\.?(?:[ \u00a0](?:(?:{_PARTICLE_ALT})[ \u00a0])*[A-Z][\w’'\-]*\.?)*"
)
_AFTER_RE = re.compile(r"\s*(,|[a-z][a-z’'\-]*)")
_BEFORE_RE = re.compile(r"([A-Za-z][\w\-]*)[ \u00a0]+$")
_NOT_FOLLOWERS = {"and", "or", "of", "for", "to", "in", "on", "at", "the", "a", "an", "with",
                  "from", "by", "as", "is", "was", "are", "were", "has", "have", "had"}
_ABBREVIATED = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt",
                "adm", "st", "jr", "sr", "prof", "rev", "del", "u.s", "u.n", "u.k"}


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
        if " " not in run and "\u00a0" not in run and not _single_worth_checking(text, m, mentions):
            continue  # the common case: a capitalised word that starts a sentence
        tokens = run.replace("\u00a0", " ").split(" ")
        offset = m.start()
        for part in _split_run(tokens):
            _consider(text, offset, part, m.end(), end, mentions)
            offset += sum(len(t) + 1 for t in part)


def _single_worth_checking(text: str, m: re.Match, mentions: Mentions) -> bool:
    key = name_key(m.group())
    if key in NOT_NAMES or key in ORG_WORDS and key not in {"pentagon", "kremlin"}:
        return False
    if mentions.knows_last_name(key):
        return True
    before = _BEFORE_RE.search(text, max(0, m.start() - 30), m.start())
    return bool(before) and before.group(1).lower() in HONORIFICS


def _consider(text: str, at: int, tokens: list[str], run_end: int, end: int,
              mentions: Mentions) -> None:
    possessive = tokens[-1].endswith(("’s", "'s"))
    if possessive:
        tokens = tokens[:-1] + [tokens[-1][:-2]]
    tokens[-1] = tokens[-1].rstrip(".") if not tokens[-1].endswith(("Jr.", "Sr.")) else tokens[-1]
    if not tokens[-1]:
        return
    last = name_key(tokens[-1])
    if last in NOT_NAMES or last in ORG_WORDS or last in TITLES:
        return  # places, institutions and bare titles are not people
    speaker = parse_speaker(" ".join(tokens))
    if speaker is None or speaker.pronoun or not speaker.kind:
        return
    if speaker.kind == "organization":
        return
    name_tokens = [t for t in speaker.name.split() if name_key(t) not in PARTICLES]
    before = _BEFORE_RE.search(text, max(0, at - 30), at)
    prev_word = before.group(1).lower() if before else ""
    role = speaker.role
    if prev_word in ROLE_NOUNS or prev_word in TITLES:
        role = (prev_word + " " + role).strip()
    titled = bool(role)
    if len(name_tokens) == 1:
        honorific = name_key(role.split()[-1]) in HONORIFICS if role else False
        if honorific or mentions.knows_last_name(name_tokens[0]):
            mentions.add(at, Speaker(speaker.name, role, "person"))
        return
    if len(name_tokens) > 4:
        return
    if not titled:
        after = _AFTER_RE.match(text, at + len(" ".join(tokens)) + (2 if possessive else 0), end)
        follower = after.group(1) if after else ""
        if not follower or follower in _NOT_FOLLOWERS:
            if not possessive:
                return
    mentions.add(at, Speaker(speaker.name, role, "person"))
