"""Behaviour of the check-worthiness scorer, on sentences written for these tests.

A sentence that states a checkable fact about the world (a figure, a past event, a
record, someone's vote or position) scores at or above 0.5; an opinion, a promise, a
question, a greeting or a personal story scores below it, and the reasons say why in
words a fact-checker reads.
"""

import json
from pathlib import Path

import pytest

from articles.extraction.checkworthiness import LOWERING_REASONS, Assessment, assess
from articles.extraction.claim_cues import CUES

CHECKWORTHY = [
    ("figure", "Unemployment fell to 4.2 percent in the third quarter of last year."),
    ("money", "The county spent $3.4 million on the new bridge, twice the original budget."),
    ("record", "Our state now has the highest rate of child poverty in the region."),
    ("past action", "The mayor signed the housing bill and vetoed the parking ordinance."),
    ("voting record", "Councillor Hughes voted against the school funding plan three times."),
    ("causal", "The plant closure led to the loss of about nine hundred local jobs."),
    ("attributed", "According to the census bureau, the population grew by 12,000 people."),
    ("lowest since", "Violent crime in the city dropped to its lowest level since 1990."),
    ("change", "Tuition at public universities has doubled over the past decade."),
    ("opponent's vote", "You voted against the veterans' pension increase in the last session."),
    ("speaker's record", "I voted against the pipeline and opposed the tax on fuel in 2019."),
    ("someone's position", "The governor wants to cut the school budget and raise tuition for students."),
    ("reported claim", "Critics say the new tax has cost the region thousands of jobs."),
]

NOT_CHECKWORTHY = [
    ("opinion", "I think this is a wonderful community with a great future."),
    ("belief", "I believe in the goodness of the people of this town."),
    ("greeting", "Thank you all so much for coming tonight, it is a pleasure."),
    ("promise", "We will make this country strong again, and I'm going to fight for you."),
    ("plan", "I want to make sure that every family in this state has a chance."),
    ("prescription", "We must do better, and we have to work together on this."),
    ("question", "What are you going to do about it?"),
    ("filler", "Well, you know, let me just say this."),
    ("fragment", "Absolutely not."),
    ("hypothetical", "If we could only work together, imagine what we might achieve."),
    ("anecdote", "When I was a kid my father used to take me fishing on Sundays."),
    ("appeal", "I ask for your vote on election day."),
    ("debate clock", "I have 30 seconds left and I want to use them."),
]


@pytest.mark.parametrize("text", [t for _, t in CHECKWORTHY], ids=[k for k, _ in CHECKWORTHY])
def test_factual_claims_score_above_threshold(text):
    assert assess(text).score >= 0.5


@pytest.mark.parametrize("text", [t for _, t in NOT_CHECKWORTHY], ids=[k for k, _ in NOT_CHECKWORTHY])
def test_non_claims_score_below_threshold(text):
    assert assess(text).score < 0.5


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Prices rose 7 percent last year.", "states a figure"),
        ("Prices rose 7 percent last year.", "gives an amount or a share"),
        ("Prices rose 7 percent last year.", "reports a rise or a fall"),
        ("The dam was finished in 1936.", "gives a date or a period"),
        ("Our schools are bigger than theirs by any measure.", "makes a comparison"),
        ("It was the wettest summer in history.", "claims a record or a first"),
        ("The senate passed the measure after a long debate.", "reports an action on the record"),
        ("The bridge collapsed after the storm.", "describes a past event"),
        ("She voted against the measure.", "reports someone's vote or position"),
        ("He is for public financing of elections.", "reports someone's vote or position"),
        ("His plan would close two hospitals.", "reports someone's vote or position"),
        ("I voted against the measure.", "states the speaker's record"),
        ("According to the study, most renters pay too much.", "cites a source or a study"),
        ("Emissions went down because of the new regulations.", "claims a cause"),
        ("The tax on fuel is unfair to farmers.", "about a public issue"),
        ("I think the plan is terrible.", "opinion"),
        ("I think the plan is terrible.", "a value judgement"),
        ("We will get it done, I promise you.", "a promise about the future"),
        ("They'll never get it done.", "a prediction"),
        ("We should build more homes.", "says what should be done"),
        ("Where is the money going?", "a question"),
        ("Good evening and welcome to the debate.", "a greeting or thanks"),
        ("Let me tell you what I mean by that.", "speaks to the audience"),
        ("My father worked in the mill all his life.", "a personal story"),
        ("That is how it goes around here.", "says nothing concrete"),
        ("Oh well.", "too short to hold a claim"),
    ],
)
def test_reasons_name_the_cue_that_fired(text, reason):
    assert reason in assess(text).reasons


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("I have 30 seconds left.", "states a figure"),
        ("We are building a bridge to the 21st century.", "states a figure"),
        ("Number two, we have to look at history.", "counts something"),
        ("Let me mention three things about this.", "counts something"),
        ("We want to cut taxes for working families.", "reports a rise or a fall"),
        ("I support the plan.", "states the speaker's record"),
        ("In the last debate he spoke about schools.", "claims a record or a first"),
    ],
)
def test_cues_do_not_fire_on_look_alikes(text, absent):
    assert absent not in assess(text).reasons


