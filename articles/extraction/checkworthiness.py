"""Check-worthiness scoring for sentences and quotes.

A transparent, rule-based scorer: each cue that fact-checkers look for (figures,
comparisons, past actions, causal links, attribution, policy topics) adds to a logit,
and each cue of non-checkable speech (opinion, greeting, vague promise, question,
filler, personal anecdote) subtracts from it. The logit goes through a sigmoid so that
0.5 is the decision threshold, and the cues that fired come back as editor-facing
reasons, positive ones first.

The criteria follow published fact-checking guidance (ClaimBuster's "check-worthy
factual sentence", Full Fact's claim types): quantities, records of past actions,
cause and effect and what others reported can be checked; opinions, predictions,
pleasantries and questions cannot. Weights are hand-set log-odds contributions in
coarse steps, set by hand rather than fitted to any data set.

Speed matters because the extractor scores whole transcripts: the text is lower-cased
and tokenised once, and every word list is a dict lookup rather than a regex
alternation, so a sentence costs tens of microseconds (bench/checkworthiness_speed.py).
"""

from __future__ import annotations

import math
import re
from collections import namedtuple

__all__ = ["Assessment", "assess"]


class Assessment(namedtuple("Assessment", "score reasons")):
    """`score` 0..1 (0.5 is the decision threshold) and `reasons`, the cues that
    moved it, those raising it first. A named tuple: `dataclasses` costs more
    to import than scoring a whole article."""

    __slots__ = ()


# Feature table: (reason shown to editors, log-odds weight). The index is the bit used
# in the per-call hit mask, so a cue counts once however often it occurs.
_FEATURES: tuple[tuple[str, float], ...] = (
    ("contains a number", 1.5),  # 0: digits
    ("contains a quantity", 1.4),  # 1: million, percent, dollars...
    ("contains a number word", 0.6),  # 2: spelled-out numbers and ordinals
    ("comparison", 0.9),  # 3
    ("change in a quantity", 1.0),  # 4
    ("statement of fact about an event", 1.0),  # 5
    ("past or present state", 0.4),  # 6: was/were/has been
    ("causal claim", 0.5),  # 7
    ("attributed assertion", 1.0),  # 8
    ("policy or record topic", 0.6),  # 9
    ("absolute claim", 0.4),  # 10
    ("names a specific entity", 0.4),  # 11
    ("asserted as fact", 0.4),  # 12
    ("opinion", -1.3),  # 13
    ("value judgement", -0.6),  # 14
    ("greeting", -3.0),  # 15
    ("vague promise", -1.2),  # 16
    ("hypothetical", -0.8),  # 17
    ("rhetorical filler", -0.5),  # 18
    ("personal anecdote", -1.0),  # 19
    ("appeal to the audience", -1.5),  # 20
    ("specific actor and action", 0.5),  # 21: derived, see assess()
    ("past-tense verb", 0.4),  # 22: any other -ed verb
    ("superlative or record", 1.2),  # 23
)
_NUMBER, _QUANTITY, _NUMBER_WORD, _COMPARISON, _CHANGE, _EVENT, _STATE = range(7)
_CAUSAL, _ATTRIBUTED, _TOPIC, _ABSOLUTE, _NAMED, _ASSERTED, _OPINION = range(7, 14)
_VALUE, _GREETING, _PROMISE, _HYPOTHETICAL, _FILLER, _ANECDOTE, _APPEAL = range(14, 21)
_ACTOR_ACTION, _PAST_TENSE, _SUPERLATIVE = 21, 22, 23

