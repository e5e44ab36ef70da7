"""Who said it: cues before and after quotations, roles, pronouns, last names, lists."""

import pytest

from articles.extraction import extract


def speakers(text):
    return [(q.text, q.speaker) for q in extract(text)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“Taxes will fall,” Jane Doe said.", "Jane Doe"),
        ("“Taxes will fall,” Jane Doe says.", "Jane Doe"),
        ("“Taxes will fall,” Jane Doe told reporters.", "Jane Doe"),
        ("“Taxes will fall,” Jane Doe wrote on X.", "Jane Doe"),
        ("“Taxes will fall,” Jane Doe insisted.", "Jane Doe"),
        ("“Taxes will fall,” Jane Doe warned on Monday.", "Jane Doe"),
        ("“Taxes will fall,” Jane Doe has said.", "Jane Doe"),
        ("“Taxes will fall,” said Jane Doe.", "Jane Doe"),
        ("“Taxes will fall,” according to Jane Doe.", "Jane Doe"),
        ("Jane Doe said: “Taxes will fall.”", "Jane Doe"),
        ("Jane Doe said, “Taxes will fall.”", "Jane Doe"),
        ("Jane Doe tweeted: “Taxes will fall.”", "Jane Doe"),
        ("Said Jane Doe: “Taxes will fall.”", "Jane Doe"),
        ("According to Jane Doe, “taxes will fall.”", "Jane Doe"),
        ("Jane Doe addressed the issue at a briefing, stating, “Taxes will fall.”", "Jane Doe"),
        ("“Why now?” Jane Doe asked.", "Jane Doe"),
        ("“Taxes will fall,” the Finance Ministry said in a statement.", "the Finance Ministry"),
    ],
)
def test_verbs_of_saying_in_any_position_and_tense(text, speaker):
    (found,) = extract(text)
    assert found.speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        (
            "“No talks,” Foreign Ministry spokesman Omar Tarek told reporters.",
            "Omar Tarek",
            "Foreign Ministry spokesman",
        ),
        ("“No talks,” said President Lena Hartmann.", "Lena Hartmann", "President"),
        (
            "“No talks,” Ruritanian Crown Prince Karim bin Faisal said.",
            "Karim bin Faisal",
            "Ruritanian Crown Prince",
        ),
        (
            "“No talks,” said Omar Tarek, a spokesman for the ministry.",
            "Omar Tarek",
            "a spokesman for the ministry",
        ),
    ],
)
def test_roles_and_titles_are_split_from_the_name(text, speaker, role):
    (found,) = extract(text)
    assert (found.speaker, found.speaker_role, found.speaker_kind) == (speaker, role, "person")


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        # Stacked appositives: the name stands before the first one.
        (
            "Omar Tarek, the foreign minister of Ruritania, a member of the council, said the"
            " test “cannot go unanswered.”",
            "Omar Tarek",
            "the foreign minister of Ruritania, a member of the council",
        ),
        # An appositive that opens with a role word needs no article.
        (
            "“The data do not support it,” said Lena Hartmann, head of research at Acme Bank.",
            "Lena Hartmann",
            "head of research at Acme Bank",
        ),
        # An age, a sentence opener or a relation is no role.
        ("“We will stay,” said Omar Tarek, 25.", "Omar Tarek", ""),
        ("But Sen. Omar Tarek said the plan was “dead on arrival.”", "Omar Tarek", "Sen."),
        (
            "“It is over,” said his rival Omar Tarek.\n\n“We won,” Tarek said.",
            "Omar Tarek",
            "",
        ),
        # A time phrase between the subject and the verb is neither name nor role.
        (
            "WASHINGTON (AP) — Senate Majority Leader Omar Tarek on Tuesday called the budget “a road map to ruin.”",
            "Omar Tarek",
            "Senate Majority Leader",
        ),
        # "of the …" after a name says where the person works; a role word opening
        # the sentence is still a role.
        (
            "Economist Lena Hartmann of the Brookings Institution said the savings were “mostly accounting tricks.”",
            "Lena Hartmann",
            "Economist, Brookings Institution",
        ),
        # A description with the name in apposition: the name speaks.
        (
            "The Housing Secretary, Lena Hartmann, rejected the figures as “cherry-picked.”",
            "Lena Hartmann",
            "The Housing Secretary",
        ),
        # "Senate" stays in the title when the person is named again.
        (
            "“We will bring it back,” Senate Majority Leader Omar Tarek told reporters."
            " Asked when, he replied: “When the votes are there.”",
            "Omar Tarek",
            "Senate Majority Leader",
        ),
        # A title with "of" in it is kept whole when the person is named again.
        (
            "Ohio Secretary of State Omar Tarek said the count was “accurate.”\n\n“We checked,” Tarek said.",
            "Omar Tarek",
            "Ohio Secretary of State",
        ),
    ],
)
def test_roles_are_fit_to_show(text, speaker, role):
    found = extract(text)[-1]
    assert (found.speaker, found.speaker_role) == (speaker, role)


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        # A place or employer after the role is not the speaker's name.
        (
            "“Consequences will follow,” said the foreign minister of Ruritania.",
            "the foreign minister of Ruritania",
            "description",
        ),
        ("South Ruritania accused the North of “fanatic recklessness.”", "South Ruritania", "organization"),
        # An acronym names an institution.
        ("“Talks have failed,” the state news agency RTA reported.", "RTA", "organization"),
    ],
)
def test_affiliations_and_places_are_not_people(text, speaker, kind):
    (found,) = extract(text)
    assert (found.speaker, found.speaker_kind) == (speaker, kind)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We agree,” Mr. Karim and Mr. Tarek said.", "Mr. Karim and Mr. Tarek"),
        ("“We agree,” Lena Hartmann and Omar Tarek said.", "Lena Hartmann and Omar Tarek"),
        # A plural subject takes the plain verb: "call", not "calls".
        (
            "When bombs go off, Hartmann and Tarek call them “isolated acts” every time.",
            "Hartmann and Tarek",
        ),
    ],
)
def test_two_people_speaking_together_are_one_unnamed_source(text, speaker):
    (found,) = extract(text)
    assert (found.speaker, found.speaker_kind) == (speaker, "description")


