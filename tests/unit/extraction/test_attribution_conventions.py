"""Attribution conventions beyond 'X said': roles in lower case, 'according to' at
the end of a sentence, participles after a name, possessive claims, homes and
relative clauses between a subject and its verb, labelling verbs."""

import pytest

from articles.extraction import extract


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # Wire style writes some roles in lower case in front of the name.
        ("“The bridge is safe,” retired general Ana Lima said.", "Ana Lima"),
        ("“The bridge is safe,” former Sen. Ana Lima said.", "Ana Lima"),
        # "according to" closing the sentence sources everything in it.
        (
            "Turnout rose after volunteers chanted “Vote early!” all week, according to"
            " county clerk Ana Lima.",
            "Ana Lima",
        ),
        # A participle right after a name belongs to that name, not to the subject.
        ("The new ad shows Ana Lima saying, “We will build it.”", "Ana Lima"),
        ("The video ends with footage of Ana Lima asking, “Who pays for it?”", "Ana Lima"),
        # The owner of a claim made it.
        ("Critics seized on Ana Lima's claim that there were “no delays at all.”", "Ana Lima"),
        # A home after the name, or a relative clause, sits between subject and verb.
        (
            "In May, Gov. Ana Lima of Ruritania praised the builders for “quick and"
            " careful work.”",
            "Ana Lima",
        ),
        (
            "Ana Lima, who has campaigned across the region for the party since she left"
            " the cabinet in the spring of last year, blasted the plan as a “disaster” on Monday.",
            "Ana Lima",
        ),
        # "branded" labels like "called" does.
        ("Ruritania branded the test a “reckless provocation.”", "Ruritania"),
        # First-person columns: "my father said".
        ("“Work hard and stay kind,” my father often said.", "my father"),
    ],
)
def test_attribution_conventions(text, speaker):
    (found,) = extract(text)
    assert found.speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        # A verdict on a statement is not the statement: no speaker from the possessive.
        "Ana Lima's statement was “mostly false.”",
    ],
)
def test_a_verdict_on_a_claim_is_not_the_claim(text):
    (found,) = extract(text)
    assert found.speaker != "Ana Lima"
