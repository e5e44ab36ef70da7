from datetime import UTC, datetime

import pytest

from articles.ingest import ArticleRecord, ItemError, SourceRecord, normalise_body, parse_upload
from articles.ingest.text import find_headings, parse_text


def only_article(results) -> ArticleRecord:
    assert len(results) == 1, results
    assert isinstance(results[0], ArticleRecord), results
    return results[0]


def heading_texts(record: ArticleRecord) -> list[str]:
    return [record.body[start:end] for start, end in record.headings]


# --- seed 003: date line with a stray "|", headings, SOURCES block, trailing furniture ---


def test_seed_003_reads_published_date_despite_leading_pipe(seed):
    record = only_article(parse_upload(*seed("003")))
    assert record.published_at == datetime(2025, 3, 30, tzinfo=UTC)
    assert "Published" not in record.body


def test_seed_003_has_no_headline_so_title_is_its_shortened_first_sentence(seed):
    record = only_article(parse_upload(*seed("003")))
    assert record.title.startswith("In a decisive response to a diplomatic overture")
    assert record.title.endswith("…")
    assert len(record.title) <= 101


def test_seed_003_turns_sources_block_into_source_records(seed):
    record = only_article(parse_upload(*seed("003")))
    assert record.sources == (
        SourceRecord(
            outlet="Townhall",
            title="Iran Rejects Direct Negotiations With the U.S. In Response to Trump’s Letter",
        ),
        SourceRecord(
            outlet="Politico",
            title="In response to Trump’s letter, Iran rejects direct negotiations",
        ),
        SourceRecord(
            outlet="Euronews",
            title="Iran rejects direct negotiations with US and requests proof that it ‘can build trust",
        ),
    )
    assert "SOURCES" not in record.body
    assert "TOWNHALL" not in record.body


def test_seed_003_drops_trailing_page_furniture(seed):
    record = only_article(parse_upload(*seed("003")))
    assert "Be the first to comment" not in record.body
    assert record.body.endswith("U.S.-Iran reconciliation can take place.")


def test_seed_003_heading_spans_point_at_section_headings(seed):
    record = only_article(parse_upload(*seed("003")))
    assert heading_texts(record) == [
        "Iran’s Position",
        "U.S. Reaction and Regional Implications",
        "A Path Forward?",
    ]


def test_seed_003_leaves_outlet_and_byline_empty(seed):
    record = only_article(parse_upload(*seed("003")))
    assert record.outlet == ""
    assert record.byline == ""
    assert record.locator.startswith("seeds/003_")


# --- seed 000: no headline, no date, many headings ---


def test_seed_000_finds_all_section_headings(seed):
    record = only_article(parse_upload(*seed("000")))
    assert heading_texts(record) == [
        "Why It Matters",
        "What to Know",
        "Trump’s Iran Claim",
        "Nuclear Talks",
        "President Pezeshkian’s Letter",
        "What People Are Saying",
        "What Happens Next",
    ]


def test_seed_000_keeps_its_first_sentence_in_body_and_uses_it_for_title(seed):
    record = only_article(parse_upload(*seed("000")))
    assert record.body.startswith("Iran sharply rejected any notion of negotiations")
    assert record.title.startswith("Iran sharply rejected any notion of negotiations")
    assert record.published_at is None
    assert record.sources == ()


def test_seed_000_does_not_guess_the_outlet_from_a_mention(seed):
    record = only_article(parse_upload(*seed("000")))
    assert "Newsweek has contacted" in record.body
    assert record.outlet == ""


def test_seed_000_does_not_treat_speaker_lines_as_headings(seed):
    record = only_article(parse_upload(*seed("000")))
    assert not any("Baghaei" in text for text in heading_texts(record))


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_seed_body_is_already_normalised(seed, prefix):
    record = only_article(parse_upload(*seed(prefix)))
    assert normalise_body(record.body) == record.body


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_each_heading_span_is_a_whole_line_of_the_body(seed, prefix):
    record = only_article(parse_upload(*seed(prefix)))
    for start, end in record.headings:
        assert start == 0 or record.body[start - 1] == "\n"
        assert end == len(record.body) or record.body[end] == "\n"


# --- top matter: headline, date lines, bylines ---

BODY = (
    "The city council approved the annual budget on Tuesday after a debate that lasted "
    "more than six hours, officials said.\n"
    "Opposition members said the plan raised property taxes by three percent."
)


@pytest.mark.parametrize(
    "top, title, published, byline",
    [
        ("Council Approves Budget\n", "Council Approves Budget", None, ""),
        (
            "Council approves budget after marathon session\nPublished March 30, 2025\n",
            "Council approves budget after marathon session",
            datetime(2025, 3, 30, tzinfo=UTC),
            "",
        ),
        ("\n|Published March 30, 2025\n", None, datetime(2025, 3, 30, tzinfo=UTC), ""),
        ("Published: 30 March 2025\n", None, datetime(2025, 3, 30, tzinfo=UTC), ""),
        ("• Updated 2025-03-31\n", None, datetime(2025, 3, 31, tzinfo=UTC), ""),
        (
            "Published March 29, 2025 | Updated March 31, 2025\n",
            None,
            datetime(2025, 3, 29, tzinfo=UTC),
            "",
        ),
        (
            "Updated April 1, 2025\nPublished March 30, 2025\n",
            None,
            datetime(2025, 3, 30, tzinfo=UTC),
            "",
        ),
        ("March 30, 2025\n", None, datetime(2025, 3, 30, tzinfo=UTC), ""),
        ("Budget Passes\nBy Jane Doe, Reuters\n", "Budget Passes", None, "Jane Doe"),
        ("By Jane Doe and John Roe\n", None, None, "Jane Doe and John Roe"),
        ("Talks stall in U.S.\n", "Talks stall in U.S.", None, ""),
    ],
)
def test_top_matter_is_read_and_removed_from_body(top, title, published, byline):
    record = parse_text("notes.txt", top + BODY)
    if title is not None:
        assert record.title == title
        assert title not in record.body
    assert record.published_at == published
    assert record.byline == byline
    assert record.body == BODY


