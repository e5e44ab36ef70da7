"""Attribution shapes found on articles the rules were not tuned on (issue 11).

Every sentence here is made up; each case stands for a way news attributes
speech, not for any one article.
"""

import pytest

from articles.extraction import extract


def _speaker_of(text: str, fragment: str) -> str | None:
    (found,) = [q for q in extract(text) if fragment in q.text]
    return found.speaker


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # Verbs of saying that carry a mood: "…?" the senator fumed.
        ("“Who approved this?” Ana Lima fumed on Tuesday.", "approved", "Ana Lima"),
        ("“This is fantastic!” beamed Omar Tarek of Ruritania.", "fantastic", "Omar Tarek"),
        ("“We will win in May,” Ana Lima boomed.", "win", "Ana Lima"),
        ("“Go back to your seat,” Omar Tarek barked.", "seat", "Omar Tarek"),
        ("“Nobody here is a racist, friends,” Omar Tarek assured the crowd.", "racist", "Omar Tarek"),
        ("“It was a mistake,” remembered Ana Lima, the former chief of staff.", "mistake", "Ana Lima"),
    ],
)
def test_verbs_that_colour_the_saying_still_attribute(text, fragment, speaker):
    assert _speaker_of(text, fragment) == speaker


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # A prepositional phrase opens the sentence: its noun is no subject.
        (
            "After the Ruritania floods, Ana Lima released a new ad calling the plan “reckless.”",
            "reckless",
            "Ana Lima",
        ),
        # A time phrase opens the sentence: "Hours" is nobody's name.
        (
            "Hours later, Omar Tarek answered the critics, telling reporters, “We are not afraid.”",
            "afraid",
            "Omar Tarek",
        ),
        # A possessive in front of a title and a name.
        ("Ruritania's Chancellor Ana Lima hailed the deal as a “breakthrough.”", "breakthrough", "Ana Lima"),
        # A time phrase or an adverb between the subject and its verb.
        (
            "Omar Tarek on Thursday ratcheted up his attacks, saying the plan is “weak on costs.”",
            "weak",
            "Omar Tarek",
        ),
        ("Omar Tarek last week invited the council to publish the “missing” files.", "missing", "Omar Tarek"),
        ("Ana Lima however said she would welcome a “principled network” for the region.", "principled", "Ana Lima"),
        # A connective in front of the subject.
        (
            "And then Ana Lima went fully on the attack, saying, “Is the mayor ever going to answer?”",
            "mayor",
            "Ana Lima",
        ),
    ],
)
def test_the_subject_is_found_past_what_opens_or_interrupts_the_sentence(text, fragment, speaker):
    assert _speaker_of(text, fragment) == speaker


def test_a_subordinate_clause_after_a_quotation_does_not_take_it_from_the_speaker():
    # A guard for the rule above: only a clause that opens the sentence has its own subject.
    text = "Ana Lima said on Tuesday that Tom Roe was “a lightweight” while Omar Tarek is “a basket case.”"
    assert _speaker_of(text, "basket case") != "Omar Tarek"


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # The object of "after" is not a subject, even with a comma after it.
        (
            "Speaking in Salem, Ana Lima went after Maria Roe, calling her “a total stiff.”\n\n"
            "She says, “Here is someone who has never worked a day.”",
            "never worked",
            "Ana Lima",
        ),
        # The speaker of a reported clause is a likelier "he" than the subject reported on.
        (
            "Omar Tarek said that Tom Roe has energized “a lot of people” in the state. He added, "
            "“What impresses me is how new they are.”",
            "impresses",
            "Omar Tarek",
        ),
    ],
)
def test_pronouns_point_back_to_the_speaker_not_the_object_or_the_reported(text, fragment, speaker):
    assert _speaker_of(text, fragment) == speaker


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # The cue closes the sentence after a clause of its own, inverted.
        (
            "“Campaigns are short of money,” in sharp contrast to past years, says Dana Scott,"
            " a political scientist at the university.",
            "short of money",
            "Dana Scott",
        ),
        # A quotation listed before another shares the cue written after both.
        (
            "Guns are “the ultimate crisis” and “a threat to children,” Omar Tarek, the former"
            " governor, proclaimed to the crowd.",
            "ultimate crisis",
            "Omar Tarek",
        ),
        # A quotation interrupted by its cue goes on with the same speaker.
        (
            "“The risk,” said Ana Lima, an economist who directs the forecast, “is that we repel jobs.”",
            "repel jobs",
            "Ana Lima",
        ),
        # "and X says" after a quotation opens a clause that introduces the next one.
        (
            "Tom Roe accuses the mayor of “leading from behind” and Ana Lima says he is “losing the war.”",
            "leading from behind",
            "Tom Roe",
        ),
    ],
)
def test_cues_written_after_the_quotation_reach_the_right_quotations(text, fragment, speaker):
    assert _speaker_of(text, fragment) == speaker


