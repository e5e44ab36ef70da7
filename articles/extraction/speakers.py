"""Who is speaking: parse speaker phrases and resolve pronouns and last names.

A speaker phrase is what a reporter puts next to a verb of saying:
"Foreign Ministry spokesman Esmaeil Baghaei", "he", "the State Department",
"Jane Doe, a professor at Acme University". Wire style puts titles and roles in
front of the name, so the name is the run of capitalised words at the end of the
phrase, and whatever stands in front of it is the role.

"""

from __future__ import annotations

import re

from .given_names import FEMALE, GIVEN, MALE
from .models import Speaker

PRONOUNS = {
    "he": "m",
    "him": "m",
    "his": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "they": "p",
    "them": "p",
    "it": "o",
    "we": "p",
    "i": "",
    "you": "",
}

# Honorifics and offices written in front of a name ("President Donald Trump").
TITLES = frozenset(
    """
    president vice sen senator rep representative gov governor lt secretary minister
    prime chancellor mayor judge justice chief gen general adm admiral col colonel capt
    captain sgt sergeant maj major dr prof professor mr mrs ms miss mx rev reverend
    father sister rabbi imam bishop archbishop cardinal pope king queen prince princess
    crown sheikh sheik ayatollah emir sultan speaker leader chairman chairwoman chair
    commissioner director ambassador attorney deputy assistant acting former sir dame
    lord lady councilman councilwoman councilor congressman congresswoman del delegate
    candidate nominee democrat republican democratic officer detective sheriff coach ceo
    spokesman spokeswoman spokesperson anchor host rival sens reps state supreme foreign
    defense defence interior treasury finance health first lieutenant superintendent
    inspector presidential founder executive gop dem nominees
    """.split()
)

FEMALE_TITLES = frozenset(
    """
    mrs ms miss queen princess sister dame lady chairwoman councilwoman congresswoman
    spokeswoman businesswoman actress
    """.split()
)
MALE_TITLES = frozenset(
    """
    mr king prince father sir lord chairman councilman congressman spokesman businessman
    sheikh sheik emir sultan
    """.split()
)

# Lower-case words that belong to a role ("Foreign Ministry spokesman").
ROLE_NOUNS = frozenset(
    """
    spokesman spokeswoman spokesperson director general minister secretary president
    official officials analyst adviser advisor aide chief chairman chairwoman chair
    leader head founder executive ceo economist professor researcher expert lawyer
    attorney senator governor mayor ambassador envoy commander candidate nominee manager
    strategist consultant pollster spokespeople representative lawmaker legislator
    member fellow editor columnist correspondent reporter anchor host author scientist
    doctor physician activist organizer organiser coordinator deputy vice senior former
    top acting general's prosecutor judge justice officer commissioner campaign press
    foreign defense state national security policy chairperson premier king queen prince
    crown congressman congresswoman councilman councilwoman sheriff chancellor regulator
    historian partner owner worker resident student teacher
    presidential vice-presidential gubernatorial congressional parliamentary military
    retired
    """.split()
)

# Capitalised words that name institutions rather than people.
ORG_WORDS = frozenset(
    """
    department ministry agency office house council committee commission party campaign
    administration government court congress senate parliament police army navy forces
    force institute university college foundation association union group company corp
    corporation inc ltd llc bank times post news journal press network organization
    organisation center centre board bureau service authority fund coalition alliance
    federation club church embassy pentagon kremlin vatican reuters tribune herald
    telegraph guardian review magazine radio tv television channel daily weekly
    politifact cnn msnbc nbc cbs abc fox bbc npr ap afp statement team cabinet
    secretariat nations assembly chamber society council's ministry's agency's website
    site report poll survey study project program programme initiative watch clinic
    hospital school academy tank pac fbi cia nsa un eu nato who imf iaea opec gop dnc
    rnc irs epa fda cdc doj dhs guard patrol command energy holdings capital partners
    industries motors airlines airways systems technologies pharmaceuticals media
    communications enterprises resources petroleum oil mining steel insurance securities
    investments brands entertainment studios records labs laboratories caucus
    """.split()
)

# Capitalised words that begin sentences or name places and times, never people.
NOT_NAMES = frozenset(
    """
    the a an and but or in on at of for to from by with as after before when while if
    that this these those there here it its he she they we i you his her their our my
    your meanwhile however also still yet then now today yesterday tomorrow earlier
    later last next monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december jan
    feb mar apr jun jul aug sep sept oct nov dec speaking asked according despite
    although though because since during under over about into through without within
    among between against what why how who where which whether not no yes so some many
    most all both each every other another such one two three said says told added like
    just even united states kingdom east west north south middle new york city county
    street avenue island islands republic gulf sea river valley beach airport square
    park hall tower road america american americans europe european africa asia
    washington jersey hampshire carolina dakota virginia mexico ocean world war day week
    year act bill law amendment constitution internet twitter facebook instagram youtube
    tiktok x god christmas easter ramadan more less only well
    again thus instead indeed perhaps maybe already once ever never please thank thanks
    dear hello oh ok okay mount neither either nor any few much very too than unlike
    whose whom whatever whenever wherever until unless upon toward towards across along
    around behind beyond near off out up down via per plus minus sources source update
    updated editor note photo video watch read related advertisement published breaking
    exclusive miss universe universe's olympics senate house seconds minutes hours days
    weeks months years decades moments
    """.split()
)

