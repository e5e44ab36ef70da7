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
fume beam boom bark exhort assure reassure scoff snap huff rage thunder gush sigh laugh
grumble mutter murmur rail fret taunt gloat brag crow sneer implore beg chide scold
rebuke blurt intone reason elaborate clarify lecture vent remember reflect
""".split()

_IRREGULAR = """
said says saying told tells telling wrote writes writing written
sang sings singing spoke speaks speaking thought thinks read reads put puts swore
""".split()

# "called" only counts with an object and a quotation: 'called the plan "a disaster"'.
_LEFT_ONLY = set(
    """called calls calling dubbed labeled labelled termed branded brands characterized
    characterised characterizes characterises""".split()
)

# Cognition verbs introduce reported thought, not speech; keep them out of right cues
# ('"...," I think' is rare, '"...," he thought' is not speech). "read" stays: a
# document's words are quoted as '“…,” the letter reads.'
_NOT_RIGHT = {"thought", "thinks", "put", "puts"}


def _forms(verb: str) -> set[str]:
    # Base forms are left out on purpose: "a Trump tweet", "the report" are nouns,
    # and a subject + base form ("they say") is rare next to a quotation.
    if verb.endswith("e"):
        stem = verb[:-1]
        return {verb + "s", stem + "ed", stem + "ing"}
    if verb.endswith("y") and verb[-2] not in "aeiou":
        stem = verb[:-1]
        return {stem + "ies", stem + "ied", verb + "ing"}
    doubled = {"quip": "quipp", "marvel": "marvell", "snap": "snapp", "beg": "begg"}
    stem = doubled.get(verb, verb)
    if verb.endswith(("s", "sh", "ch", "x")):
        return {verb + "es", stem + "ed", stem + "ing"}
    return {verb + "s", stem + "ed", stem + "ing"}


SPEECH_VERBS: frozenset[str] = frozenset(
    {f for v in _REGULAR for f in _forms(v)} | set(_IRREGULAR) | {"pled", "told", "say"}
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


# Sentence-initial inverted forms: 'Said Jane Doe: “…”'.
INVERTED_OPENERS = frozenset({"Said", "Says", "Added", "Wrote", "Asked"})

# "[A-Za-z][A-Za-z]*" rather than "[A-Za-z]+": a pattern that opens with a plain
# character class lets the regex engine skip ahead to the next letter instead of
# trying a match at every position (a repeat first gets no such help).
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z]*")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ACCORDING = frozenset({"according", "According"})
# Verbs of saying made of a verb and its particle: "fired back", "went on".
_PHRASAL = {
    verb: " " + particle
    for particle, forms in {
        "back": "fired fires shot shoots hit hits",
        "on": "went goes",
        "out": "pointed points",
        "in": "chimed chimes weighed weighs",
    }.items()
    for verb in forms.split()
}
_TRIGGERS = _ACCORDING | frozenset(_PHRASAL)
_LEFT_TRIGGERS = INVERTED_OPENERS | _TRIGGERS


def iter_verbs(text: str, start: int, end: int, verbs: frozenset[str]):
    """Yield (start, end, word) for each verb of saying in text[start:end].

    A word scan with set lookups: much cheaper to set up than one big regex
    alternation, which matters because start-up time counts.
    """
    # The words come from one C-level findall; only the few that can yield are
    # then located, so a window costs no Python step per word. Most windows
    # hold no verb of saying at all.
    words = _WORD_RE.findall(text, start, end)
    triggers = _LEFT_TRIGGERS if verbs is LEFT_VERBS else _TRIGGERS
    if verbs.isdisjoint(words) and triggers.isdisjoint(words):
        return
    pos = start
    for word in words:
        if word not in verbs and word not in triggers:
            continue
        # The next whole-word occurrence after the previous candidate is this
        # word: an earlier one would itself be in `words` before it. A word is a
        # maximal run of letters, cut at `start` and `end` as finditer cuts it.
        n = len(word)
        at = text.find(word, pos, end)
        while (at > start and text[at - 1] in _LETTERS) or (at + n < end and text[at + n] in _LETTERS):
            at = text.find(word, at + 1, end)
        pos = at + n
        if text[at - 1 : at] == "-":
            continue  # "so-called", "long-said": part of a compound, not a verb
        if word in verbs or word in INVERTED_OPENERS and verbs is LEFT_VERBS:
            yield at, pos, word
        elif word in _ACCORDING and text.startswith(" to", pos):
            yield at, pos + 3, "according to"
        elif word in _PHRASAL and text.startswith(_PHRASAL[word], pos) and pos + len(_PHRASAL[word]) <= end:
            particle_end = pos + len(_PHRASAL[word])
            if particle_end == end or text[particle_end] not in _LETTERS:
                yield at, particle_end, word + _PHRASAL[word]


# After the verb, the cue runs on through its audience or the medium:
# "told reporters", "said in a statement", "wrote on X" (not places or times).
_CUE_TAIL_RE = re.compile(
    r"(?:\s+(?:reporters|journalists|the\s+(?:press|audience|crowd|host)|me|us|him|her|them"
    r"|[A-Z][\w.’']*(?:\s[A-Z][\w.’']*)*(?=\s+(?:in|on|at|that|\W))))?"
    r"(?:\s+(?:in|during)\s+(?:an?\s+|the\s+|his\s+|her\s+|their\s+)?[a-z]+"
    r"|\s+(?:on|via)\s+(?:[A-Z]\w*(?:\.\w+)*|the\s+[a-z]+))?"
)


def cue_extent(text: str, verb_start: int, verb_end: int, limit: int) -> int:
    """End offset of the cue phrase that starts with the verb at `verb_start`."""
    m = _CUE_TAIL_RE.match(text, verb_end, limit)
    return m.end() if m else verb_end


_IRREGULAR_PAST = frozenset(
    """made gave took went came got put set sent held led met ran saw sat stood thought
    brought began became found kept left lost paid won hit cut let read heard felt knew
    meant spent built bought caught fought taught sought struck drew drove flew grew
    threw wore broke chose spoke rode rose wrote told said did had was were is has are
    will would could should can may might must does do shall""".split()
)


def surely_verb(word: str) -> bool:
    """A lower-case word that is a verb whatever precedes it: past tense, a verb of
    saying or an auxiliary ("granted", "said", "has"), unlike "groups" or "says"-like
    plurals that looks_like_verb also admits."""
    word = word.strip(",.;:").lower()
    if word in _IRREGULAR_PAST or word in AUX_WORDS or word.endswith("ed"):
        return True
    return word in SPEECH_VERBS and not word.endswith("s")


def looks_like_verb(word: str) -> bool:
    """Rough test that a lower-case word after a subject is its verb."""
    word = word.strip(",.;:").lower()
    if word in SPEECH_VERBS or word in _IRREGULAR_PAST or word in AUX_WORDS:
        return True
    if word.endswith("ed") or word.endswith("ing"):
        return True
    return word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s"))
