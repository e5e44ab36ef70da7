"""Behaviour of the check-worthiness scorer, on sentences written for these tests."""

import pytest

from articles.extraction.checkworthiness import Assessment, assess

CHECKWORTHY = [
    ("figure", "Unemployment fell to 4.2 percent in the third quarter of last year."),
    ("money", "The county spent $3.4 million on the new bridge, twice the original budget."),
    ("comparison", "Our state now has the highest rate of child poverty in the region."),
    ("past action", "The mayor signed the housing bill and vetoed the parking ordinance."),
    ("voting record", "Councillor Hughes voted against the school funding plan three times."),
    ("causal", "The plant closure led to the loss of about nine hundred local jobs."),
    ("attributed", "According to the census bureau, the population grew by 12,000 people."),
    ("record", "Violent crime in the city dropped to its lowest level since 1990."),
    ("change", "Tuition at public universities has doubled over the past decade."),
]

NOT_CHECKWORTHY = [
    ("opinion", "I think this is a wonderful community with a great future."),
    ("belief", "I believe in the goodness of the people of this town."),
    ("greeting", "Thank you all so much for coming tonight, it is a pleasure."),
    ("promise", "We will make this country strong again, and I'm going to fight for you."),
    ("question", "What are you going to do about it?"),
    ("filler", "Well, you know, let me just say this."),
    ("fragment", "Absolutely not."),
    ("hypothetical", "If we could only work together, imagine what we might achieve."),
    ("anecdote", "When I was a kid my father used to take me fishing on Sundays."),
    ("appeal", "I ask for your vote on election day."),
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
        ("Prices rose 7 percent last year.", "contains a number"),
        ("Prices rose 7 percent last year.", "contains a quantity"),
        ("Our schools are bigger than theirs by any measure.", "comparison"),
        ("The senate passed the measure after a long debate.", "statement of fact about an event"),
        ("Emissions went down because of the new regulations.", "causal claim"),
        ("According to the study, most renters pay too much.", "attributed assertion"),
        ("I think the plan is terrible.", "opinion"),
        ("I think the plan is terrible.", "value judgement"),
        ("Good evening and welcome to the debate.", "greeting"),
        ("We will get it done, I promise you.", "vague promise"),
        ("Where is the money going?", "question"),
        ("Oh well.", "very short fragment"),
    ],
)
def test_reasons_name_the_cue_that_fired(text, reason):
    assert reason in assess(text).reasons


@pytest.mark.parametrize(
    ("stronger", "weaker"),
    [
        ("The deficit grew by $40 billion last year.", "The deficit is a problem."),
        ("The governor cut the education budget by 8 percent.", "The governor will help schools."),
        ("Our exports are higher than at any time since 2008.", "Our exports are very good."),
        ("Mr. Lee voted for the tax increase in 2019.", "I believe Mr. Lee means well."),
        ("Crime rose after the police budget was cut.", "Crime is a terrible thing."),
    ],
)
def test_concrete_claim_outranks_vaguer_counterpart(stronger, weaker):
    assert assess(stronger).score > assess(weaker).score


def test_plan_to_cut_scores_lower_than_report_of_a_cut():
    assert (
        assess("We want to cut taxes for working families.").score
        < assess("We cut taxes for working families in 2021.").score
    )


@pytest.mark.parametrize(
    "text",
    [
        "The firm booked a loss of \u00a32bn last year.",
        "Ireland had the fastest-growing economy in Europe.",
        "Vaccines cause autism, a blog claimed.",
    ],
    ids=["pound-abbreviation", "hyphenated-superlative", "short-attributed-causal"],
)
def test_compact_claims_are_still_checkworthy(text):
    assert assess(text).score >= 0.5


def test_denial_of_a_record_stays_checkworthy():
    assert assess("The senator never voted for the 2017 pension reform.").score >= 0.5


def test_every_assessment_has_positive_and_negative_reasons_when_mixed():
    reasons = assess("I think unemployment fell by 3 percent last year.").reasons
    assert "opinion" in reasons
    assert "contains a number" in reasons


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
