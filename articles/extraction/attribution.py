"""Find the attribution cue of a quotation and the speaker phrase it names.

News attributes speech in a handful of shapes, tried here in order of how
tightly they bind to the quotation:

* right after the closing mark: '“…,” Jane Doe said', '“…,” said Doe',
  '“…,” the ministry said in a statement', '“…” — Jane Doe';
* before the opening mark in the same sentence: 'Doe said: “…”',
  'Doe told reporters, “…”', 'Doe called the plan “…”', 'according to Doe, “…”',
  'Doe addressed the issue, stating, “…”' (the subject of the sentence speaks);
* a list line 'Jane Doe, professor at Acme, on the plan: “…”'.

The caller falls back on the surrounding quotations when none of these fits.
"""

from __future__ import annotations

import re
from collections import namedtuple

from .cues import (
    AUX_WORDS,
    INVERTED_OPENERS,
    LEFT_VERBS,
    PARTICIPLES,
    RIGHT_VERBS,
    cue_extent,
    iter_verbs,
    surely_verb,
)
from .models import Speaker
from .speakers import NOT_NAMES, ROLE_NOUNS, TITLES, is_name_token, name_key, parse_speaker
from .subjects import (
    DESCRIPTION_HEADS,
    GLUE,
    MAX_SUBJECT_TOKENS,
    SUBJECT_PRONOUNS,
    TIME_GLUE,
    is_time_word,
    sentence_subject,
    tokens,
)

_LEAD_RE = re.compile(r"[\s,;—–―-]*")
_DASH_RE = re.compile(r"\s*[―—–]\s*|\s+-\s+")
_LIST_RE = re.compile(r"\s*([^:“”\"«»\n]{2,150}?)\s*:\s*$")


_RIGHT_WINDOW = 160


class Attribution(namedtuple("Attribution", "speaker at cue cue_start cue_end")):
    """A speaker phrase found next to a quotation, with its cue.

    `at` is the offset of the speaker phrase, for resolving pronouns; the cue
    and its span are '' and None when the speaker stands alone ('Doe: “…”').
    """

    __slots__ = ()


def _subject_token_ok(tok: str, first: bool) -> bool:
    key = tok.strip(".,;:()").lower().replace("’", "'").removesuffix("'s")
    if not key:
        return False
    if tok[:1].isupper() or tok[:1] == "(" or "-" in tok and is_name_token(tok.rstrip(",.;:")):
        return True
    if key in ROLE_NOUNS or key in TITLES or key in GLUE:
        return True
    return key in {"bin", "ibn", "al", "el", "de", "del", "da", "van", "von", "der", "la", "le"}


def _drop_time(text: str, toks: list[tuple[int, int]]) -> None:
    """Pop a time phrase between a subject and its verb: "Doe on Tuesday said",
    "Doe late last week said", "Doe, on Jan. 5, said"."""
    k = len(toks)
    if not k or text[toks[-1][1] - 1] == ",":
        return  # "…, who ran in February, said": a clause of its own, not a time phrase
    timed = False
    while k > 1:
        word = text[toks[k - 1][0] : toks[k - 1][1]]
        if is_time_word(word):
            timed = True
        elif not (timed and word.strip(",").lower() in TIME_GLUE):
            break
        k -= 1
    if timed and k < len(toks):
        del toks[k:]


def phrase_before(text: str, floor: int, end: int) -> tuple[int, Speaker] | None:
    """Speaker phrase that ends at `end` (the subject in front of a verb)."""
    toks = tokens(text, max(floor, end - 300), end)
    while toks and text[toks[-1][0] : toks[-1][1]].lower() in AUX_WORDS:
        toks.pop()
    _drop_time(text, toks)
    while toks and text[toks[-1][0] : toks[-1][1]].lower() in AUX_WORDS:
        toks.pop()
    if not toks:
        return None
    end = toks[-1][1]
    last = text[toks[-1][0] : toks[-1][1]]
    if last.lower() in SUBJECT_PRONOUNS:
        return toks[-1][0], Speaker(last.lower(), "", "", pronoun=True)
    if last.endswith(","):
        # "Jane Doe, a spokeswoman for Acme, said": skip back over the appositive.
        appositive = _appositive_before(text, toks)
        if appositive is not None:
            return appositive
    i = len(toks)
    while i > 0 and len(toks) - i < MAX_SUBJECT_TOKENS:
        tok = text[toks[i - 1][0] : toks[i - 1][1]]
        if i < len(toks) and tok.endswith((",", ";", ":", ".")) and not _is_abbrev(tok):
            break
        if not _subject_token_ok(tok, i == len(toks)):
            break
        i -= 1
    if 0 < i <= 3 and _role_opens_sentence(text, floor, toks[:i]):
        # "Parent group leader Jane Doe said": the role's lower-case words.
        speaker = parse_speaker(text[toks[0][0] : end], lenient=True)
        if speaker is not None and speaker.kind == "person" and speaker.role:
            return toks[0][0], speaker
    while i < len(toks):
        start = toks[i][0]
        phrase = text[start:end]
        head = text[toks[i][0] : toks[i][1]].lower()
        if head not in GLUE or head in {"the", "a", "an"}:
            speaker = parse_speaker(phrase)
            if speaker is not None:
                if not speaker.kind and not speaker.pronoun:
                    # "A county spokesman said": the whole noun phrase, not "spokesman".
                    fuller = _description_before(text, toks)
                    if fuller is not None and fuller[0] < start:
                        return fuller
                return start, speaker
        i += 1
    return _description_before(text, toks)


