"""The claim page, the article page and the dashboard: content from stored offsets, and constant queries."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import roles
from articles.models import Article, AuditEvent, Claim, FactCheck, Outlet, Quote, Speaker
from articles.services.review import claim_accept, claim_assign
from tests.factories import make_article, make_factcheck, make_quote, make_source, make_user

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12  # session, user, permissions, then the page's own queries; never one per row


def _many(n: int, *, article: Article | None = None, claim: Claim | None = None) -> list[Quote]:
    """`n` quotes in bulk: one article each (or all in `article`), one claim each (or all in `claim`)."""
    outlets = Outlet.objects.bulk_create(Outlet(name=f"Outlet {i}", slug=f"outlet-bulk-{i}") for i in range(4))
    speakers = Speaker.objects.bulk_create(Speaker(name=f"Speaker {i}", slug=f"speaker-bulk-{i}") for i in range(10))
    texts = [f"Figure {i} rose by {i} percent" for i in range(n)]
    if article is None:
        articles = Article.objects.bulk_create(
            Article(
                outlet=outlets[i % 4],
                title=f"Article {i}",
                body=f"Intro.\n“{text},” an official said.",
                content_hash=hashlib.sha256(f"bulk {i}".encode()).hexdigest(),
                published_at=timezone.now(),
            )
            for i, text in enumerate(texts)
        )
    else:
        articles = [article] * n
    claims = (
        [claim] * n
        if claim
        else Claim.objects.bulk_create(
            Claim(
                text=text,
                fingerprint=str(i),
                speaker=speakers[i % 10],
                checkworthiness=0.5,
                reasons=["contains a number"],
                appearance_count=1,
            )
            for i, text in enumerate(texts)
        )
    )
    return Quote.objects.bulk_create(
        Quote(
            article=articles[i],
            claim=claims[i],
            speaker=claims[i].speaker,
            text=text,
            start=articles[i].body.index(text),
            end=articles[i].body.index(text) + len(text),
            fingerprint=str(i),
            checkworthiness=0.5,
        )
        for i, text in enumerate(texts)
    )


# ---- Claim page ----------------------------------------------------------------------


def test_each_appearance_is_marked_at_its_stored_offsets(checker_client):
    # The same words twice in one paragraph: only the extracted (second) one is marked.
    body = "Intro.\nShe said taxes fell, and then: “taxes fell” again.\nEnd."
    article = make_article(body=body)
    quote = make_quote(article=article, text="taxes fell")
    start = body.rindex("taxes fell")
    Quote.objects.filter(pk=quote.pk).update(start=start, end=start + len("taxes fell"))

    html = checker_client.get(quote.claim.get_absolute_url()).content.decode()

    assert "She said taxes fell, and then: “<mark>taxes fell</mark>” again." in html
    assert reverse("workbench:article_detail", args=[article.pk]) in html


def test_the_claim_page_shows_its_history_and_actions(checker_client, checker, editor):
    claim = make_quote().claim
    claim_assign(claim=claim, user=editor, assignee=checker)
    claim_accept(claim=claim, user=checker)

    html = checker_client.get(claim.get_absolute_url()).content.decode()

    assert "Editor</strong> assigned this claim" in html or "editor</strong> assigned this claim" in html
    assert "accepted this claim" in html and "started a fact-check on" in html
    assert "Reopen for review" in html and "Fact-check: draft" in html


def test_a_correction_form_opens_for_one_appearance(checker_client):
    quote = make_quote()

    html = checker_client.get(quote.claim.get_absolute_url(), {"correct": quote.pk}).content.decode()

    assert f'action="{reverse("workbench:quote_correct", args=[quote.pk])}"' in html
    assert 'data-span-source data-offset="' in html


# ---- Article page --------------------------------------------------------------------


def test_the_article_page_marks_every_quote_and_lists_its_sources(checker_client):
    body = "Main heading\n“We built 12 schools,” she said.\n“Taxes fell 5 percent,” he said."
    article = make_article(body=body, headings=[[0, 12]])
    first = make_quote(article=article, text="We built 12 schools")
    second = make_quote(article=article, text="Taxes fell 5 percent")
    article.sources.add(make_source(title="Budget report 2025"))

    html = checker_client.get(article.get_absolute_url()).content.decode()

    assert 'class="article-heading" data-block data-offset="0">Main heading</h2>' in html
    assert f'<mark id="quote-{first.pk}" class="quote-mark is-pending">We built 12 schools</mark>' in html
    assert f'<mark id="quote-{second.pk}" class="quote-mark is-pending">Taxes fell 5 percent</mark>' in html
    assert "Budget report 2025" in html


# ---- Dashboard -----------------------------------------------------------------------


def test_the_dashboard_shows_what_waits_for_me(client, checker):
    editor = make_user(role=roles.EDITOR, username="chief")
    client.force_login(editor)
    mine = make_quote().claim
    claim_assign(claim=mine, user=editor, assignee=editor)
    make_quote()
    draft = claim_accept(claim=make_quote().claim, user=editor)
    awaiting = make_factcheck(status=FactCheck.Status.IN_REVIEW, author=checker, headline="Did the schools get built?")
    make_factcheck(status=FactCheck.Status.IN_REVIEW, author=editor, headline="My own work in review")

    html = client.get(reverse("workbench:dashboard")).content.decode()

    assert '<span class="tile-number">2</span><span class="tile-label">claims to triage' in html
    assert '<span class="tile-number">1</span><span class="tile-label">assigned to you' in html
    assert draft.headline in html
    approval = html[html.index("Awaiting your approval") :]
    assert awaiting.headline in approval
    assert "My own work in review" not in approval  # nobody approves their own work
    assert "Recent activity" in html and "accepted" in html


def test_a_fact_checker_has_no_approval_list(checker_client):
    assert "Awaiting your approval" not in checker_client.get(reverse("workbench:dashboard")).content.decode()


# ---- Constant queries on 200 rows -----------------------------------------------------


def test_the_queue_issues_constant_queries_on_200_claims(checker_client, django_assert_max_num_queries):
    quotes = _many(200)
    make_factcheck(claim=quotes[0].claim)
    Claim.objects.update(status=Claim.Status.PENDING)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = checker_client.get(reverse("workbench:claim_list"), {"status": "all"})
    assert response.content.decode().count("data-claim-row") == 25
    with django_assert_max_num_queries(MAX_QUERIES):
        checker_client.get(reverse("workbench:claim_list"), {"q": "percent", "sort": "newest"}, HTTP_HX_REQUEST="true")


def test_the_claim_page_issues_constant_queries_on_200_appearances(checker_client, django_assert_max_num_queries):
    quotes = _many(200)
    claim = quotes[0].claim
    Quote.objects.update(claim=claim, speaker=claim.speaker)
    AuditEvent.objects.bulk_create(AuditEvent(claim=claim, action="claim_assigned") for _ in range(200))

    with django_assert_max_num_queries(MAX_QUERIES):
        response = checker_client.get(claim.get_absolute_url())
    assert response.content.decode().count("<mark>") == 200
    assert response.content.decode().count("assigned this claim") == 200


def test_the_article_page_issues_constant_queries_on_200_quotes(checker_client, django_assert_max_num_queries):
    body = "\n".join(f"“Figure {i} rose by {i} percent,” an official said." for i in range(200))
    article = make_article(body=body)
    _many(200, article=article)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = checker_client.get(article.get_absolute_url())
    assert response.content.decode().count('<mark id="quote-') == 200


def test_the_dashboard_issues_constant_queries_on_200_claims(checker_client, checker, django_assert_max_num_queries):
    quotes = _many(200)
    Claim.objects.update(assigned_to=checker)
    AuditEvent.objects.bulk_create(AuditEvent(claim=q.claim, actor=checker, action="claim_assigned") for q in quotes)
    for quote in quotes[:10]:
        make_factcheck(claim=quote.claim, author=checker)

    with django_assert_max_num_queries(MAX_QUERIES):
        checker_client.get(reverse("workbench:dashboard"))
