"""Every review-queue URL: anonymous visitors go to the login page, users without the role get 403."""

import pytest
from django.urls import reverse

from tests.factories import make_quote, make_user

pytestmark = pytest.mark.django_db

# (URL name, needs a claim / quote / article id, method)
URLS = [
    ("workbench:dashboard", None, "get"),
    ("workbench:claim_list", None, "get"),
    ("workbench:claim_bulk", None, "post"),
    ("workbench:claim_detail", "claim", "get"),
    ("workbench:claim_row", "claim", "get"),
    ("workbench:claim_accept", "claim", "post"),
    ("workbench:claim_reject", "claim", "post"),
    ("workbench:claim_assign", "claim", "post"),
    ("workbench:claim_reopen", "claim", "post"),
    ("workbench:claim_merge", "claim", "post"),
    ("workbench:quote_correct", "quote", "post"),
    ("workbench:quote_split", "quote", "post"),
    ("workbench:article_detail", "article", "get"),
]


def _url(name, kind):
    if kind is None:
        return reverse(name)
    quote = make_quote()
    target = {"claim": quote.claim, "quote": quote, "article": quote.article}[kind]
    return reverse(name, args=[target.pk])


@pytest.mark.parametrize(("name", "kind", "method"), URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, name, kind, method):
    url = _url(name, kind)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize(("name", "kind", "method"), URLS)
def test_a_user_without_the_review_role_is_refused(client, name, kind, method):
    client.force_login(make_user(role=None, username="reader"))

    response = getattr(client, method)(_url(name, kind))

    assert response.status_code == 403


@pytest.mark.parametrize(("name", "kind", "method"), URLS)
def test_a_fact_checker_gets_in(checker_client, name, kind, method):
    response = getattr(checker_client, method)(_url(name, kind))

    assert response.status_code in (200, 302)
    if response.status_code == 302:  # a plain-form action redirecting back, never to the login page
        assert not response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "kind", "method"), [u for u in URLS if u[2] == "post"])
def test_actions_refuse_get(checker_client, name, kind, method):
    assert checker_client.get(_url(name, kind)).status_code == 405
