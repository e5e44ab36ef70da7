"""The golden path on the seed articles, in a real browser, as the newsroom works it.

A fact-checker finds a seed claim through the queue's search, accepts it, writes the
verdict with two citations and submits it; an editor sends it back with a comment; the
checker fixes it and resubmits; the editor publishes; an anonymous reader sees it.
"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles import roles
from articles.models import AuditEvent, FactCheck
from tests.conftest import browser_login
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEARCH = "unilateral sanctions"  # words of Nasser Kanaani's quote in the Politico seed article


@pytest.fixture
def seeds(seeded_defaults):
    call_command("import_articles", "seeds/", verbosity=0)
    make_user(role=roles.FACT_CHECKER, username="checker")
    make_user(role=roles.EDITOR, username="editor")


def test_checker_writes_editor_sends_back_then_publishes_and_readers_see_it(page, new_page, seeds):
    checker = page
    checker.on("dialog", lambda dialog: dialog.accept())
    browser_login(checker, "checker")

    # Find the claim through the queue's search and accept it.
    checker.goto("/workbench/claims/")
    checker.get_by_label("Search").fill(SEARCH)
    expect(checker).to_have_url(re.compile(r"q=unilateral(\+|%20)sanctions"))
    row = checker.locator("[data-claim-row]")
    expect(row).to_have_count(1)  # the search has narrowed the queue to this one claim
    expect(row).to_contain_text("Nasser Kanaani")
    row.get_by_role("button", name="Accept").click()
    draft_link = row.get_by_role("link", name="Fact-check: draft")
    expect(draft_link).to_be_visible()
    draft_link.click()
    expect(checker.get_by_role("heading", name="Workflow")).to_be_visible()
    factcheck = FactCheck.objects.get(claim__text__contains="unilateral sanctions")
    assert factcheck.author.username == "checker"

    # Write the verdict; the form saves by itself.
    checker.get_by_label("Headline").fill("Iran says it won’t talk while sanctions last. It already was.")
    checker.get_by_label("Claim reviewed").fill("Iran will not hold direct talks with the US under sanctions")
    checker.get_by_label("Rating").select_option(label="Mostly false")
    checker.get_by_label("If your time is short").fill("Indirect talks through Oman were already under way.")
    checker.get_by_label("Body").fill(
        "## What was said\n\nKanaani ruled out **direct** talks.\n\n## The record\n\nOman hosted indirect talks."
    )
    expect(checker.locator("#save-status")).to_contain_text("Saved", timeout=10_000)

    # Two citations: a new source, and one the claim's own article cites.
    citations = checker.locator("#citations")
    citations.get_by_text("Add a new source").click()
    citations.get_by_label("URL").fill("https://fm.gov.example/statements/oman-talks")
    citations.get_by_label("Outlet or publisher").fill("Oman Foreign Ministry")
    citations.get_by_label("Title").fill("Statement on indirect talks in Muscat")
    citations.get_by_label("What it supports", exact=True).fill("Talks took place through Oman")
    citations.get_by_role("button", name="Cite this source").click()
    expect(citations.locator(".citation")).to_have_count(1)
    suggestion = citations.locator(".suggestions .source-pick").filter(has_text="Politico")
    suggestion.get_by_role("button", name="Cite").click()
    expect(citations.locator(".citation")).to_have_count(2)
    expect(citations.locator(".citation").nth(1)).to_contain_text("Politico")

    checker.get_by_role("button", name="Submit for review").click()
    expect(checker.locator(".fc-meta .status")).to_have_text("In review")
    expect(checker.get_by_role("button", name="Approve and publish")).to_have_count(0)

    # The editor sends it back with a comment.
    editor = new_page()
    browser_login(editor, "editor")
    editor.goto("/workbench/fact-checks/?show=awaiting")
    editor.get_by_role("link", name="Iran says it won’t talk while sanctions last").click()
    editor.get_by_label("What needs fixing").fill("Say when the Oman talks happened in the summary.")
    editor.get_by_role("button", name="Send back with comment").click()
    expect(editor.locator(".fc-meta .status")).to_have_text("Draft")

    # The checker sees the comment, fixes the summary and resubmits.
    checker.reload()
    expect(checker.locator(".review-comment")).to_contain_text("Say when the Oman talks happened in the summary.")
    checker.get_by_label("If your time is short").fill("Indirect talks through Oman were under way in April 2025.")
    checker.get_by_role("button", name="Submit for review").click()  # saves the new summary first
    expect(checker.locator(".fc-meta .status")).to_have_text("In review")
    expect(checker.locator(".review-comment")).to_have_count(0)

    # The editor publishes.
    editor.reload()
    editor.get_by_role("button", name="Approve and publish").click()
    expect(editor.locator(".fc-meta .status")).to_have_text("Published")

    factcheck.refresh_from_db()
    assert factcheck.status == FactCheck.Status.PUBLISHED
    assert factcheck.summary == "Indirect talks through Oman were under way in April 2025."
    assert factcheck.approved_by.username == "editor"
    actions = set(AuditEvent.objects.filter(factcheck=factcheck).values_list("action", flat=True))
    assert {"factcheck_edited", "citation_added", "factcheck_submitted", "factcheck_returned"} <= actions
    assert "factcheck_published" in actions

    # An anonymous reader sees it, with its rating.
    reader = new_page()
    reader.goto(f"/fact-checks/{factcheck.slug}/")
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "Iran says it won’t talk while sanctions last. It already was."
    )
    expect(reader.locator(".verdict .badge")).to_have_text("Mostly false")
    expect(reader.get_by_text("Statement on indirect talks in Muscat")).to_be_visible()
