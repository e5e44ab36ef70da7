"""Remember who an article has named, to resolve pronouns and last names.

Reporters name a person in full once ("Foreign Ministry spokesman Esmaeil
Baghaei") and then use the last name or a pronoun. Resolution follows the usual
rule of news writing: a pronoun points to the most recently named compatible
person, and a last name to the person introduced with it.
"""

from __future__ import annotations

import bisect

from .models import Speaker
from .speakers import (
    PRONOUNS,
    SUFFIXES,
    gender_of,
    name_key,
)

# How strongly a mention invites a later pronoun: the subject at the start of a
# sentence or clause most, any other subject next, an object or possessive least.
LEADING_SUBJECT, SUBJECT, OTHER = 2, 1, 0
_WINDOW = 40
_CANDIDATES = 8


class Mentions:
    """People and organisations named so far in an article, in text order."""

    def __init__(self) -> None:
        # Two position-sorted lists: names found by scanning the text, and speakers
        # found by attribution. Both grow mostly at the end.
        self._lists: tuple[list[int], list[int]] = ([], [])
        self._entries: tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]] = ([], [])
        self._by_last: dict[str, str] = {}
        # Everyone else named with a last name already taken ("Michelle Obama"
        # after "Barack Obama"), for a title that tells them apart ("Mrs. Obama").
        self._same_last: dict[str, list[str]] = {}
        self._gender: dict[str, str] = {}
        self._roles: dict[str, str] = {}

    def add(self, pos: int, speaker: Speaker, salience: int = LEADING_SUBJECT, scanned: bool = False) -> str:
        """Record a mention at `pos`; return the canonical name it refers to."""
        name = speaker.name
        if speaker.kind == "person":
            parts = name.split()
            if len(parts) == 1:  # self.canonical(name), without splitting twice
                name = self._full_name(name_key(parts[0]), speaker.role, name)
                parts = name.split()
            if len(parts) > 1:
                last = name_key(parts[-1])
                if last in SUFFIXES and len(parts) > 2:
                    last = name_key(parts[-2])
                first = self._by_last.setdefault(last, name)  # a bare "Trump" is the first Trump named
                if first != name and name not in self._same_last.get(last, ()):
                    self._same_last.setdefault(last, []).append(name)
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

    def _full_name(self, last: str, role: str, default: str) -> str:
        first = self._by_last.get(last)
        if first is None:
            return default
        others = self._same_last.get(last)
        if others and role:
            want = gender_of(role)
            if want and self._gender.get(first) != want:
                for other in others:
                    if self._gender.get(other) == want:
                        return other
        return first

    def _before(self, pos: int, with_pos: bool = False):
        """Mentions before `pos`, nearest first, at most _WINDOW of them."""
        (pa, pb), (ea, eb) = self._lists, self._entries
        i = bisect.bisect_left(pa, pos) - 1
        j = bisect.bisect_left(pb, pos) - 1
        for _ in range(_WINDOW):
            if i >= 0 and (j < 0 or pa[i] > pb[j]):
                yield (*ea[i], pa[i], False) if with_pos else ea[i]
                i -= 1
            elif j >= 0:
                yield (*eb[j], pb[j], True) if with_pos else eb[j]
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

    def resolve_pronoun(
        self,
        pronoun: str,
        pos: int,
        sentence_start: int | None = None,
        previous_start: int | None = None,
    ) -> tuple[str, str] | None:
        """Antecedent of a pronoun at `pos`: (name, kind) or None.

        Candidates are the nearby compatible names; a subject beats an object
        ("Trump said Putin…": "he" is Trump), the subject of the pronoun's own
        sentence beats one named earlier ("Doe, the chief, said that “…,” but he
        said…"), so does the subject of the sentence just before ("…, noted
        NBC's Dante Doe. “…,” he wrote."), and a known matching gender beats an
        unknown one. Every name in between, of either gender, makes a candidate
        less likely. Ties go to the nearest.
        """
        want = PRONOUNS.get(pronoun.lower(), "")
        if want == "":
            return None
        best, best_score = None, -1.0
        seen = 0
        for name, kind, salience, at, spoke in self._before(pos, with_pos=True):
            if want in ("m", "f"):
                if kind != "person":
                    continue
                gender = self._gender.get(name, "")
                if gender and gender != want:
                    seen += 1  # a name in between still makes this one less likely
                    continue
                score = salience + (0.75 if gender == want else 0.0)
            elif kind != "organization":
                continue
            else:
                score = float(salience)
            if sentence_start is not None and at >= sentence_start and salience > OTHER:
                score += 2.5
            elif previous_start is not None and at >= previous_start and salience > OTHER:
                score += 1.5
            elif spoke and seen == 0:
                # “…,” said Doe. “…,” he said: the speaker just quoted goes on.
                score += 1.5
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
