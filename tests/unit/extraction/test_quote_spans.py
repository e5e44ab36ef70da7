"""Finding quotation spans: marks, apostrophes, stray marks, multi-paragraph quotes."""

import pytest

from articles.extraction import extract


def quotes(text):
    return [q.text for q in extract(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We will win," Jane Doe said.', ["We will win,"]),
        ("“We will win,” Jane Doe said.", ["We will win,"]),
        ("«We will win», Jane Doe said.", ["We will win"]),
        ("‘We will win,’ Jane Doe said.", ["We will win,"]),
        ("'We will win,' Jane Doe said.", ["We will win,"]),
        ("„We will win“, Jane Doe said.", ["We will win"]),
    ],
)
def test_every_common_quotation_mark_style_is_found(text, expected):
    assert quotes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Iran’s ministry didn’t answer, and the ’90s are over.",
        "Iran's ministry didn't answer, and the '90s are over.",
        "The players' union met the owners' lawyers on Tuesday.",
        "Rock 'n' roll is here to stay, they'd say.",
    ],
)
def test_apostrophes_are_not_quotation_marks(text):
    assert quotes(text) == []


def test_single_quotes_inside_double_quotes_stay_part_of_the_quotation():
    text = "\"He told me 'never again' and left,\" Jane Doe said."
    assert quotes(text) == ["He told me 'never again' and left,"]


def test_stray_mark_costs_only_its_own_paragraph():
    text = 'A stray " mark sits in this paragraph about the budget.\n\n"The budget is balanced," Jane Doe said.'
    assert quotes(text) == ["The budget is balanced,"]


def test_unclosed_quotation_runs_to_the_end_of_its_paragraph():
    text = 'Jane Doe said: "We will not back down.\n\nThe council meets on Monday.'
    assert quotes(text) == ["We will not back down."]


def test_multi_paragraph_quotation_keeps_each_paragraph_and_one_speaker():
    text = (
        'Jane Doe, the mayor, said: "The first paragraph ends without a mark.\n\n'
        '"The second paragraph reopens and closes the quotation."\n\n'
        "The council did not respond."
    )
    found = extract(text)
    assert [q.text for q in found] == [
        "The first paragraph ends without a mark.",
        "The second paragraph reopens and closes the quotation.",
    ]
    assert {q.speaker for q in found} == {"Jane Doe"}


def test_offsets_point_at_the_quotation_content():
    text = "Intro.\n\n“Prices rose 5 percent,” said Jane Doe."
    (q,) = extract(text)
    assert text[q.start : q.end] == q.text == "Prices rose 5 percent,"


def test_typewriter_double_apostrophes_are_not_paired_as_quotations():
    # '' from wire archives is left alone: single-mark pairing would cut it apart.
    assert quotes("He called it ''a big deal'' on Monday.") == []


def test_headline_quote_is_not_extracted_but_body_quote_is():
    text = "Mayor Calls Budget ‘A Triumph’\n\n“The budget is a triumph,” Mayor Jane Doe told reporters on Monday."
    assert quotes(text) == ["The budget is a triumph,"]


def test_quote_inside_an_importer_heading_span_is_skipped():
    text = "The ‘Big Plan’ explained\n“It works,” Jane Doe said."
    assert quotes(text) == ["It works,"]
    heading = (0, text.index("\n"))
    assert quotes(text) == [q.text for q in extract(text, headings=[heading])]


@pytest.mark.parametrize(
    "text",
    [
        "Jane Doe appeared on CNN’s “State of the Union” on Sunday.",
        "The 30-second spot, titled “Arrogant,” ran in Ohio.",
        "He spoke on an episode of “The Morning Show” last week.",
    ],
)
def test_titles_of_works_are_not_quotations(text):
    assert quotes(text) == []


def test_markup_attribute_values_are_not_quotations():
    assert quotes('<tweet author="janedoe" lang="en">') == []


def test_nickname_inside_a_name_is_not_a_quotation():
    assert quotes('Rep. Robert "Bobby" Smith opened the meeting.') == []


def test_transcript_stage_direction_is_not_a_quotation():
    assert quotes('Partial transcript:\n\n"(CROSSTALK.)"\n\n"HARTMANN: We will win."') == ["HARTMANN: We will win."]


def test_word_quoted_as_a_word_is_not_a_quotation():
    assert quotes('Why vote for him, simply because "she" is a "he"?') == []


def test_single_marks_inside_typewriter_doubles_stay_nested():
    assert quotes("He said ''the plan is 'significant' for us'' on Monday.") == []


def test_closing_mark_missing_after_a_full_stop_runs_to_paragraph_end():
    text = 'Jane Doe spoke on Friday. "We will not back down, not now\n\nThe vote is Monday.'
    assert quotes(text) == ["We will not back down, not now"]


def test_a_space_typed_before_a_closing_mark_still_closes_the_quotation():
    text = 'The mayor was defiant. "We are not going anywhere, "Lima said. "Not while people need us.'
    assert [q.text for q in extract(text)] == ["We are not going anywhere,", "Not while people need us."]


def test_a_straight_mark_left_open_before_a_curly_quotation_is_stray():
    text = '"Kevin was snoring.\n\n“Here he is, babe,” she said.'
    assert [q.text for q in extract(text)] == ["Here he is, babe,"]