def _role_opens_sentence(text: str, floor: int, words: list[tuple[int, int]]) -> bool:
    """True for a few plain words that open the sentence before a role word:
    "Parent group" in "Parent group leader Jane Doe said"."""
    if text[floor : words[0][0]].strip():
        return False
    for n, (s, e) in enumerate(words):
        word = text[s:e]
        if not word.replace("-", "").isalpha() or (n == 0) != word[:1].isupper():
            return False
        if name_key(word) in NOT_NAMES or surely_verb(word):
            return False
    return True


def _description_before(text: str, toks: list[tuple[int, int]]) -> tuple[int, Speaker] | None:
    # "The commission says", "one questioner claimed": a short noun phrase that
    # starts with a determiner and runs, unpunctuated, up to the verb.
    # "A document on the campaign's website states", "52 percent of registered voters
    # agreed": the phrase may hold a preposition; a head right after one belongs to
    # the phrase further left, if there is one.
    for j in range(len(toks) - 1, max(-1, len(toks) - 10), -1):
        tok = text[toks[j][0] : toks[j][1]]
        low = tok.lower()
        if j < len(toks) - 1 and tok.endswith((",", ";", ":", ".")):
            break
        percent = _PERCENT_RE.fullmatch(low) and (
            low.endswith("%") or j + 1 < len(toks) and text[toks[j + 1][0] : toks[j + 1][1]] == "percent"
        )
        if (low in DESCRIPTION_HEADS or percent) and j < len(toks) - 1:
            before = text[toks[j - 1][0] : toks[j - 1][1]].lower() if j else ""
            if before in _NP_PREPOSITIONS:
                continue
            if percent and before and before not in _PERCENT_OPENERS and before[-1:] not in ",;:":
                return None  # "rated 32% of claims": an object, not who spoke
            if before in _PHRASE_STOPS or before in {"through", "into", "across", "over"}:
                break  # "marching through the streets chanted": not the subject
            phrase = text[toks[j][0] : toks[-1][1]]
            if percent:
                return toks[j][0], Speaker(phrase, "", "")  # poll respondents
            speaker = parse_speaker(phrase, lenient=True)
            return (toks[j][0], speaker) if speaker is not None else None
        if tok[:1].islower() and low in _PHRASE_STOPS and low not in _NP_PREPOSITIONS:
            break
    return _plural_with_participle(text, toks)


def _plural_with_participle(text: str, toks: list[tuple[int, int]]) -> tuple[int, Speaker] | None:
    # "Protesters marching through the streets chanted": a plural noun opening the
    # sentence, with a participle phrase up to the verb.
    if len(toks) < 2 or len(toks) > 9:
        return None
    first, second = (text[s:e] for s, e in toks[:2])
    if not (first[:1].isupper() and first.endswith("s") and first[1:].islower()):
        return None
    if not second.endswith("ing") or is_name_token(first) and first.lower() not in _GROUP_NOUNS:
        return None
    if any(text[e - 1] in ",;:." for s, e in toks):
        return None
    return toks[0][0], Speaker(first, "", "")


# Plural nouns for groups of people that may open a sentence and speak.
_GROUP_NOUNS = frozenset(
    """protesters protestors demonstrators marchers supporters opponents critics residents
    voters workers students parents teachers officials lawmakers activists fans crowds
    demonstrations""".split()
)


_NP_PREPOSITIONS = frozenset("of on at in for from with".split())
_PERCENT_OPENERS = frozenset("only just about nearly almost roughly some while and but however".split())
_PERCENT_RE = re.compile(r"\d[\d.,]*%?")


def _is_abbrev(tok: str) -> bool:
    core = tok.rstrip(",")
    return core.endswith(".") and (len(core) <= 4 or core.count(".") > 1)