def test_sentence_starting_with_by_is_not_taken_as_byline():
    text = "By Wednesday, the talks had collapsed and both delegations had left the city.\n" + BODY
    record = parse_text("notes.txt", text)
    assert record.byline == ""
    assert record.body.startswith("By Wednesday")


def test_date_line_that_cannot_be_read_stays_in_body():
    record = parse_text("notes.txt", "Published sometime last spring\n" + BODY)
    assert record.published_at is None
    assert "Published sometime last spring" in record.body


@pytest.mark.parametrize(
    "name, expected",
    [
        ("council-approves-city-budget.txt", "Council approves city budget"),
        ("uploads/iran_rejects_talks_2025.txt", "Iran rejects talks 2025"),
        ("000_a1f24ee1d9eae932.txt", "The city council approved the annual budget on Tuesday"),
        ("untitled document copy.txt", "The city council approved the annual budget on Tuesday"),
    ],
)
def test_title_falls_back_to_meaningful_file_name_else_first_sentence(name, expected):
    record = parse_text(name, BODY)
    assert record.title.startswith(expected)


# --- headings, furniture and sources in the body ---


@pytest.mark.parametrize(
    "line, is_heading",
    [
        ("Why It Matters", True),
        ("What to Know", True),
        ("A Path Forward?", True),
        ("What happens next?", True),
        ("BACKGROUND", True),
        ("U.S. Reaction and Regional Implications", True),
        ("He said no.", False),
        ("“We will not negotiate,” he said", False),
        ("Foreign Minister Abbas Araghchi:", False),
        ("the talks went on for hours", False),
        ("Iran Foreign Ministry spokesman Esmaeil Baghaei said on state television", False),
    ],
)
def test_heading_detection_between_paragraphs(line, is_heading):
    body = (
        "The first paragraph ends here with a complete sentence.\n"
        f"{line}\n"
        "The following paragraph is long enough to be body text and ends with a period."
    )
    found = [body[start:end] for start, end in find_headings(body)]
    assert (found == [line]) is is_heading


def test_line_after_unfinished_sentence_is_not_a_heading():
    body = (
        "The delegation travelled to\nGeneva Talks Resume\n"
        "and met the envoy for several hours before issuing a statement."
    )
    assert find_headings(body) == ()


@pytest.mark.parametrize(
    "furniture",
    [
        "Be the first to comment",
        "Share this article",
        "Sign up for our newsletter",
        "Advertisement",
        "ADVERTISEMENT",
        "Read more: Iran rejects talks",
        "READ MORE: Council passes budget",
        "Story continues below advertisement",
    ],
)
def test_page_furniture_lines_are_dropped(furniture):
    record = parse_text("notes.txt", f"{BODY}\n{furniture}\nThe vote was 7 to 4.")
    assert furniture not in record.body
    assert record.body.endswith("The vote was 7 to 4.")


def test_sentences_mentioning_furniture_words_are_kept():
    sentence = "Advertisement spending fell by a third, the report said."
    record = parse_text("notes.txt", f"{BODY}\n{sentence}")
    assert sentence in record.body


@pytest.mark.parametrize(
    "line, outlet, title, url",
    [
        ("BBC – Iran talks stall", "BBC", "Iran talks stall", ""),
        ("THE NEW YORK TIMES - Iran says no", "The New York Times", "Iran says no", ""),
        ("AL JAZEERA | Tehran responds", "Al Jazeera", "Tehran responds", ""),
        ("CNN: Talks collapse", "CNN", "Talks collapse", ""),
        ("HuffPost – Mixed case is kept", "HuffPost", "Mixed case is kept", ""),
        (
            "https://www.reuters.com/world/iran",
            "reuters.com",
            "",
            "https://www.reuters.com/world/iran",
        ),
        (
            "Reuters – Iran rejects talks https://reuters.com/x",
            "Reuters",
            "Iran rejects talks",
            "https://reuters.com/x",
        ),
    ],
)
def test_sources_block_entries_are_parsed(line, outlet, title, url):
    record = parse_text("notes.txt", f"{BODY}\nSources:\n{line}")
    assert record.sources == (SourceRecord(outlet=outlet, title=title, url=url),)
    assert record.body == BODY


def test_sources_word_inside_a_long_paragraph_is_not_a_block():
    long_line = "Sources: " + "officials familiar with the talks said the meeting went badly. " * 3
    record = parse_text("notes.txt", f"{long_line}\n{BODY}")
    assert record.sources == ()
    assert record.body.startswith("Sources:")


@pytest.mark.parametrize(
    "content",
    [
        "Be the first to comment\n",
        "Share this article\nAdvertisement\n",
        "Published March 30, 2025\n",
    ],
)
def test_file_with_nothing_but_furniture_gives_item_error(content):
    (result,) = parse_upload("empty-ish.txt", content.encode())
    assert isinstance(result, ItemError)
    assert result.locator == "empty-ish.txt"
    assert "no article text" in result.reason