def test_cue_phrase_and_offsets_are_reported():
    text = "“No talks,” Omar Tarek told reporters in Cairo."
    (found,) = extract(text)
    assert found.cue.startswith("told reporters")
    assert text[found.cue_start : found.cue_end] == found.cue


def test_split_quotation_gives_both_halves_the_same_speaker():
    text = "“We are ready,” Omar Tarek said, “but only on our terms.”"
    assert speakers(text) == [
        ("We are ready,", "Omar Tarek"),
        ("but only on our terms.", "Omar Tarek"),
    ]


def test_pronoun_resolves_to_last_named_person():
    text = "Finance Minister Lena Hartmann spoke in Berlin on Monday.\n\n“The budget is balanced,” she said."
    assert speakers(text) == [("The budget is balanced,", "Lena Hartmann")]


def test_pronoun_prefers_the_subject_over_a_nearer_object():
    text = "Senator Paul Ortiz criticized Governor Mark Ellison on Tuesday.\n\n“It is a disgrace,” he said."
    assert speakers(text) == [("It is a disgrace,", "Paul Ortiz")]


def test_pronoun_gender_skips_an_incompatible_person():
    text = "Mary Ellison met Robert Fischer in Vienna.\n\n“We agreed on nothing,” she said."
    assert speakers(text) == [("We agreed on nothing,", "Mary Ellison")]


def test_last_name_resolves_to_full_name_introduced_earlier():
    text = "Foreign Ministry spokesman Omar Tarek held a briefing.\n\n“There are no negotiations,” Tarek said."
    (found,) = extract(text)
    assert (found.speaker, found.speaker_role) == ("Omar Tarek", "Foreign Ministry spokesman")


def test_a_gendered_title_picks_the_right_person_sharing_a_last_name():
    text = (
        "Lena Hartmann spoke first. Then Omar Hartmann took the stage.\n\n“We will win,”"
        " Mr. Hartmann said.\n\n“He is right,” Mrs. Hartmann said."
    )
    assert [q.speaker for q in extract(text)] == ["Omar Hartmann", "Lena Hartmann"]


def test_pronoun_is_never_returned_as_a_speaker():
    found = extract("“We will see,” he said.")
    assert [q.speaker for q in found] == [None]


def test_next_quoted_sentence_keeps_the_speaker():
    text = "“We are ready,” Omar Tarek said. “The plan is sound.”"
    assert [q.speaker for q in extract(text)] == ["Omar Tarek", "Omar Tarek"]


def test_paragraph_introduced_with_a_colon_belongs_to_its_speaker():
    text = "The Daily Ledger reported:\n\n“Revenue fell by a third in the spring.”"
    (found,) = extract(text)
    assert found.speaker.casefold() == "the daily ledger"