def _appositive_before(text: str, toks: list[tuple[int, int]]) -> tuple[int, Speaker] | None:
    # Find the comma that opens the appositive, then the name in front of it.
    # "Jane Doe, the minister of X, a member of Y, said": appositives may be
    # stacked, so a comma whose left side is no person sends the search further left.
    description = None
    for j in range(len(toks) - 2, max(-1, len(toks) - 24), -1):
        tok = text[toks[j][0] : toks[j][1]]
        if tok.endswith(","):
            first_app = text[toks[j + 1][0] : toks[j + 1][1]]
            if first_app[:1].isupper() and first_app.lower() not in {"the", "a", "an"}:
                break
            found = phrase_before(text, toks[0][0], toks[j][1] - 1)
            if found is not None and not found[1].pronoun and found[1].kind == "":
                # "Officials at Acme, a division of X, said": unless a name
                # stands further left, the description speaks.
                description = description or found
                continue
            if found is None or found[1].pronoun or found[1].kind != "person":
                break
            appositive = text[toks[j + 1][0] : toks[-1][1]].rstrip(",").strip()
            start, sp = found
            return start, Speaker(sp.name, sp.role or appositive, sp.kind)
    return description


# Words after which an inverted subject ('said Jane Doe of Acme') has ended.
_PHRASE_STOPS = frozenset(
    """of for at in on during after before when while who whom whose which that to as
    and or but with from by about because since if than told said""".split()
)


def phrase_after(text: str, start: int, limit: int) -> tuple[int, Speaker] | None:
    """Speaker phrase that starts at `start` (inverted 'said Jane Doe')."""
    toks = tokens(text, start, min(limit, start + 300))
    if not toks:
        return None
    first = text[toks[0][0] : toks[0][1]].rstrip(",.;:")
    if first.lower() in SUBJECT_PRONOUNS:
        return toks[0][0], Speaker(first.lower(), "", "", pronoun=True)
    end_i = 0
    for i, (s, e) in enumerate(toks[:MAX_SUBJECT_TOKENS]):
        tok = text[s:e]
        word = tok.rstrip(",.;:").lower()
        if word in _PHRASE_STOPS and tok[:1].islower():
            prev = text[toks[i - 1][0] : toks[i - 1][1]] if i else ""
            if not (word == "of" and prev.lower() in TITLES):  # "Secretary of State"
                break
        if tok[:1] in "“”\"‘’'(" and i:
            break
        end_i = i + 1
        if tok.endswith((",", ";", ":")) or (tok.endswith(".") and not _is_abbrev(tok)):
            break
    while end_i > 0:
        phrase = text[toks[0][0] : toks[end_i - 1][1]]
        speaker = parse_speaker(phrase, lenient=True)
        if speaker is not None:
            phrase_end = toks[end_i - 1][1]
            if text[phrase_end - 1] == ",":
                phrase_end -= 1
            appositive = _appositive_after(text, phrase_end, limit)
            if appositive and speaker.kind == "person" and not speaker.role:
                speaker = Speaker(speaker.name, appositive, speaker.kind)
            return toks[0][0], speaker
        end_i -= 1
    return None


# An appositive runs to the next comma or stop; an abbreviation's stop ("St. Paul",
# "Assn.", "U.S.") does not end it.
_APPOSITIVE_RE = re.compile(
    r",\s+((?:(?:an?|the)\s+)?[a-z](?:[^,.;:“”\"]|(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z])\.(?=\s[A-Z])"
    r"|(?<=\b[A-Z][a-z][a-z])\.(?=\s[A-Z])|(?<=Assn|Corp|Dept|Univ)\.){2,100})"
)
# "who works for Acme": a relative clause that names where the speaker works.
_WORKS_FOR = (
    r"(?:who|which)\s+(?:works?|worked|speaks?|spoke|writes|wrote|serves?|served)\s+(?:for|at|with)\s+(?:the\s+)?[A-Z]"
)


def _appositive_after(text: str, pos: int, limit: int) -> str:
    m = _APPOSITIVE_RE.match(text, pos, limit)
    if not m:
        return ""
    if m.group(1).startswith(("who ", "which ")) and re.match(_WORKS_FOR, m.group(1)):
        return m.group(1).strip()
    words = m.group(1).split()
    if words[0] not in ("a", "an", "the") and words[0] not in ROLE_NOUNS:
        return ""  # "said Doe, adding that…": no role without a determiner or role word first
    return m.group(1).strip() if any(w.lower() in ROLE_NOUNS for w in words) else ""


