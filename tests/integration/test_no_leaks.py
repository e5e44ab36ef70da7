"""Nothing unpublished leaks: drafts, fact-checks in review or scheduled for later, their
corrections, import batches and the audit trail never reach a reader.

Every secret carries one marker word. An anonymous reader crawls the public site from the
home page (following every link), reads every feed, sitemap and DataFeed page, and
searches for a word the secrets share (not the marker, which a search page echoes back);
the marker must appear nowhere.
"""

import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import AuditEvent, Claim, Correction, FactCheck, ImportBatch, ImportItem
from tests.factories import make_claim, make_factcheck, make_speaker
from tests.integration.public_helpers import add_appearance, published_factcheck

pytestmark = pytest.mark.django_db

MARK = "zqxleak"
HREF = re.compile(r'(?:href|src)="([^"#]*)')
MACHINE_READABLE = [
    "/claimreview.json",
    "/feeds/fact-checks.rss",
    "/feeds/fact-checks.atom",
    "/feeds/corrections.atom",
    "/sitemap.xml",
    "/robots.txt",
    "/ratings.css",
]
WORD = "clandestine"  # in every secret's text, so a search for it would find them if it could
SEARCHES = [f"/fact-checks/?q={WORD}", f"/fact-checks/?q={WORD}&page=2", f"/fact-checks/?q={WORD}+headline"]


def _secret_factcheck(status, **extra):
    speaker = make_speaker(name=f"Hidden {MARK} Person {status}", slug=f"hidden-{MARK}-{status}")
    claim = make_claim(text=f"A {MARK} claim, {status}", speaker=speaker, status=Claim.Status.ACCEPTED)
    add_appearance(claim, title=f"Article about {MARK}")
    return make_factcheck(
        claim=claim,
        status=status,
        headline=f"Secret {MARK} {WORD} headline ({status})",
        slug=f"secret-{MARK}-{status}",
        claim_reviewed=f"{MARK} reviewed",
        summary=f"{MARK} {WORD} summary",
        body=f"The {MARK} {WORD} body.",
        review_comment=f"{MARK} reviewer comment",
        **extra,
    )


@pytest.fixture
def secrets():
    # Something public to crawl through, which the search for WORD finds.
    published = published_factcheck(headline="Public fact-check", summary=f"A {WORD} meeting, now public.")
    Correction.objects.create(factcheck=published, kind=Correction.Kind.TYPO, note="A public note.")
    hidden = [
        _secret_factcheck(FactCheck.Status.DRAFT),
        _secret_factcheck(FactCheck.Status.IN_REVIEW),
        # Approved for tomorrow: readers must not see it today.
        _secret_factcheck(FactCheck.Status.SCHEDULED, published_at=timezone.now() + timedelta(days=1)),
        # Published, but dated tomorrow: readers must not see it today either.
        _secret_factcheck(FactCheck.Status.PUBLISHED, published_at=timezone.now() + timedelta(days=1)),
    ]
    for factcheck in hidden:
        Correction.objects.create(factcheck=factcheck, kind=Correction.Kind.CLARIFICATION, note=f"{MARK} correction")
        AuditEvent.objects.create(action="factcheck_returned", factcheck=factcheck, message=f"{MARK} audit message")
    batch = ImportBatch.objects.create(file_names=[f"{MARK}.csv"])
    ImportItem.objects.create(
        batch=batch, position=0, locator=f"{MARK} row 2", status=ImportItem.Status.FAILED, error=MARK
    )
    return {"published": published, "hidden": hidden}


def _crawl(client, start: list[str], limit: int = 400) -> dict[str, str]:
    """Every page reachable from `start` on this site (GET, as an anonymous reader), by URL."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        body = response.content.decode("utf-8", "replace")
        seen[url] = body
        if response.status_code != 200:
            continue
        for link in HREF.findall(body) + re.findall(r"<loc>([^<]+)</loc>", body):
            parts = urlsplit(link.replace("&amp;", "&"))
            if parts.netloc and parts.netloc not in ("testserver", urlsplit("http://127.0.0.1:8000").netloc):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith("/") and not path.startswith(("/static/", "/workbench/", "/admin/", "/accounts/")):
                queue.append(path)
    return seen


def test_an_anonymous_reader_finds_no_trace_of_unpublished_work_anywhere(client, secrets):
    pages = _crawl(client, ["/", *MACHINE_READABLE, *SEARCHES])

    assert reverse("public:factcheck_detail", args=[secrets["published"].slug]) in pages  # the crawl got around
    assert len(pages) > 15
    assert secrets["published"].get_absolute_url() in pages[SEARCHES[0]]  # the search ran, and found what is public
    leaks = [url for url, body in pages.items() if MARK in body.lower()]
    assert leaks == []


def test_the_datafeed_and_sitemaps_list_exactly_the_public_fact_checks(client, secrets):
    feed = json.loads(client.get("/claimreview.json").content)
    urls = [item["url"] for item in feed["dataFeedElement"]]
    assert feed["numberOfItems"] == 1
    assert urls == [f"http://127.0.0.1:8000{secrets['published'].get_absolute_url()}"]

    sitemap = client.get(reverse("public:sitemap_section", args=["fact-checks"])).content.decode()
    assert re.findall(r"<loc>[^<]+/fact-checks/([^/<]+)/</loc>", sitemap) == [secrets["published"].slug]


def test_hidden_pages_are_the_same_404_as_missing_ones_for_readers(client, secrets):
    for factcheck in secrets["hidden"]:
        detail = client.get(reverse("public:factcheck_detail", args=[factcheck.slug]))
        speaker = client.get(reverse("public:speaker_detail", args=[factcheck.claim.speaker.slug]))
        assert detail.status_code == speaker.status_code == 404, factcheck.status
        assert MARK not in detail.content.decode().lower()


def test_a_draft_seen_by_the_newsroom_is_never_cached_for_readers(client, checker, secrets):
    draft = secrets["hidden"][0]
    url = reverse("public:factcheck_detail", args=[draft.slug])

    client.force_login(checker)
    newsroom = client.get(url)
    client.logout()
    reader = client.get(url)

    assert newsroom.status_code == 200 and MARK in newsroom.content.decode()
    assert "private" in newsroom["Cache-Control"]
    assert reader.status_code == 404


def test_a_scheduled_fact_check_appears_when_its_time_comes(client, secrets):
    scheduled = secrets["hidden"][3]
    url = reverse("public:factcheck_detail", args=[scheduled.slug])
    assert client.get(url).status_code == 404

    FactCheck.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - timedelta(seconds=1))

    assert client.get(url).status_code == 200


def test_error_messages_do_not_tell_whether_a_draft_exists(client, secrets):
    draft = secrets["hidden"][0]

    for url in (
        reverse("public:factcheck_detail", args=[draft.slug]),
        reverse("public:factcheck_detail", args=["never-existed"]),
        f"/fact-checks/?page=999&q={WORD}",
        "/claimreview.json?page=2",
        f"/speakers/hidden-{MARK}-draft/",
    ):
        body = client.get(url).content.decode().lower()
        assert MARK not in body, url
