"""/sitemap.xml (an index of sections) and /robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse

from articles.models import FactCheck
from tests.factories import make_factcheck
from tests.integration.public_helpers import published_factcheck

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _locs(content: bytes) -> list[str]:
    return [loc.text for loc in ET.fromstring(content).iter(f"{NS}loc")]


def test_the_index_points_to_each_section(client):
    locs = _locs(client.get(reverse("public:sitemap")).content)
    assert [loc.rsplit("/", 1)[1] for loc in locs] == [
        "sitemap-pages.xml",
        "sitemap-fact-checks.xml",
        "sitemap-speakers.xml",
    ]


def test_published_factchecks_and_their_speakers_are_in_the_sitemap_drafts_are_not(client):
    factcheck = published_factcheck()
    draft = make_factcheck(status=FactCheck.Status.DRAFT)

    checks = _locs(client.get("/sitemap-fact-checks.xml").content)
    assert checks == [settings.SITE_URL + factcheck.get_absolute_url()]
    speakers = _locs(client.get("/sitemap-speakers.xml").content)
    assert settings.SITE_URL + factcheck.claim.speaker.get_absolute_url() in speakers
    assert settings.SITE_URL + draft.claim.speaker.get_absolute_url() not in speakers
    pages = _locs(client.get("/sitemap-pages.xml").content)
    assert settings.SITE_URL + reverse("public:ratings") in pages


def test_robots_txt_keeps_crawlers_out_of_the_newsroom_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /workbench/" in text and "Disallow: /admin/" in text
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in text


def test_a_correction_moves_the_factchecks_lastmod(client):
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Correction

    factcheck = published_factcheck(published_at=timezone.now() - timedelta(days=30))
    FactCheck.objects.filter(pk=factcheck.pk).update(updated_at=timezone.now() - timedelta(days=30))
    later = timezone.now() - timedelta(days=2)
    Correction.objects.create(factcheck=factcheck, kind=Correction.Kind.TYPO, note="Fixed.", created_at=later)
    lastmods = [e.text for e in ET.fromstring(client.get("/sitemap-fact-checks.xml").content).iter(f"{NS}lastmod")]
    assert lastmods == [later.date().isoformat()]