# Titles that on their own make a single capitalised word a person's name.
HONORIFICS = frozenset(
    """
    mr mrs ms dr prof sen senator rep gov governor president secretary minister
    chancellor mayor judge justice gen general adm col capt sgt rev rabbi imam pope king
    queen prince princess sheikh ayatollah emir sultan speaker chairman chairwoman
    ambassador commissioner sheriff spokesman spokeswoman spokesperson lt maj detective
    officer congressman congresswoman councilman councilwoman premier
    """.split()
)

PARTICLES = frozenset(
    """
    bin ibn al el de del della da di du van von der den la le dos das ben abu st y mac
    """.split()
)
SUFFIXES = frozenset(
    """
    jr sr ii iii iv
    """.split()
)

_PAREN_RE = re.compile(r"\s*\([^()]{0,60}\)")
_CONTRACTION_RE = re.compile(r"'(?:m|re|ve|ll|d)$|n't$")
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred thousand million billion""".split()
)
_PARTY_TAG_RE = re.compile(r"[DRI]-[A-Z]")  # "D-Va.", "R-Ohio": party and state
_INITIAL_RE = re.compile(r"[A-Z]\.(?:[A-Z]\.)*")
_EDGE_PUNCT = ".,;:!?\"“”‘’'()[]—–-"


class _KeyCache(dict):
    """Token -> lookup key. A hit is a plain dict look-up with no Python frame,
    which matters because every scanned name asks for the keys of its words."""

    __slots__ = ()

    def __missing__(self, token: str) -> str:
        key = token.strip(_EDGE_PUNCT).lower().replace("’", "'").removesuffix("'s")
        if len(self) < 50_000:
            self[token] = key
        return key


_KEYS = _KeyCache()
# Lower-case lookup key of a token: no edge punctuation, no possessive.
name_key = _KEYS.__getitem__


def _is_capitalised(token: str) -> bool:
    t = token.lstrip("(\"“‘'")
    return bool(t) and t[0].isupper()


def _has_possessive(token: str) -> bool:
    return token.rstrip(",.;:").endswith(("’s", "'s", "s’", "s'"))


_NAME_TOKENS: dict[str, bool] = {}


def is_name_token(token: str) -> bool:
    """True for a capitalised word that can be part of a person's name."""
    # Memoised: the same few names recur through an article, and every speaker
    # phrase and scanned name asks about each of their words.
    known = _NAME_TOKENS.get(token)
    if known is None:
        known = _is_name_token(token)
        if len(_NAME_TOKENS) < 50_000:
            _NAME_TOKENS[token] = known
    return known


# A surname joined to its Arabic article or particle: "el-Sisi", "al-Assad", "bin-Laden".
_HYPHENED_PARTICLE = r"(?:al|el|ad|as|ash|at|az|an|ar|ul|bin|ibn|abu|ben)-[A-Z][\w’'\-]*"


def _is_name_token(token: str) -> bool:
    if _INITIAL_RE.fullmatch(token.rstrip(",")):
        return True
    if token[:1].islower() and "-" in token and re.fullmatch(_HYPHENED_PARTICLE, token.rstrip(",.;:")):
        return True
    if not _is_capitalised(token) or _has_possessive(token) or _PARTY_TAG_RE.match(token):
        return False
    key = name_key(token)
    # The word lists first: they turn away most tokens, and more cheaply.
    if not key or key in TITLES or key in NOT_NAMES or key in ORG_WORDS:
        return False
    if not any(c.isalpha() for c in key) or _CONTRACTION_RE.search(key):
        return False  # "I'm", "We'll"
    return not any(part in _NUMBER_WORDS for part in key.split("-"))  # "Twenty-two years ago"


# Words listed above as never names that are also given names, when a surname follows.
_GIVEN_COMMON_WORDS = (NOT_NAMES | TITLES | ORG_WORDS) & GIVEN