_LEXICON: dict[int, str] = {
    _QUANTITY: """
        million millions billion billions trillion trillions thousand thousands hundred
        hundreds percent percentage dozen dozens half twice double doubled tripled
        quadrupled dollar dollars cents pounds euros majority minority per_cent
        a_third a_quarter one_in one_out_of two-thirds three-quarters
    """,
    _NUMBER_WORD: """
        two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
        forty fifty sixty seventy eighty ninety first second third fourth fifth tenth
        number_one every_year per_year a_year every_day per_day a_day a_month a_week
    """,
    _COMPARISON: """
        more_than less_than fewer_than than_ever than_any than_anyone than_anybody
        since compared_to compared_with as_many_as as_much_as ahead_of behind outpaced
        exceeded surpassed lead leads leading
    """,
    _SUPERLATIVE: """
        highest lowest largest biggest smallest fastest slowest poorest richest longest
        oldest worst greatest deepest strongest weakest wealthiest cheapest costliest
        most_of least a_record record_high record_low record_number record_levels
        record_level all-time the_only the_first the_last never_before
        in_history in_the_world in_decades in_a_generation in_a_century
    """,
    _CHANGE: """
        increase increased increases decrease decreased decreases rose risen fell fallen
        grew grown decline declined dropped went_up went_down gone_up gone_down
        reduced reduce cut cuts raised raise lowered lost gained created added
        eliminated slashed skyrocketed soared tripled doubled shrunk shrank expanded
        brought_down up_by down_by is_up is_down are_up are_down was_up was_down
    """,
    _EVENT: """
        voted passed signed vetoed opposed supported proposed sponsored authorized
        approved appointed invaded attacked sent spent borrowed paid built closed opened
        launched banned repealed enacted introduced negotiated ratified funded defunded
        killed died arrested convicted elected won endorsed filed fired hired shipped
        imported exported bankrupt bankrupted cost costs earned took gave bought sold
        invested received saved provided destroyed withdrew withdrawn deployed
        stated announced refused failed allowed ended started began begun
        has_voted have_voted has_never never_voted
    """,
    _STATE: "was were had did has_been have_been had_been there_are there_were there_is",
    # Irregular past forms and participles: the -ed test in assess() misses them.
    _PAST_TENSE: """
        went gone made took taken gave given came saw seen told left kept held brought
        found led built spent sent paid fought bought sold ran began became grew rose
        fell broke broken chose chosen drove wrote written spoke spoken stood knew known
        thought met said done shown won lost taught caught meant heard felt
    """,
    _CAUSAL: """
        because_of led_to leads_to lead_to caused cause causes as_a_result due_to
        resulted_in result_of results_in responsible_for thanks_to contributed_to
        blamed blame therefore consequently
    """,
    _ATTRIBUTED: """
        according_to reported report reports studies study survey surveys poll polls
        statistics figures data census estimates estimate estimated found_that
        show_that shows_that showed_that said_that says_that testified admitted
        on_record cbo gao fbi cia bureau department_of he_said she_said they_said
        he_says she_says has_said have_said who_said experts scientists economists
        promised claimed pledged suggested quote quoted
    """,
    _TOPIC: """
        tax taxes taxed taxing taxation taxpayer taxpayers job jobs deficit deficits
        debt crime crimes unemployment unemployed economy economic inflation wage wages
        income salary salaries health_care healthcare insurance medicare medicaid
        social_security budget budgets spending trade tariff tariffs oil energy gas
        military troops nuclear weapons missile missiles immigration immigrants
        immigrant border schools school education tuition price prices interest_rates
        poverty welfare abortion gun guns police prison prisons drug drugs law laws
        bill bills legislation treaty sanctions pension pensions climate emissions
        coal manufacturing factories companies corporations bank banks stock_market
        gdp growth murder murders homicide homicides violence refugees terrorism
        terrorists terrorist war army navy defense veterans workers farmers
        families children seniors students mortgage mortgages housing recession
        subsidies loans program programs aid congress senate court
    """,
    _ABSOLUTE: """
        never always every_single nobody no_one none all_of not_a_single not_one
        every_one
    """,
    _ASSERTED: """
        in_fact the_fact the_truth actually the_facts the_record
    """,
    _OPINION: """
        i_think i_believe i_feel in_my_opinion i_hope i'm_sure i_am_sure it_seems
        i_guess i_suppose frankly i'm_convinced i_am_convinced my_view i_consider
        i_trust i_doubt we_believe we_think i_know it's_time i_don't_think
    """,
    _VALUE: """
        great terrible wonderful horrible disgrace disgraceful amazing fantastic good
        bad beautiful tremendous proud nice wrong shameful shame ridiculous absurd
        incredible disaster disastrous stupid smart weak strong important fair unfair
        best worse love hate respect honor honored deserve deserves values dream hope
        faith believe reckless dangerous outrageous essential vital fundamental
    """,
    _GREETING: """
        thank_you thanks good_evening good_morning good_night hello congratulations
        congratulate welcome a_pleasure nice_to glad_to_be god_bless
    """,
    _PROMISE: """
        will i'll we'll you'll they'll he'll she'll going_to gonna plan_to intend_to
        promise i_want we_want what_i_want we're_going i'm_going we_need we_have_to
        we_must we've_got_to my_plan my_administration i_would we_would i'd we'd
        let's i_will we_will i_intend i_pledge
    """,
    _HYPOTHETICAL: "if would could should might may ought imagine suppose unless whether",
    _FILLER: """
        you_know let_me excuse_me ladies_and_gentlemen folks i_mean of_course
        by_the_way you_see uh um
    """,
    _ANECDOTE: """
        my_mother my_father my_wife my_husband my_grandmother my_grandfather my_family
        my_kids my_children my_daughter my_son my_dad my_mom my_brother my_sister
        i_grew_up i_was_raised i_was_born when_i_was i_remember i_met i_visited
        i_talked i_was_in i've_seen i_saw i_learned as_a_kid
    """,
    _APPEAL: """
        your_support your_vote vote_for_me ask_you i_ask join_me god_bless
    """,
}

