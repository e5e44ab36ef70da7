"""Verbs of saying and the attribution cues built from them.

The list follows what style guides accept as attribution verbs ("said" first,
then the reporting verbs that add meaning: added, warned, insisted, wrote, posted,
tweeted, ...). Every tense and participle is generated so that "says", "said",
"saying" and "has said" are all found.
"""

from __future__ import annotations

import re

_REGULAR = """
add argue insist warn tweet post claim note explain declare announce recall continue
respond answer acknowledge admit assert contend complain caution charge suggest predict
promise vow pledge urge repeat reiterate remark observe emphasize emphasise stress concede
confirm conclude quip joke boast recount mention maintain counter retort shout yell scream
whisper demand describe exclaim wonder muse agree comment chant opine allege proclaim
lament press marvel ask state report testify deny reply cry query interject mock blast slam
criticize criticise dismiss accuse tell warn affirm underline highlight insist plead
""".split()

_IRREGULAR = """
said says say saying told tells tell telling wrote writes write writing written
sang sings sing singing spoke speaks speak speaking thought think thinks
read reads put puts
""".split()

# "called" only counts with an object and a quotation: 'called the plan "a disaster"'.
_LEFT_ONLY = {"called", "calls", "calling", "call", "dubbed", "labeled", "labelled", "termed"}

# Cognition verbs introduce reported thought, not speech; keep them out of right cues
# ('"...," I think' is rare, '"...," he thought' is not speech).
_NOT_RIGHT = {"thought", "think", "thinks", "read", "reads", "put", "puts"}


def _forms(verb: str) -> set[str]:
    if verb.endswith("e"):
        stem = verb[:-1]
        return {verb, verb + "s", stem + "ed", stem + "ing"}
    if verb.endswith("y") and verb[-2] not in "aeiou":
        stem = verb[:-1]
        return {verb, stem + "ies", stem + "ied", verb + "ing"}
    doubled = {"quip": "quipp", "marvel": "marvell", "plead": "plead"}
    stem = doubled.get(verb, verb)
    forms = {verb, verb + "s", stem + "ed", stem + "ing"}
    if verb.endswith(("s", "sh", "ch", "x")):
        forms.add(verb + "es")
    return forms


SPEECH_VERBS: frozenset[str] = frozenset(
    {f for v in _REGULAR for f in _forms(v)} | set(_IRREGULAR) | {"pled", "told"}
)
LEFT_VERBS: frozenset[str] = SPEECH_VERBS | _LEFT_ONLY
RIGHT_VERBS: frozenset[str] = SPEECH_VERBS - _NOT_RIGHT

# Words that may stand between a subject and its verb: "has also said".
AUX_WORDS = frozenset(
    """has had have was were is are would will also later then further again once
    previously recently repeatedly often once already later first had earlier privately
    publicly separately similarly simply angrily bluntly flatly quickly""".split()
)

PARTICIPLES = frozenset(v for v in LEFT_VERBS if v.endswith("ing"))


def _alternation(words: frozenset[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


VERB_RE = re.compile(rf"\b(?:{_alternation(LEFT_VERBS)}|according to)\b")
RIGHT_VERB_RE = re.compile(rf"\b(?:{_alternation(RIGHT_VERBS)}|according to)\b")

# After the verb, the cue runs on through its object or a short prepositional phrase:
# "told reporters", "said in a statement", "wrote on X".
_CUE_TAIL_RE = re.compile(
    r"(?:\s+(?:reporters|journalists|me|us|him|her|them|the\s+\w+|[A-Z][\w.’']*(?:\s[A-Z][\w.’']*)*))?"
    r"(?:\s+(?:in|on|during|at|to|via|through)\s+(?:an?\s+|the\s+|his\s+|her\s+|their\s+)?"
    r"(?:[a-z]+|[A-Z][\w.]*))?"
)


def cue_extent(text: str, verb_start: int, verb_end: int, limit: int) -> int:
    """End offset of the cue phrase that starts with the verb at `verb_start`."""
    m = _CUE_TAIL_RE.match(text, verb_end, limit)
    return m.end() if m else verb_end