def _name_run(tokens: list[str]) -> int:
    """Index where the trailing name (particles and suffixes included) starts."""
    i = len(tokens)
    if (
        i > 1
        and not is_name_token(tokens[-1])
        and _is_capitalised(tokens[-1])
        and name_key(tokens[-1]) in NOT_NAMES
        and name_key(tokens[-2]) in GIVEN
    ):
        i -= 1  # "Daniel Park", "Ann Street": a surname that is also a place word
    while i > 0:
        tok = tokens[i - 1]
        key = name_key(tok)
        if is_name_token(tok) or key in SUFFIXES and i < len(tokens):
            i -= 1
        elif key in PARTICLES and tok[:1].islower() and i < len(tokens) and i > 1:
            i -= 1  # "bin" in "Mohammed bin Salman"
        elif key in _GIVEN_COMMON_WORDS and tok[:1].isupper() and i < len(tokens):
            i -= 1  # "Bill" in "Bill Clinton": a given name that is also a common word
        else:
            break
    while i < len(tokens) and name_key(tokens[i]) in PARTICLES and tokens[i][:1].islower():
        i += 1
    if i < len(tokens) - 2 and name_key(tokens[i]) in ROLE_NOUNS:
        i += 1  # "Economist Jane Doe": a role word capitalised at the start of a sentence
    return i


def gender_of(role: str, name: str = "") -> str:
    """'m', 'f' or '' from gendered titles in a role ("spokeswoman", "Mrs.") or a given name."""
    # A lone given name ("Melanie said") is how features refer to private people.
    first = name_key(name.split()[0]) if name else ""
    if first in FEMALE and first not in MALE:
        return "f"
    if first in MALE and first not in FEMALE:
        return "m"
    for word in role.split():
        key = name_key(word)
        if key in FEMALE_TITLES:
            return "f"
        if key in MALE_TITLES:
            return "m"
    return ""


def _clean(phrase: str) -> str:
    if "(" in phrase:  # the pattern has no fixed start, so it is tried at every position
        phrase = _PAREN_RE.sub("", phrase)
    return phrase.strip(" \t\n,;:—–-\u00a0")


_PARSED: dict[tuple[str, bool], Speaker | None] = {}


def parse_speaker(phrase: str, *, lenient: bool = False) -> Speaker | None:
    """Parse a speaker phrase into name, role and kind; None if it is no speaker.

    Accepts pronouns, "[role] Name", "Name, role", organisations ("the State
    Department") and descriptions ("a spokesman for the company"). `lenient`
    accepts any wording in the role, for phrases already known to be a subject.
    """
    key = (phrase, lenient)
    if key in _PARSED:
        return _PARSED[key]
    result = _parse_speaker(phrase, lenient)
    if len(_PARSED) < 20_000:  # names recur within and across articles
        _PARSED[key] = result
    return result


