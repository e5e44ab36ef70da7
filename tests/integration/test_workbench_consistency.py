"""One look and one wording across pages: headers, history entries, unnamed sources, dates."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from articles.services.factchecks import factcheck_submit
from articles.services.review import claim_accept, claim_reject
from tests.factories import make_article, make_claim, make_factcheck, make_quote, make_user

pytestmark = pytest.mark.django_db


def test_the_login_and_403_pages_wear_the_public_sites_header(client):
    home = client.get(reverse("public:home")).content.decode()
    login = client.get(reverse("login")).content.decode()
    client.force_login(make_user(role=None))
    forbidden = client.get(reverse("workbench:dashboard"))
    assert forbidden.status_code == 403
    for html in (home, login, forbidden.content.decode()):
        assert '<body class="public"' in html
        assert "css/public.css" in html  # the serif masthead and the public footer
        assert "How we rate claims" in html


def test_claim_history_reads_as_words_not_field_names(checker_client, checker):
    quote = make_quote()
    claim_accept(claim=quote.claim, user=checker)

    html = checker_client.get(quote.claim.get_absolute_url()).content.decode()
    history = html[html.index('id="history-title"') :]

    assert "decided_by" not in history and "rejection_reason" not in history
    assert "status</span>" not in history and "— →" not in history
    assert "Status:</span> <del>Pending review</del> → <ins>Worth checking</ins>" in history
    assert "Decided by:</span> <ins>checker</ins>" in history
    assert "Status:</span> <ins>Draft</ins>" in history  # the draft fact-check it started


def test_a_rejection_reads_with_its_reason_label(checker_client, checker):
    quote = make_quote()
    claim_reject(claim=quote.claim, user=checker, reason="not_checkable")

    history = checker_client.get(quote.claim.get_absolute_url()).content.decode().split('id="history-title"')[1]

    assert "Reason:</span> <ins>Not checkable</ins>" in history and "not_checkable" not in history


def test_the_editors_history_shows_status_labels(checker_client, checker):
    factcheck = factcheck_submit(factcheck=make_factcheck(author=checker), user=checker)

    html = checker_client.get(reverse("workbench:factcheck_history", args=[factcheck.pk])).content.decode()

    assert "In review" in html and "in_review" not in html


def test_an_unnamed_source_is_worded_alike_on_dashboard_queue_claim_and_article(checker_client):
    claim = make_claim(speaker=None, text="We will close three plants next year")
    article = make_article(body="Intro.\n“We will close three plants next year,” a company spokesman said.")
    make_quote(article=article, claim=claim, speaker_role="a company spokesman")

    pages = {
        "dashboard": reverse("workbench:dashboard"),
        "queue": reverse("workbench:claim_list"),
        "claim": claim.get_absolute_url(),
        "article": article.get_absolute_url(),
    }
    for name, url in pages.items():
        html = checker_client.get(url).content.decode()
        assert "Unnamed: a company spokesman" in html, name
        assert "Speaker unknown" not in html, name


def test_an_article_with_only_a_date_shows_no_made_up_time(checker_client):
    dated = make_article(published_at=datetime(2025, 3, 30, tzinfo=UTC))
    timed = make_article(published_at=datetime(2025, 3, 30, 14, 5, tzinfo=UTC))

    dated_html = checker_client.get(dated.get_absolute_url()).content.decode()
    timed_html = checker_client.get(timed.get_absolute_url()).content.decode()

    assert ">30 Mar 2025</time>" in dated_html and ", 00:00" not in dated_html
    assert ">30 Mar 2025, 14:05</time>" in timed_html


def test_article_headings_are_headings(checker_client):
    body = "First paragraph of the story.\nWhat Happens Next\nThe council votes on Monday."
    start = body.index("What Happens Next")
    article = make_article(body=body, headings=[[start, start + len("What Happens Next")]])

    html = checker_client.get(article.get_absolute_url()).content.decode()

    assert 'class="article-heading" data-block data-offset="30">What Happens Next</h2>' in html
    assert "<p>What Happens Next</p>" not in html