def test_fragment_in_reported_speech_goes_to_the_sentence_subject():
    text = "Omar Tarek dismissed the report as “pure fiction” on Monday."
    (found,) = extract(text)
    assert (found.speaker, found.kind) == ("Omar Tarek", "partial")


def test_full_sentence_quotation_is_direct():
    (found,) = extract("“The plan is sound,” Omar Tarek said.")
    assert found.kind == "direct"


def test_what_people_are_saying_list_attributes_each_line():
    text = (
        "What People Are Saying\n"
        "Ruritanian Foreign Minister Lena Hartmann: “We want a deal.”\n"
        "Omar Tarek, professor at Vienna University, on the talks: “Nothing will change.”\n"
        "What Happens Next\n"
        "The talks resume in May."
    )
    found = extract(text)
    assert [(q.speaker, q.speaker_role) for q in found] == [
        ("Lena Hartmann", "Ruritanian Foreign Minister"),
        ("Omar Tarek", "professor at Vienna University"),
    ]


@pytest.mark.parametrize("heading", ["Why It Matters", "What to Know", "What People Are Saying"])
def test_section_headings_are_never_speakers(heading):
    text = f"{heading}\n“We are ready for anything,” the spokesman said."
    (found,) = extract(text)
    assert found.speaker != heading
    assert heading not in (found.speaker or "")


def test_transcript_label_names_the_speaker():
    text = 'Partial transcript:\n\n"HARTMANN: We will not raise taxes this year."'
    (found,) = extract(text)
    assert found.speaker == "Hartmann"


def test_every_quote_is_scored_for_check_worthiness():
    found = extract("“Unemployment fell 3 percent last year,” Lena Hartmann said.")
    assert 0.0 <= found[0].checkworthiness <= 1.0
    assert isinstance(found[0].reasons, tuple)


def test_reporting_clause_at_the_end_of_the_sentence_names_the_speaker():
    text = "A clerk who “takes a few dollars” goes to jail, Lena Hartmann said on Monday."
    (found,) = extract(text)
    assert found.speaker == "Lena Hartmann"


def test_quotation_after_a_reported_sentence_keeps_that_speaker():
    text = "The delay has a second cause, Omar Tarek said. “Nobody wants to pay for it.”"
    (found,) = extract(text)
    assert found.speaker == "Omar Tarek"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The commission says on its website that “there were problems.”", "The commission"),
        ("“Crime is down,” the report says.", "the report"),
        ("At the forum, one questioner claimed that “nothing works.”", "one questioner"),
    ],
)
def test_unnamed_sources_are_kept_as_written(text, speaker):
    (found,) = extract(text)
    assert found.speaker == speaker


def test_subject_with_an_appositive_speaks_a_fragment():
    text = "Omar Tarek, the director of the institute, called the plan “a fantasy” on Monday."
    (found,) = extract(text)
    assert found.speaker == "Omar Tarek"


def test_party_tag_is_not_taken_for_a_person():
    text = "Sen. Paul Ortiz, D-Va., spoke first.\n\n“We have the votes,” he said."
    assert [q.speaker for q in extract(text)] == ["Paul Ortiz"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Jane Doe described the so-called plan as “a disaster” on Monday.", "Jane Doe"),
        ("Twenty-two years ago, a city report called the district “a model.”", "a city report"),
        # Not "the streets": the protesters chant.
        ("Protesters marching through the streets chanted “What curfew?” all night.", "Protesters"),
        ("Pressure is building on the mayor, who heard chants of “Resign!” on Monday.", None),
    ],
)
def test_compounds_numbers_and_prepositional_phrases_are_not_speakers(text, speaker):
    (found,) = extract(text)
    assert found.speaker == speaker


def test_it_resolves_to_the_institution_that_spoke_last():
    text = (
        "The Finance Ministry said on Monday that the deficit had narrowed.\n\n"
        "“Revenue rose faster than spending,” it said."
    )
    (found,) = extract(text)
    assert (found.speaker, found.speaker_kind) == ("the Finance Ministry", "organization")


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("“No talks,” Omar Tarek told reporters in Cairo on Monday.", "told reporters"),
        ("“No talks,” the ministry said in a statement.", "said in a statement"),
        ("“No talks,” Omar Tarek wrote on X.", "wrote on X"),
        ("“No talks,” said Omar Tarek.", "said"),
    ],
)
def test_cue_covers_verb_audience_and_medium_not_place_or_speaker(text, cue):
    (found,) = extract(text)
    assert found.cue == cue