def _parse_speaker(phrase: str, lenient: bool) -> Speaker | None:
    phrase = _clean(phrase)
    if not phrase or len(phrase) > 160:
        return None
    low = phrase.lower()
    if low in PRONOUNS:
        return Speaker(low, "", "", pronoun=True)
    head, _, appositive = phrase.partition(",")
    if appositive:
        appositive = _clean(appositive)
    tokens = head.split()
    if not tokens or len(tokens) > 12:
        return None
    keys = [name_key(t) for t in tokens]
    for j in range(1, len(tokens) - 1):
        if keys[j] in ("of", "at", "from") and tokens[j][:1].islower() and is_name_token(tokens[j - 1]):
            # "Economist Jane Doe of the Brookings Institution": the name ends
            # before "of"; where she works joins her role.
            rest = tokens[j + 1 :]
            if keys[j + 1] == "the":
                rest = rest[1:]
            person = _parse_speaker(" ".join(tokens[:j]), lenient) if rest and rest[0][:1].isupper() else None
            if person is not None and person.kind == "person" and (" " in person.name or person.role):
                where = " ".join(rest).rstrip(",.")
                role = f"{person.role}, {where}" if person.role else where
                return Speaker(person.name, appositive or role, "person")
            break
    if "and" in keys[1:-1]:
        # "Mr. King and Mr. Doe", "Obama and Clinton": two people speak together.
        cut = keys.index("and", 1)
        rest = tokens[cut + 1 :]
        named = is_name_token(tokens[cut - 1]) or cut > 1 and keys[cut - 2] in HONORIFICS
        # The second conjunct is a whole name, perhaps with a title: "Barnes and Noble
        # spokesman Jane Doe" is one person.
        second = _name_run(rest)
        if named and (second == 0 or second == 1 and name_key(rest[0]) in HONORIFICS):
            return Speaker(" ".join(tokens).rstrip(",."), "", "")
    start = _name_run(tokens)
    name_tokens = tokens[start:]
    role_tokens = tokens[:start]
    # "NBC's Dante Chinni", "Acme's Jane Doe": a possessive in front of a name
    # says whom the person works for; the phrase is still a person.
    titled_name = (
        bool(name_tokens)
        and bool(role_tokens)
        and (keys[start - 1] in TITLES or keys[start - 1] in ROLE_NOUNS or _has_possessive(role_tokens[-1]))
    )
    if (
        not titled_name
        and not ORG_WORDS.isdisjoint(keys)
        and all(
            _is_capitalised(t) or k in PARTICLES or k in {"the", "of", "for", "and", "on"}
            for t, k in zip(tokens, keys, strict=True)
        )
    ):
        name = " ".join(tokens).rstrip(".,")
        if keys[0] == "the":
            name = "the " + " ".join(tokens[1:]).rstrip(".,")
        return Speaker(name, appositive, "organization")
    if name_tokens and not (len(name_tokens) == 1 and _INITIAL_RE.fullmatch(name_tokens[0])):
        if not lenient and not all(_plausible_role_word(t) for t in role_tokens):
            return None
        if role_tokens and keys[start - 1] in _AFFILIATION_GLUE:
            # "the foreign minister of France", "officials at Acme Corp": the
            # name is where the speaker works, so the phrase describes them.
            if not any(k in ROLE_NOUNS or k in TITLES for k in keys[:start]):
                return None
            return Speaker(" ".join(tokens).rstrip(",."), "", "")
        if (
            len(name_tokens) == 1
            and name_tokens[0].isupper()
            and name_tokens[0].isalpha()
            and len(name_tokens[0]) > 1
            and not (role_tokens and keys[start - 1] in HONORIFICS)
        ):
            # "the state news agency TASS", "NATO": an acronym names an institution.
            name = name_tokens[0]
            return Speaker(name, " ".join(role_tokens) or appositive, "organization")
        if role_tokens and all(k in _PLACE_WORDS for k in keys[:start]):
            # "South Korea", "North Carolina": a place, acting as a state.
            return Speaker(" ".join(tokens).rstrip(",."), appositive, "organization")
        name = " ".join(name_tokens).rstrip(",")
        if name.endswith(".") and not _INITIAL_RE.fullmatch(name_tokens[-1]):
            name = name[:-1]
        role = " ".join(role_tokens).rstrip(",")
        if role.lower() in {"the", "a", "an"}:
            if len(name_tokens) == 1:  # "the Pentagon"
                return Speaker("the " + name, appositive, "organization")
            role = ""
        if appositive and not role:
            role = appositive
        return Speaker(name, role, "person")
    # No name: a description such as "a senior official" or "the president".
    if lenient and keys[0] in _DETERMINERS and len(tokens) <= 6:
        if len(tokens) > 2 and keys[-1] in _RELATIVES:
            tokens, keys = tokens[:-1], keys[:-1]  # "a White House official who spoke"
        if len(tokens) < 2 or not _can_speak(keys[-1]):
            return None  # "the final", "his recent", "the discussion": no speaker
        return Speaker(" ".join(tokens).rstrip(",."), "", "")  # "the letter", "the ruling"
    if keys[0] in {"the", "a", "an", "one", "two", "three", "several", "some", "many"} or (
        (lenient or len(tokens) <= 3) and keys[-1] in ROLE_NOUNS
    ):
        if any(k in ROLE_NOUNS for k in keys) and (lenient or all(_plausible_role_word(t) for t in tokens)):
            return Speaker(" ".join(tokens).rstrip(",."), "", "", pronoun=False)
    return None


# Heads that cannot close a speaker's noun phrase: a cut-off clause ("an economist
# who", "a park and"), an adjective left without its noun ("the final", "his recent").
_RELATIVES = frozenset("who whom whose which that".split())
_NOT_HEADS = _RELATIVES | frozenset(
    """and or but of to for with just also only final recent familiar new former latest
    own other same first last""".split()
)
# Abstract nouns name no one who speaks ("the discussion", "his standing") unless
# they name an institution ("the statement", "the government").
_ABSTRACT_ENDINGS = ("sion", "sions", "ment", "ments", "ness", "ism", "ance", "ence")


def _can_speak(head: str) -> bool:
    if head in _NOT_HEADS:
        return False
    return not head.endswith(_ABSTRACT_ENDINGS) or head in ORG_WORDS or head in ROLE_NOUNS


_AFFILIATION_GLUE = frozenset("of for at from with".split())
_PLACE_WORDS = frozenset("south north east west new united upper lower central".split())

_DETERMINERS = frozenset(
    """
    the a an one his her their its another my our
    """.split()
)

_ROLE_GLUE = frozenset(
    """
    the a an of for at and to on in & with u.s. us uk u.n.
    """.split()
)


def _plausible_role_word(token: str) -> bool:
    key = name_key(token)
    if not key:
        return True
    if _is_capitalised(token) or key in ROLE_NOUNS or key in _ROLE_GLUE or key in TITLES:
        return True
    if key.endswith(("ist", "er", "or", "ian", "ant", "ent", "-based", "-year-old")):
        return True
    return key.replace("-", "").isdigit() or key.isdigit()