@pytest.mark.parametrize(
    ("text", "promise_or_prediction"),
    [
        ("We will cut taxes for every family.", "a promise about the future"),
        ("I'm going to cut taxes for every family.", "a promise about the future"),
        ("I want to cut taxes for every family.", "a promise about the future"),
        ("He will cut taxes for every family.", "a prediction"),
        ("They're going to cut taxes for every family.", "a prediction"),
    ],
)
def test_future_is_a_promise_from_the_speaker_and_a_prediction_from_anyone_else(text, promise_or_prediction):
    reasons = assess(text).reasons
    other = {"a promise about the future", "a prediction"} - {promise_or_prediction}
    assert promise_or_prediction in reasons and not other & set(reasons)


@pytest.mark.parametrize(
    ("stronger", "weaker"),
    [
        # A statistic about the world outranks an opinion on the same subject.
        ("The deficit grew by $40 billion last year.", "I think the deficit is a terrible problem."),
        ("The governor cut the education budget by 8 percent.", "The governor will help schools."),
        ("Our exports are higher than at any time since 2008.", "Our exports are very good."),
        ("Mr. Lee voted for the tax increase in 2019.", "I believe Mr. Lee means well."),
        ("Crime rose after the police budget was cut.", "Crime is a terrible thing."),
        # Someone's reported position outranks the speaker's own promise.
        ("He wants to cut Medicare for seniors.", "I want to protect Medicare for seniors."),
        ("She voted against the pension bill.", "We will pass the pension bill."),
        # A past event outranks the same event as a plan.
        ("We cut taxes for working families in 2021.", "We want to cut taxes for working families."),
        ("The city closed two hospitals last year.", "We must keep our hospitals open."),
    ],
)
def test_concrete_claim_outranks_vaguer_counterpart(stronger, weaker):
    assert assess(stronger).score > assess(weaker).score


@pytest.mark.parametrize(
    "text",
    [
        "The firm booked a loss of \u00a32bn last year.",
        "Ireland had the fastest-growing economy in Europe.",
        "Vaccines cause autism, a blog claimed.",
        "The senator never voted for the 2017 pension reform.",
    ],
    ids=["pound-abbreviation", "hyphenated-superlative", "short-attributed-causal", "denial-of-a-record"],
)
def test_compact_claims_are_still_checkworthy(text):
    assert assess(text).score >= 0.5


def test_mixed_sentence_shows_raising_reasons_before_lowering_ones():
    reasons = assess("I think unemployment fell by 3 percent last year.").reasons
    assert "opinion" in reasons and "states a figure" in reasons
    tones = [reason in LOWERING_REASONS for reason in reasons]
    assert tones == sorted(tones)


def test_every_reason_is_a_documented_cue_with_the_right_tone():
    documented = {reason: weight for reason, weight in CUES}
    for _, text in CHECKWORTHY + NOT_CHECKWORTHY:
        for reason in assess(text).reasons:
            assert reason in documented
            assert (reason in LOWERING_REASONS) == (documented[reason] < 0)


def test_seed_quotes_an_editor_would_check_outrank_opinions_and_promises():
    seeds = Path(__file__).resolve().parent.parent / "data/seeds_gold.jsonl"
    quotes = {q["text"] for line in seeds.read_text(encoding="utf-8").splitlines() for q in json.loads(line)["quotes"]}

    def score(start: str) -> float:
        (text,) = {q for q in quotes if q.startswith(start)}
        return assess(text).score

    factual = ["There is no process of negotiation", "Our inspectors are back in Iran"]
    opinions_and_promises = ["We believe it\u2019s good", "I will be working closely", "It would be a nice thing"]
    assert min(map(score, factual)) > max(map(score, opinions_and_promises))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "?",
        "$",
        "1",
        "\u2019\u2019\u2019",
        "A" * 10_000,
        "the " * 50_000,
        "Taxes rose 5 percent. " * 5_000,
        "— – - -- ... !!! ???",
        "Die Arbeitslosigkeit stieg um 5 Prozent.",
        "失业率上升了百分之五。",
        "going to",
        "is for",
        "I",
        "number two",
    ],
    ids=[
        "empty",
        "blank",
        "lone-question-mark",
        "lone-dollar",
        "lone-digit",
        "curly-apostrophes",
        "one-long-word",
        "huge-repetition",
        "huge-claims",
        "punctuation-only",
        "german",
        "chinese",
        "going-to-at-the-end",
        "is-for-at-the-end",
        "lone-pronoun",
        "enumeration-alone",
    ],
)
def test_odd_input_returns_score_within_unit_interval(text):
    result = assess(text)
    assert isinstance(result, Assessment)
    assert 0.0 <= result.score <= 1.0
    assert all(isinstance(r, str) and r for r in result.reasons)


def test_empty_text_is_not_checkworthy():
    assert assess("").score < 0.5


def test_same_text_gives_same_assessment():
    text = "The city hired 300 new teachers, more than any year since 2001."
    assert assess(text) == assess(text)


def test_curly_apostrophe_reads_like_straight_one():
    assert assess("I\u2019m going to fix it.") == assess("I'm going to fix it.")


def test_reasons_have_no_duplicates():
    reasons = assess("Well, 5 percent, 6 percent, 7 percent: taxes rose and rose.").reasons
    assert len(reasons) == len(set(reasons))


def test_assessment_is_immutable():
    result = assess("Taxes rose 5 percent.")
    with pytest.raises(AttributeError):
        result.score = 0.0  # type: ignore[misc]