def test_a_cue_that_reports_something_else_is_not_shared_back():
    text = "As Tom Roe went on about “a rigged system” and “our struggling families,” Ana Lima said yes, yes."
    assert _speaker_of(text, "rigged system") != "Ana Lima"


def test_a_credit_line_under_a_quotation_paragraph_names_its_speaker():
    text = (
        "Here are some claims we checked.\n\n"
        "“Almost all new income is going to the top 1 percent.”\n\n"
        "- Ana Lima.\n\n"
        "The senator is relying on an outdated figure.\n\n"
        "“I helped write that bill.”\n\n"
        "— Omar Tarek, senator for Ruritania.\n\n"
        "He wrote one amendment."
    )
    assert [(q.text, q.speaker) for q in extract(text)] == [
        ("Almost all new income is going to the top 1 percent.", "Ana Lima"),
        ("I helped write that bill.", "Omar Tarek"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # An adjective left without its noun, or an abstract noun, speaks for no one.
        "The final results aren’t in, but it is already “too close to call.”",
        "The discussion will also focus on what organizers see as a “lifeboat” for voters.",
        # A determiner alone is no speaker.
        "“Nobody can vote twice,” said the.",
    ],
)
def test_fragments_of_a_noun_phrase_are_not_speakers(text):
    (found,) = extract(text)
    assert found.speaker is None


def test_a_description_cut_at_its_relative_pronoun_keeps_the_person():
    text = "A city official who spoke on condition of anonymity said, “There are talks between the two.”"
    (found,) = extract(text)
    assert found.speaker == "A city official"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # A surname joined to its particle is part of the name, not a place after "of".
        ("“We will not negotiate,” Abdel Karim el-Masri of Ruritania said on Monday.", "Abdel Karim el-Masri"),
        ("President Abdel Karim el-Masri said, “We will not negotiate.”", "Abdel Karim el-Masri"),
        # Verbs of saying made of a verb and its particle.
        ("“If they sue us, they will lose,” Ana Lima fired back.", "Ana Lima"),
        ("“You know, it happens,” Omar Tarek went on, as if he had not heard.", "Omar Tarek"),
        ("“It was never costed,” Omar Tarek pointed out.", "Omar Tarek"),
    ],
)
def test_names_and_verbs_of_more_than_one_piece(text, speaker):
    (found,) = extract(text)
    assert found.speaker == speaker


def test_a_cue_after_a_preposition_names_an_object_not_the_speaker():
    text = "Tom Roe says he is “effectively tied for second” with Sen. Ana Lima, in a finish that he said defied polls."
    assert _speaker_of(text, "effectively tied") == "Tom Roe"


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        # A headline and deck quoting with single marks repeat the body, which quotes with double ones.
        (
            "Lima: Roe Has ‘A Long Way to Go’ On Taxes, He Is For Oil Because ‘Oil Pays Him Well’\n\n"
            "Ruritania weighs a new budget; \nFrom hands off to 'bomb the budget' in a week.\n\n"
            "“Tom Roe has a long way to go,” Ana Lima said. “Oil pays him well.”",
            ["Tom Roe has a long way to go,", "Oil pays him well."],
        ),
        # A section heading that is nothing but a quoted phrase.
        (
            "“We will fight to the end,” Ana Lima said.\n\n‘A fight from start to finish.’\n\n"
            "The merger was not her idea, aides said, and “a fight from start to finish,” Omar Tarek said.",
            ["We will fight to the end,", "a fight from start to finish,"],
        ),
    ],
)
def test_single_quoted_display_lines_are_not_quotations(text, quotes):
    assert [q.text for q in extract(text)] == quotes
