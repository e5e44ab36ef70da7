"""Speaker roles keep every word that changes who the person is (issue 12, item 7)."""

import pytest

from articles.extraction import extract
from articles.extraction.roles import split_role


@pytest.mark.parametrize(
    ("text", "role"),
    [
        # A qualifier of the office stays, even where it opens the sentence.
        ("Former mayor Thomas Greer said, “The budget is a mess.”", "former mayor"),
        ("“The budget is a mess,” said Former mayor Thomas Greer.", "former mayor"),
        ("“The budget is a mess,” said acting director Dana Holt.", "acting director"),
        ("“The budget is a mess,” said Deputy Mayor Dana Holt.", "Deputy Mayor"),
        ("“The budget is a mess,” said interim superintendent Dana Holt.", "interim superintendent"),
        # Plain words of a role in front of the name.
        ("Parent group leader Dana Holt said, “We want answers.”", "Parent group leader"),
        ("“We want answers,” Parent group leader Dana Holt said.", "Parent group leader"),
        # The affiliation after "for the …" stays in the role, stops of abbreviations too.
        (
            "“We want answers,” said Dana Holt, a spokeswoman for the Riverside Parents Association.",
            "a spokeswoman for the Riverside Parents Association",
        ),
        (
            "“We want answers,” said Dana Holt, a spokeswoman for the St. Paul Parents Assn.",
            "a spokeswoman for the St. Paul Parents Assn.",
        ),
        # A relative clause that says where the speaker works.
        (
            "“We want answers,” said Dana Holt, who works for the Riverside Parents Association.",
            "who works for the Riverside Parents Association",
        ),
        (
            "“We want answers,” Dana Holt, who speaks for the Riverside Parents Association, said.",
            "who speaks for the Riverside Parents Association",
        ),
    ],
)
def test_roles_keep_their_qualifiers_and_affiliation(text, role):
    (found,) = extract(text)
    assert found.speaker in ("Thomas Greer", "Dana Holt")
    assert found.speaker_role == role


@pytest.mark.parametrize(
    ("role", "title", "affiliation"),
    [
        ("a spokeswoman for the Riverside Parents Association", "spokeswoman", "Riverside Parents Association"),
        ("head of research at Acme Bank", "head of research", "Acme Bank"),
        ("the former chair of the Riverside council", "former chair", "Riverside council"),
        ("former mayor of Riverside", "former mayor", "Riverside"),
        ("who works for the Riverside Parents Association", "", "Riverside Parents Association"),
        ("Economist, Brookings Institution", "Economist", "Brookings Institution"),
        ("a spokeswoman for the St. Paul Parents Assn.", "spokeswoman", "St. Paul Parents Assn."),
        # No institution named after the title: the role is the title.
        ("former mayor", "former mayor", ""),
        ("Parent group leader", "Parent group leader", ""),
        ("a spokesman for the ministry", "a spokesman for the ministry", ""),
        ("Foreign Ministry spokesman", "Foreign Ministry spokesman", ""),
        # An office named with "of" is one title.
        ("Secretary of State", "Secretary of State", ""),
        ("Chief of Staff", "Chief of Staff", ""),
    ],
)
def test_a_role_splits_into_title_and_affiliation(role, title, affiliation):
    assert split_role(role) == (title, affiliation)


def test_an_extracted_quote_gives_title_and_affiliation():
    (found,) = extract("“We want answers,” said Dana Holt, a spokeswoman for the Riverside Parents Association.")
    assert (found.speaker_title, found.speaker_affiliation) == ("spokeswoman", "Riverside Parents Association")


@pytest.mark.parametrize(
    ("text", "role"),
    [
        # A relation or a sentence opener alone is still no role.
        ("Rival Dana Holt said, “We want answers.”", ""),
        ("But Sen. Dana Holt said, “We want answers.”", "Sen."),
        ("Former Dana Holt said, “We want answers.”", ""),
    ],
)
def test_openers_and_relations_are_still_no_role(text, role):
    (found,) = extract(text)
    assert found.speaker_role == role
