"""RSS and Atom feeds, the corrections feed, and the ClaimReview DataFeed for aggregators."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse

from articles.models import Article, Correction, FactCheck
from articles.views import feeds
from tests.factories import make_claim, make_factcheck, make_outlet, make_quote, rating
from tests.integration.claimreview_rules import claimreview_problems, ld_json_blocks
from tests.integration.public_helpers import add_appearance, many_published, published_factcheck

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_rss_feed_lists_published_factchecks_with_their_rating(client):
    factcheck = published_factcheck(rating=rating("false"), summary="The figure is wrong.")
    draft = make_factcheck(status=FactCheck.Status.DRAFT)
    response = client.get(reverse("public:factcheck_rss"))
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("link") for item in items] == [settings.SITE_URL + factcheck.get_absolute_url()]
    assert items[0].findtext("title") == factcheck.headline
    assert items[0].findtext("description") == "Our rating: False. The figure is wrong."
    assert items[0].findtext("category") == "False"
    assert draft.slug not in response.content.decode()


def test_the_atom_feed_carries_the_same_factchecks(client):
    factchecks = many_published(3, appearances=1, corrections=0)
    root = ET.fromstring(client.get(reverse("public:factcheck_atom")).content)
    links = {entry.find(f"{ATOM}link").get("href") for entry in root.findall(f"{ATOM}entry")}
    assert links == {settings.SITE_URL + f.get_absolute_url() for f in factchecks}


def test_the_corrections_feed_lists_public_corrections_newest_first(client):
    factcheck = published_factcheck()
    first = Correction.objects.create(factcheck=factcheck, kind=Correction.Kind.TYPO, note="Spelling of a name.")
    second = Correction.objects.create(
        factcheck=factcheck,
        kind=Correction.Kind.RATING_CHANGE,
        note="New data.",
        previous_rating=rating("false"),
        new_rating=rating("half-true"),
    )
    hidden = make_factcheck(status=FactCheck.Status.IN_REVIEW)
    Correction.objects.create(factcheck=hidden, kind=Correction.Kind.TYPO, note="Not for readers.")

    root = ET.fromstring(client.get(reverse("public:correction_atom")).content)
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link").get("href").rsplit("#", 1)[1] for e in entries] == [
        f"correction-{second.pk}",
        f"correction-{first.pk}",
    ]
    assert entries[0].findtext(f"{ATOM}summary") == "New data. Rating changed from False to Half true."
    assert entries[0].findtext(f"{ATOM}title") == f"Rating changed: {factcheck.headline}"


def test_the_datafeed_holds_every_published_claimreview(client):
    factchecks = many_published(3, appearances=2, corrections=0)
    make_factcheck(status=FactCheck.Status.DRAFT)
    response = client.get(reverse("public:claimreview_feed"))
    assert response["Content-Type"] == "application/ld+json"
    feed = json.loads(response.content)
    assert feed["@type"] == "DataFeed" and feed["@context"] == "https://schema.org"
    assert feed["numberOfItems"] == 3
    urls = [element["url"] for element in feed["dataFeedElement"]]
    assert set(urls) == {settings.SITE_URL + f.get_absolute_url() for f in factchecks}
    for element in feed["dataFeedElement"]:
        assert claimreview_problems(element, site_url=settings.SITE_URL) == []
        assert len(element["itemReviewed"]["appearance"]) == 2


def test_each_datafeed_element_is_the_claimreview_its_page_carries(client):
    """The feed builds appearances from plain rows; they must say what the page says."""
    claim = make_claim(text="Unemployment is the lowest in fifty years")
    add_appearance(claim, outlet=make_outlet(name="Politico"), days_ago=3, url="https://politico.example/a")
    twice = add_appearance(claim, outlet=make_outlet(name="Euronews"), days_ago=8, url="https://euronews.example/b")
    make_quote(article=twice.article, text="the speaker said", claim=None)  # another quote, another claim
    add_appearance(claim, outlet=None, days_ago=5, url="https://blog.example/c")  # no outlet
    undated = add_appearance(claim, outlet=make_outlet(name="Townhall"), url="https://townhall.example/d")
    Article.objects.filter(pk=undated.article_id).update(published_at=None)
    factcheck = published_factcheck(claim=claim)

    element = json.loads(client.get(reverse("public:claimreview_feed")).content)["dataFeedElement"][0]
    page = client.get(factcheck.get_absolute_url()).content.decode()

    on_the_page = [block for block in ld_json_blocks(page) if block.get("@type") == "ClaimReview"]
    assert on_the_page == [element]
    works = element["itemReviewed"]["appearance"]
    assert [work.get("url") for work in works][:3] == [
        "https://euronews.example/b",
        "https://blog.example/c",
        "https://politico.example/a",
    ]
    assert works[-1]["url"] == "https://townhall.example/d" and "datePublished" not in works[-1]
    assert "publisher" not in works[1]


def test_the_datafeed_is_paginated_with_link_headers(client, monkeypatch):
    monkeypatch.setattr(feeds, "DATAFEED_PAGE_SIZE", 2)
    many_published(5, appearances=1, corrections=0)
    url = reverse("public:claimreview_feed")

    first = client.get(url)
    assert first["Link"] == f'<{settings.SITE_URL}{url}?page=2>; rel="next"'
    second = client.get(url + "?page=2")
    assert 'rel="next"' in second["Link"] and 'rel="prev"' in second["Link"]
    last = client.get(url + "?page=3")
    assert len(json.loads(last.content)["dataFeedElement"]) == 1 and 'rel="next"' not in last["Link"]
    assert client.get(url + "?page=4").status_code == 404
    assert client.get(url + "?page=abc").status_code == 404

    seen = [e["url"] for page in (first, second, last) for e in json.loads(page.content)["dataFeedElement"]]
    assert len(seen) == len(set(seen)) == 5


def test_a_seed_factcheck_published_through_the_workflow_appears_everywhere(client, checker, editor):
    """The issue's "done when": a published seed fact-check renders, validates, and is in every feed."""
    from pathlib import Path

    from django.core.management import call_command

    from articles.models import Claim
    from articles.services.citations import citation_add
    from articles.services.factchecks import factcheck_publish, factcheck_start, factcheck_submit, factcheck_update
    from tests.integration.claimreview_rules import ld_json_blocks

    call_command("import_articles", str(Path(settings.BASE_DIR) / "seeds"), verbosity=0)
    claim = Claim.objects.filter(speaker__isnull=False).order_by("-checkworthiness").first()
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.ACCEPTED)
    claim.refresh_from_db()
    factcheck = factcheck_start(claim=claim, author=checker)
    factcheck = factcheck_update(
        factcheck=factcheck,
        user=checker,
        expected_version=factcheck.version,
        changes={"rating": rating("mostly-false"), "summary": "Messages were exchanged through Oman."},
    )
    citation_add(factcheck=factcheck, user=checker, url="https://example.org/briefing", title="Briefing transcript")
    factcheck = factcheck_submit(factcheck=factcheck, user=checker)
    factcheck = factcheck_publish(factcheck=factcheck, editor=editor, expected_version=factcheck.version)

    page = client.get(factcheck.get_absolute_url()).content.decode()
    (data,) = ld_json_blocks(page)
    assert claimreview_problems(data, site_url=settings.SITE_URL, visible_rating="Mostly false") == []
    absolute = settings.SITE_URL + factcheck.get_absolute_url()
    for name in ("factcheck_rss", "factcheck_atom", "claimreview_feed"):
        assert absolute in client.get(reverse(f"public:{name}")).content.decode(), name
    assert absolute in client.get("/sitemap-fact-checks.xml").content.decode()
    speaker_page = client.get(claim.speaker.get_absolute_url()).content.decode()
    assert factcheck.get_absolute_url() in speaker_page and "Mostly false: 1" in speaker_page