def _cue(text: str, v_start: int, v_end: int, limit: int) -> tuple[str, int, int]:
    end = cue_extent(text, v_start, v_end, limit)
    return text[v_start:end], v_start, end


def right_cue(text: str, close_mark: int, limit: int) -> Attribution | None:
    """Attribution that follows the closing mark: '”, Jane Doe said'."""
    pos = close_mark + 1
    limit = min(limit, pos + _RIGHT_WINDOW + 100)
    dash = _DASH_RE.match(text, pos, limit)
    lead = _LEAD_RE.match(text, pos, limit).end()
    verb = next(
        (
            v
            for v in iter_verbs(text, lead, min(limit, lead + _RIGHT_WINDOW), RIGHT_VERBS)
            # "Jane Doe, who speaks for Acme, said": the relative clause's verb is not the cue.
            if not text.endswith(("who ", "which "), max(lead, v[0] - 6), v[0])
        ),
        None,
    )
    if verb is None:
        if dash:
            found = phrase_after(text, dash.end(), limit)
            if found and not found[1].pronoun and found[1].kind:
                return Attribution(found[1], found[0], "", None, None)
        return None
    v_start, v_end, _ = verb
    if v_start == lead:  # inverted: '”, said Jane Doe': the cue is the verb alone
        found = phrase_after(text, v_end + 1, limit)
        if found is None:
            return None
        return Attribution(found[1], found[0], text[v_start:v_end], v_start, v_end)
    if text[lead : lead + 8].split(" ", 1)[0] in _CONJUNCTIONS:
        # '“…” and Jane Doe says he is “…”': a new clause; its verb introduces
        # what follows it, unless the sentence ends there ('“…,” and Doe said.').
        rest = text[v_end:limit]
        if rest.strip(" \t.!?”\"'’\n") and not _TAIL_RE.match(rest):
            return None
    found = _subject_between(text, lead, v_start)
    if found is None:
        return None
    return Attribution(found[1], found[0], *_cue(text, v_start, v_end, limit))


_CONJUNCTIONS = frozenset("and but while as when or because although though whereas if so".split())


def trailing_cue(text: str, start: int, end: int) -> Attribution | None:
    """A reporting clause ending the sentence: '…, Jane Doe said.'"""
    last = None
    for verb in iter_verbs(text, start, end, RIGHT_VERBS):
        last = verb
    # The pattern has no fixed start, so a search tries every position: a plain
    # find rules out almost every sentence first.
    put_it = _PUT_IT_RE.search(text, start, end) if text.find("put", start, end) >= 0 else None
    if put_it is not None:
        # "…, as one analyst put it.": the writer borrows the phrase from its source.
        found = phrase_before(text, put_it.start(1), put_it.end(1))
        if found is not None and not found[1].pronoun:
            return Attribution(found[1], found[0], put_it.group(2), *put_it.span(2))
    if last is None:
        return None
    v_start, v_end, word = last
    if word == "according to":
        # "…, according to Jane Doe.": the source of everything in the sentence.
        found = phrase_after(text, v_end + 1, end)
        if found is None or found[1].pronoun:
            return None
        return Attribution(found[1], found[0], text[v_start:v_end], v_start, v_end)
    if text[v_end:end].strip(" \t.!?”\"'’\n") and not _TAIL_RE.match(text, v_end, end):
        if text[max(start, v_start - 2) : v_start] == ", ":
            # "“…,” in sharp contrast to past years, says Jane Doe, a scientist.": an
            # inverted cue closing the sentence, the speaker after the verb.
            found = phrase_after(text, v_end + 1, end)
            if found is not None and not found[1].pronoun and found[1].kind:
                return Attribution(found[1], found[0], text[v_start:v_end], v_start, v_end)
        return None  # the verb heads a clause of its own ("said the plan would…")
    comma = text.rfind(",", start, v_start)
    if comma < 0:
        return None
    found = _subject_between(text, comma + 1, v_start)
    if found is None:
        return None
    return Attribution(found[1], found[0], *_cue(text, v_start, v_end, end))


_PUT_IT_RE = re.compile(r",?\s+as\s+([^;:“”\"]{2,80}?),?\s+((?:once\s+|has\s+|had\s+)?puts?\s+it)[.!?]?[”\"’]?\s*$")

# What may follow a closing reporting verb: a day, a place, a medium.
_TAIL_RE = re.compile(
    r"\s+(?:on|in|at|to|during|via|last|this|late|early|earlier|later|yesterday|today|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b[^,;:“”\"]{0,60}[.!?]?\s*$"
)


