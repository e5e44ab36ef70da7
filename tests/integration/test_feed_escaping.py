"""Feeds carry editors' plain text as text, and their links on the canonical host only.

Issue 13, defects 9 (summaries and correction notes sent as HTML without escaping) and 10
(the self link follows the Host header, and the page cache shared it with every host).
"""

import html
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from articles.cache import public_page
from articles.models import Correction
from tests.factories import rating
from tests.integration.public_helpers import published_factcheck

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
MARKUP = 'Tax <b>cut</b> & <img src=x onerror="alert(1)"> “quoted”'


class Tags(HTMLParser):
    """What a feed reader would build from an HTML string: its start tags."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def _as_html(fragment: str) -> tuple[list[str], str]:
    parser = Tags()
    parser.feed(fragment)
    return parser.tags, html.unescape(fragment)


def test_rss_descriptions_are_escaped_so_readers_show_the_text_as_typed(client):
    published_factcheck(rating=rating("false"), summary=MARKUP)

    channel = ET.fromstring(client.get(reverse("public:factcheck_rss")).content).find("channel")
    tags, shown = _as_html(channel.find("item").findtext("description"))

    assert tags == []
    assert shown == f"Our rating: False. {MARKUP}"


def test_atom_html_summaries_are_escaped(client):
    published_factcheck(rating=rating("false"), summary=MARKUP)

    entry = ET.fromstring(client.get(reverse("public:factcheck_atom")).content).find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    tags, shown = _as_html(summary.text)

    assert summary.get("type") == "html"
    assert tags == []
    assert shown.endswith(MARKUP)


def test_correction_notes_in_the_atom_feed_are_escaped(client):
    factcheck = published_factcheck()
    Correction.objects.create(factcheck=factcheck, kind=Correction.Kind.TYPO, note=MARKUP)

    entry = ET.fromstring(client.get(reverse("public:correction_atom")).content).find(f"{ATOM}entry")
    tags, shown = _as_html(entry.find(f"{ATOM}summary").text)

    assert tags == []
    assert shown == MARKUP


SELF_LINKS = {
    "public:factcheck_rss": lambda root: root.find("channel").find(f"{ATOM}link[@rel='self']"),
    "public:factcheck_atom": lambda root: root.find(f"{ATOM}link[@rel='self']"),
    "public:correction_atom": lambda root: root.find(f"{ATOM}link[@rel='self']"),
}


@override_settings(ALLOWED_HOSTS=["evil.example", "testserver"])
@pytest.mark.parametrize("name", SELF_LINKS)
def test_a_feeds_self_link_is_on_the_site_url_whatever_host_was_asked(client, name):
    published_factcheck()

    first = client.get(reverse(name), HTTP_HOST="evil.example")
    second = client.get(reverse(name))  # from the page cache, for the real host

    for response in (first, second):
        link = SELF_LINKS[name](ET.fromstring(response.content))
        assert link.get("href") == settings.SITE_URL + reverse(name)
        assert b"evil.example" not in response.content


@override_settings(ALLOWED_HOSTS=["one.example", "two.example"])
def test_the_page_cache_never_hands_one_hosts_page_to_another():
    @public_page(personal=False)
    def host_page(request):
        return HttpResponse(f"built for {request.get_host()}")

    factory = RequestFactory()
    one = host_page(factory.get("/page/", HTTP_HOST="one.example"))
    two = host_page(factory.get("/page/", HTTP_HOST="two.example"))
    again = host_page(factory.get("/page/", HTTP_HOST="ONE.example"))

    assert one.content == b"built for one.example"
    assert two.content == b"built for two.example"
    assert again.content == b"built for one.example"  # a cached hit, keyed by the host


def test_an_unknown_host_is_refused_before_any_page_is_built(client):
    published_factcheck()

    response = client.get(reverse("public:factcheck_atom"), HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert b"<feed" not in response.content
