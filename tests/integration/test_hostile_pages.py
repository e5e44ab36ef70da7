"""Hostile text already stored (every reader-visible field) renders as text on every page and feed.

Pages must answer 200 with every string escaped; the feeds must stay well-formed XML and the
JSON-LD and the DataFeed valid JSON, whatever characters the text holds.
"""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse

from articles import roles
from tests.factories import make_user
from tests.integration.hostile import STRINGS, hostile_world, shown_raw

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', re.S)


@pytest.fixture
def factchecks():
    return hostile_world()


def _check_page(client, url, problems):
    response = client.get(url)
    body = response.content.decode()
    if response.status_code != 200:
        problems.append(f"{url}: {response.status_code}")
    problems += [f"{url}: {value[:40]!r} unescaped" for value in STRINGS if shown_raw(body, value)]
    return response, body


def test_every_public_page_shows_stored_hostile_text_escaped(client, factchecks):
    problems = []
    pages = ["/", "/fact-checks/", "/fact-checks/?page=2", "/fact-checks/?page=3", "/speakers/", "/corrections/"]
    pages += ["/corrections/?page=2", "/ratings/", "/ratings.css"]
    for factcheck in factchecks:
        pages += [factcheck.get_absolute_url(), reverse("public:speaker_detail", args=[factcheck.claim.speaker.slug])]
    for url in pages:
        _, body = _check_page(client, url, problems)
        for block in JSON_LD.findall(body):
            try:
                json.loads(block)
            except ValueError as error:
                problems.append(f"{url}: JSON-LD does not parse ({error})")
    assert problems == []


@pytest.mark.parametrize(
    "url", ["/feeds/fact-checks.rss", "/feeds/fact-checks.atom", "/feeds/corrections.atom", "/sitemap-fact-checks.xml"]
)
def test_feeds_stay_well_formed_xml_with_hostile_text(client, factchecks, url):
    response = client.get(url)

    assert response.status_code == 200
    root = ET.fromstring(response.content)  # raises on a control character or a broken escape
    assert len(list(root.iter())) > len(factchecks)


def test_the_datafeed_is_valid_json_with_hostile_text(client, factchecks):
    url, reviewed = reverse("public:claimreview_feed"), set()
    for page in range(1, 10):  # every page of the feed, however many a page holds
        feed = json.loads(client.get(f"{url}?page={page}").content)
        reviewed |= {" ".join(item["claimReviewed"].split()) for item in feed["dataFeedElement"]}
        if len(reviewed) >= feed["numberOfItems"]:
            break

    assert feed["numberOfItems"] == len(factchecks)
    assert {" ".join(factcheck.claim_reviewed.split()) for factcheck in factchecks} == reviewed


def test_every_newsroom_page_shows_stored_hostile_text_escaped(factchecks):
    admin = make_user(role=roles.ADMIN, username="h-admin", is_staff=True)
    client = Client()
    client.force_login(admin)
    problems = []
    pages = [
        reverse("workbench:dashboard"),
        reverse("workbench:claim_list") + "?status=",
        reverse("workbench:factcheck_list"),
        reverse("admin:articles_factcheck_changelist"),
        reverse("admin:articles_speaker_changelist"),
        reverse("admin:articles_source_changelist"),
    ]
    for factcheck in factchecks[::3]:
        pages += [
            reverse("workbench:factcheck_edit", args=[factcheck.pk]),
            reverse("workbench:factcheck_preview", args=[factcheck.pk]),
            reverse("workbench:claim_detail", args=[factcheck.claim_id]),
            reverse("workbench:article_detail", args=[factcheck.claim.quotes.first().article_id]),
            reverse("admin:articles_factcheck_change", args=[factcheck.pk]),
        ]
    for url in pages:
        _check_page(client, url, problems)
    assert problems == []