# Every entry, single word or phrase, maps to a bit mask in one dict keyed by its
# space-joined words; _PREFIXES holds each proper prefix of a phrase so the scan only
# builds longer keys when a phrase could still match.
_NGRAMS: dict[str, int] = {}
_PREFIXES: set[str] = set()
for _feature, _entries in _LEXICON.items():
    for _entry in _entries.split():
        _key = _entry.replace("_", " ")
        _NGRAMS[_key] = _NGRAMS.get(_key, 0) | (1 << _feature)
        _end = _key.rfind(" ")
        while _end > 0:  # (built at every start-up: most entries are single words)
            _PREFIXES.add(_key[:_end])
            _end = _key.rfind(" ", 0, _end)
del _feature, _entries, _entry, _key, _end
# One look-up per token: (mask or None, starts a phrase) for every word the scan
# acts on; any other word can only be a compound or an -ed form.
_WORDS: dict[str, tuple[int | None, bool]] = {
    _w: (_NGRAMS.get(_w), _w in _PREFIXES) for _w in [*_NGRAMS, *_PREFIXES, "than"] if " " not in _w
}

# Comparatives are open-ended ("cheaper than", "safer than"), so "than" after a word
# ending in -er counts, except the fixed expressions that compare nothing.
_NOT_COMPARATIVE = frozenset({"other", "rather", "whether", "either", "neither"})
_COMPARATIVES = frozenset({"more", "less", "fewer", "worse", "better", "bigger"})
# Participles that describe a feeling or stance rather than report something done.
_NOT_PAST_ACTION = frozenset(
    """
    concerned interested pleased tired excited worried supposed used ashamed committed
    delighted thrilled humbled honoured honored expected privileged
    determined prepared blessed scared convinced surprised disappointed dedicated united
    needed talked asked called wanted seemed liked loved hoped believed feared involved
    related based so-called advanced red bed need speed indeed proceed exceed succeed
    embed shed seed feed weed breed greed hundred kindred
""".split()
)
_ACTION_BITS = (1 << _CHANGE) | (1 << _EVENT)
_COMPOUND_BITS = (1 << _NUMBER_WORD) | (1 << _QUANTITY) | (1 << _SUPERLATIVE)
# A short sentence is only penalised when it carries nothing concrete: "He cut taxes
# twice." is brief but checkable.
_CONCRETE_BITS = (
    (1 << _NUMBER)
    | (1 << _QUANTITY)
    | _ACTION_BITS
    | (1 << _CAUSAL)
    | (1 << _ATTRIBUTED)
    | (1 << _COMPARISON)
    | (1 << _SUPERLATIVE)
)
_NOT_REPORTED = frozenset(
    """
    to will would could should can can't must might may won't wouldn't let's
    i'll we'll you'll they'll he'll she'll
""".split()
)
_OPENERS = frozenset({"well", "oh", "yes", "no", "look", "listen", "okay", "ok", "uh", "um", "sir"})

# Tokens: the text split on whitespace once these punctuation marks are spaces (stray
# dashes become tokens, which matter only to the length count). The ASCII marks are
# mapped in one pass over the UTF-8 bytes, which no other character's bytes can be
# mistaken for; the curly double quotes are replaced first. Several times quicker
# than a regex substitution, and far quicker than findall with a word pattern.
_PUNCT_BYTES = bytes.maketrans(b',.;:!?"()[]{}/', b" " * 14)
_DIGIT = re.compile(r"\d")
# Percentages, currency amounts and abbreviated magnitudes ("12%", "$5", "2bn").
_DIGIT_QUANTITY = re.compile(r"\d ?(?:%|percent)|[$\u00a3\u20ac] ?\d|\d(?:bn|m|k)\b")
# A capitalised word after lower-case text or punctuation: not the sentence opener
# and not "I", so it is usually a name, place or institution.
# (Written from the space on: a pattern opening with a literal is searched for
# that character alone, not tried at every position.)
_CAPITALISED = re.compile(r" (?<=[a-z,;:] )[A-Z][a-z]")
_QUESTION = re.compile(r"\?[\s\"')\]]*$")