def _subject_between(text: str, start: int, end: int) -> tuple[int, Speaker] | None:
    # Everything between the closing mark and the verb is the subject, so titles
    # and roles of any wording are accepted ("Tulsa police Chief Jane Doe").
    toks = tokens(text, start, end)
    while toks and text[toks[-1][0] : toks[-1][1]].lower() in AUX_WORDS:
        toks.pop()
    _drop_time(text, toks)
    if not toks:
        return None
    first = text[toks[0][0] : toks[0][1]]
    if first in _OBJECT_PREPOSITIONS:
        return None  # '“…” with Sen. Jane Doe, in a finish that he said…': an object
    if len(toks) > MAX_SUBJECT_TOKENS:
        # '“…,” Jane Doe, the director of the center who also appears in the film,
        # told…': a long appositive after a name that opens the subject.
        comma = next((i for i, (s, e) in enumerate(toks[:6]) if text[e - 1] == ","), None)
        if comma is None or not first[:1].isupper():
            return None
        speaker = parse_speaker(text[toks[0][0] : toks[comma][1]])
        if speaker is None or speaker.kind != "person" or speaker.pronoun:
            return None
        role = speaker.role or text[toks[comma + 1][0] : toks[-1][1]].rstrip(",")
        return toks[0][0], Speaker(speaker.name, role, speaker.kind)
    if first[:1].islower() and first.lower() not in DESCRIPTION_HEADS | SUBJECT_PRONOUNS:
        # "” often in his campaign, and criticized…": no subject here. But wire
        # style writes lower-case role words before a name: "retired general Jane
        # Doe said", "panel Chairman Jane Doe said".
        speaker = parse_speaker(text[toks[0][0] : toks[-1][1]], lenient=True)
        if speaker is None or speaker.kind != "person" or speaker.pronoun:
            return None
        role_word = name_key(first) in ROLE_NOUNS or name_key(first) in TITLES
        if not role_word and " " not in speaker.name:
            return None  # a lone capitalised word after loose words is no subject
        return toks[0][0], speaker
    speaker = parse_speaker(text[toks[0][0] : toks[-1][1]], lenient=True)
    if speaker is None:
        found = phrase_before(text, start, toks[-1][1])
        if found is None or found[0] != toks[0][0]:
            return None
        return found
    return toks[0][0], speaker


def left_cue(text: str, floor: int, open_mark: int, at_para_start: bool) -> Attribution | None:
    """Attribution in front of the opening mark, within the same sentence."""
    if at_para_start:
        m = _LIST_RE.match(text, floor, open_mark)
        if m and next(iter_verbs(text, m.start(1), m.end(1), LEFT_VERBS), None) is None:
            speaker = _list_speaker(m.group(1))
            if speaker is not None:
                return Attribution(speaker, m.start(1), "", None, None)
    verbs = list(iter_verbs(text, floor, open_mark, LEFT_VERBS))
    for v_start, v_end, word in reversed(verbs):
        if word == "according to" or word in INVERTED_OPENERS:
            found = phrase_after(text, v_end + 1, open_mark)
        elif word in PARTICIPLES and _name_ends_at(text, floor, v_start):
            # 'The ad shows Jane Doe saying, “…”': the participle's own subject.
            found = phrase_before(text, floor, v_start)
        elif word in PARTICIPLES or _coordinated(text, floor, v_start):
            # 'Doe addressed the issue, stating, “…”' and 'Doe smiled and said “…”':
            # the subject of the sentence is the speaker.
            found = sentence_subject(text, floor, v_start)
        else:
            found = phrase_before(text, floor, v_start)
        if found is not None:
            return Attribution(found[1], found[0], *_cue(text, v_start, v_end, open_mark))
    return None


def _name_ends_at(text: str, floor: int, end: int) -> bool:
    before = text[max(floor, end - 40) : end].split()
    return bool(before) and is_name_token(before[-1]) and before[-1][-1:].isalpha()


_OBJECT_PREPOSITIONS = frozenset("to with for from by at on in of about against into".split())


def _coordinated(text: str, floor: int, verb_start: int) -> bool:
    before = text[max(floor, verb_start - 12) : verb_start].split()
    return bool(before) and before[-1] in {"and", "but", "or", "then", "before", "after"}


def _list_speaker(label: str) -> Speaker | None:
    # "Jane Doe, professor at Acme, on the plan" / "Acme's chief Jane Doe"
    head, _, rest = label.partition(",")
    rest = re.split(r",?\s+on\s+", rest, maxsplit=1)[0].strip(" ,")
    speaker = parse_speaker(head)
    if speaker is None or speaker.pronoun or not speaker.kind:
        return None
    if rest and not speaker.role:
        return Speaker(speaker.name, rest, speaker.kind)
    return speaker
