"""On the article page an editor corrects a quote's span by selecting the words, not typing offsets."""

import pytest
from playwright.sync_api import expect

from articles.models import AuditEvent, Quote
from tests.conftest import browser_login
from tests.factories import make_article, make_quote, make_speaker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "The council met on Monday.\n"
    "“Crime dropped by 18 percent after we doubled patrols,” Thomas Greer said.\n"
    "“Bus fares are the highest in the country,” he added."
)
# Select from the start of the (too short) marked quote to the end of the words after it.
SELECT = """([full]) => {
  const mark = document.querySelector("[data-article-text] mark.quote-mark");
  const after = mark.nextElementSibling.nextSibling;  // past the quote's number, back in the text
  const range = document.createRange();
  range.setStart(mark.firstChild, 0);
  range.setEnd(after, " after we doubled patrols".length);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


@pytest.fixture
def article(checker):
    greer = make_speaker(name="Thomas Greer")
    article = make_article(body=BODY, title="Council meets")
    make_quote(article=article, text="Crime dropped by 18 percent", speaker=greer)  # cut short by the extractor
    make_quote(article=article, text="Bus fares are the highest in the country", speaker=greer)
    return article


def test_selecting_the_words_sets_the_quotes_span(page, article):
    quote = Quote.objects.get(article=article, text="Crime dropped by 18 percent")
    browser_login(page, "checker")
    page.goto(article.get_absolute_url())
    picker = page.locator("[data-span-picker]")
    expect(picker).to_be_hidden()

    page.evaluate(SELECT, [True])
    expect(picker).to_be_visible()
    expect(picker).to_contain_text("“Crime dropped by 18 percent after we doubled patrols”")
    expect(picker.get_by_label("Make it the span of")).to_have_value(str(quote.pk))  # the quote it overlaps
    picker.get_by_role("button", name="Set span").click()

    expect(page.locator(".messages")).to_contain_text("Corrected the quote")
    quote.refresh_from_db()
    assert quote.text == "Crime dropped by 18 percent after we doubled patrols"
    assert BODY[quote.start : quote.end] == quote.text and quote.speaker.name == "Thomas Greer"
    assert AuditEvent.objects.filter(action="quote_corrected", claim=quote.claim).exists()
    expect(page.locator(f"#quote-{quote.pk}")).to_have_text("Crime dropped by 18 percent after we doubled patrols")


def test_a_selection_across_paragraphs_is_explained_not_posted(page, article):
    browser_login(page, "checker")
    page.goto(article.get_absolute_url())
    page.evaluate(
        """() => {
          const blocks = document.querySelectorAll("[data-article-text] [data-block]");
          const range = document.createRange();
          range.setStart(blocks[0].firstChild, 4);
          range.setEnd(blocks[2].lastChild, 3);
          window.getSelection().removeAllRanges();
          window.getSelection().addRange(range);
        }"""
    )
    picker = page.locator("[data-span-picker]")
    expect(picker).to_contain_text("Select words within one paragraph")
    expect(picker.get_by_role("button", name="Set span")).to_be_disabled()
