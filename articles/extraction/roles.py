"""A speaker's role as an editor shows it: whole, then split into title and affiliation.

The role is kept as the article gives it, qualifiers included ("former mayor",
"acting director", "Parent group leader"), because "former" changes who the
person is. For the speaker's record it is then split: "a spokeswoman for the
Riverside Parents Association" is the title "spokeswoman" at the affiliation
"Riverside Parents Association", and "who works for Acme Corp." is no title at
Acme Corp.
"""

from __future__ import annotations

import re

from .speakers import TITLES, name_key

# Words that never make a role on their own ("rival Hillary Clinton" names no office).
_EMPTY_ROLES = frozenset(
    """rival rivals top former then fellow his her their its our my your also even but and
    just only both each""".split()
)
# Words that open a sentence and get swept into a role written in front of a name.
_OPENERS = frozenset(
    """but and even also however meanwhile then so still yet now today yesterday in on at
    after before when while as if though although because since""".split()
)
# Qualifiers of an office, kept even where they open the sentence: "Former mayor Jane Doe".
_QUALIFIERS = frozenset("former then top acting deputy interim retired outgoing incoming".split())
_RELATIONS = _EMPTY_ROLES - _QUALIFIERS
_AGE_RE = re.compile(r"\d{1,3}(?:-year-old)?")


def clean_role(role: str) -> str:
    """A role fit to show next to a name: no sentence openers in front ("But
    Sen." is "Sen."), no age alone ("25"), no relation alone ("rival"), and no
    second person's title left over from "Mr. King and Mr. Doe". Qualifiers stay:
    "Former mayor" is "former mayor"."""
    words = role.split()
    while words and words[0][:1].isupper() and (name_key(words[0]) in _OPENERS or name_key(words[0]) in _RELATIONS):
        words.pop(0)
    if any(name_key(w) in ("and", "&") for w in words) and words and name_key(words[-1]) in TITLES:
        return ""
    if not words or all(name_key(w) in _EMPTY_ROLES for w in words):
        return ""
    if len(words) == 1 and _AGE_RE.fullmatch(words[0].strip(",")):
        return ""
    if len(words) > 1 and name_key(words[0]) in _QUALIFIERS and words[1][:1].islower():
        words[0] = words[0].lower()  # capitalised only because it opens the sentence
    return " ".join(words)


# "spokeswoman for the Riverside Parents Association", "head of research at Acme",
# "who works for Acme": the title, then where the person works.
# Compiled on first use: only the speaker records need them, not the command line.
_AFFILIATION = (
    r"(?:(?P<relative>who|which)\s+\w+\s+|(?P<title>.+?)\s+)"
    r"(?P<glue>for|at|with|of)\s+(?P<the>the\s+)?(?P<where>[A-Z][^,;:]*)$"
)
_ABBREVIATION_END = r"\b[A-Z][a-z]{0,3}\.$|[A-Z]\.[A-Z]\.$"
_ARTICLE = r"(?i:an?|the)\s+"
# Offices named with "of" and one word: "Secretary of State", "Chief of Staff".
_OFFICE_OBJECTS = TITLES | frozenset(
    """staff justice education labor labour commerce agriculture energy transportation
    homeland veterans housing war""".split()
)


def split_role(role: str) -> tuple[str, str]:
    """(title, affiliation) of a role: ("spokeswoman", "Riverside Parents Association")
    for "a spokeswoman for the Riverside Parents Association"; (role, "") when no
    institution is named after the title."""
    head, comma, rest = role.partition(", ")
    if comma and rest[:1].isupper() and " " not in head:
        return head, rest  # "Economist, Brookings Institution"
    m = re.fullmatch(_AFFILIATION, role)
    if m is None:
        return role, ""
    where = m.group("where").rstrip()
    if where.endswith(".") and not re.search(_ABBREVIATION_END, where):
        where = where[:-1]
    if m.group("relative"):
        return "", where
    title = re.sub("^" + _ARTICLE, "", m.group("title"), count=1)
    if m.group("glue") == "of" and not m.group("the") and name_key(where.split()[0]) in _OFFICE_OBJECTS:
        return role, ""  # "Secretary of State" is one office
    return title, where