_BIAS = -1.6
_EMPTY = Assessment(score=1.0 / (1.0 + math.exp(-(_BIAS - 4.0))), reasons=("empty",))


def assess(text: str) -> Assessment:
    """Score how worth fact-checking ``text`` is (0..1), with the reasons behind it."""
    if not text or text.isspace():
        return _EMPTY
    lower = text.lower()
    if "\u2019" in lower:
        lower = lower.replace("\u2019", "'")
    spaced = lower.replace("\u201c", " ").replace("\u201d", " ").encode("utf-8", "surrogatepass")
    tokens = spaced.translate(_PUNCT_BYTES).decode("utf-8", "surrogatepass").split()
    n = len(tokens)
    hits = 0
    ngrams = _NGRAMS
    prefixes = _PREFIXES
    words = _WORDS
    for i, word in enumerate(tokens):
        entry = words.get(word)
        if entry is None:
            # Most words: neither listed nor a phrase start (nor "than").
            if "-" in word:
                # Compounds count by their first part when it is a numeral or
                # superlative ("forty-two", "two-year", "fastest-growing"); those
                # bits are never action bits, so no modal check is needed.
                hits |= ngrams.get(word.partition("-")[0], 0) & _COMPOUND_BITS
            if word.endswith("ed") and len(word) > 4 and word not in _NOT_PAST_ACTION:
                hits |= 1 << _PAST_TENSE
            continue
        mask, is_prefix = entry
        if mask is None and "-" in word:
            mask = ngrams.get(word.partition("-")[0], 0) & _COMPOUND_BITS
        if mask:
            # "to cut", "will raise", "not signed": a verb after a modal, "to" or a
            # negation is a plan or a denial, not a report that something happened.
            if mask & _ACTION_BITS and i and tokens[i - 1] in _NOT_REPORTED:
                mask &= ~_ACTION_BITS
            hits |= mask
        if is_prefix:
            key = word
            for j in range(i + 1, n):
                key = key + " " + tokens[j]
                mask = ngrams.get(key)
                if mask:
                    hits |= mask
                if key not in prefixes:
                    break
        elif word.endswith("ed") and len(word) > 4 and word not in _NOT_PAST_ACTION:
            hits |= 1 << _PAST_TENSE
        if word == "than" and i:
            # "more graduates than", "cheaper than": a comparative shortly before.
            for prev in tokens[max(0, i - 4) : i]:
                if prev in _COMPARATIVES or (prev.endswith("er") and prev not in _NOT_COMPARATIVE):
                    hits |= 1 << _COMPARISON
                    break
    # ASCII digits show in the bytes (deleting them is one quick pass); digits of
    # other scripts need the regex, and only non-ASCII text can hold them.
    if len(spaced.translate(None, b"0123456789")) < len(spaced) or (not text.isascii() and _DIGIT.search(text)):
        hits |= 1 << _NUMBER
        if _DIGIT_QUANTITY.search(lower):
            hits |= 1 << _QUANTITY
    if _CAPITALISED.search(text):
        hits |= 1 << _NAMED
        # A named person or body doing something concrete ("the Senate passed",
        # "Smith voted against") is the core shape of a checkable record claim.
        if hits & ((1 << _EVENT) | (1 << _CHANGE)):
            hits |= 1 << _ACTOR_ACTION

    logit = _BIAS
    positive: list[str] = []
    negative: list[str] = []
    has_figure = hits & ((1 << _NUMBER) | (1 << _QUANTITY))
    features = _FEATURES
    remaining = hits
    while remaining:
        low = remaining & -remaining
        remaining ^= low
        bit = low.bit_length() - 1
        reason, weight = features[bit]
        # A plan with a figure in it ("cut taxes for 95 percent") can still be
        # checked against the record, so the promise discount is halved.
        if bit == _PROMISE and has_figure:
            weight /= 2
        logit += weight
        (positive if weight > 0 else negative).append(reason)
    if n and tokens[0] in _OPENERS:
        logit -= 0.3
        if "rhetorical filler" not in negative:
            negative.append("rhetorical filler")
    if _QUESTION.search(text):
        logit -= 2.0
        negative.append("question")
    if n < 5:
        logit -= 2.0
        negative.append("very short fragment")
    elif n < 9 and not hits & _CONCRETE_BITS:
        logit -= 0.5
        negative.append("short sentence")
    score = 1.0 / (1.0 + math.exp(-logit))
    return Assessment(score=score, reasons=tuple(positive + negative))
