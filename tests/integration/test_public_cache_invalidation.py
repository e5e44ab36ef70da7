"""Invalidation as narrow as the change: a busy desk does not empty the readers' cache.

A page answered from the cache runs no query, so `django_assert_num_queries(0)` on a
second request says the page is still cached; a page with queries was re-rendered.
"""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import cache as page_cache
from articles import cache_topics as topics
from articles.ingest import ArticleRecord
from articles.models import Correction, FactCheck
from articles.services.factchecks import correction_add, factcheck_publish, factcheck_update
from articles.services.imports import article_import
from articles.services.publishing import factcheck_retract
from articles.services.review import claim_accept, claim_reject
from articles.views import public as public_views
from tests.factories import make_factcheck, make_quote, make_speaker
from tests.integration.public_helpers import published_factcheck
from tests.workflow import approve, propose_changes

pytestmark = pytest.mark.django_db


def _pages_of(factcheck) -> list[str]:
    return [factcheck.get_absolute_url(), factcheck.claim.speaker.get_absolute_url()]


LISTS = [
    reverse("public:home"),
    reverse("public:factcheck_list"),
    reverse("public:speaker_list"),
    reverse("public:factcheck_rss"),
    reverse("public:claimreview_feed"),
    reverse("public:sitemap"),
]


def _warm(client, urls):
    for url in urls:
        assert client.get(url).status_code == 200, url


def _rendered(client, url) -> bool:
    """Whether answering `url` needed the database, i.e. the cached page was stale."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries) > 0


@pytest.fixture
def desk(client):
    """Two published fact-checks by two speakers, every public page about them cached."""
    first = published_factcheck()
    second = published_factcheck()
    urls = [*_pages_of(first), *_pages_of(second), *LISTS, reverse("public:corrections")]
    _warm(client, urls)
    assert not any(_rendered(client, url) for url in urls)
    return first, second, urls


def test_typing_in_a_draft_leaves_every_public_page_cached(client, desk, checker):
    first, _, urls = desk
    draft = make_factcheck(claim=make_quote(speaker=first.claim.speaker).claim, author=checker)
    for text in ("The figure", "The figure is", "The figure is wrong."):  # autosaves
        draft = factcheck_update(
            factcheck=draft, user=checker, expected_version=draft.version, changes={"summary": text}
        )

    assert [url for url in urls if _rendered(client, url)] == []


def test_triaging_claims_leaves_every_public_page_cached(client, desk, checker):
    first, _, urls = desk
    speaker = first.claim.speaker
    claim_accept(claim=make_quote(speaker=speaker).claim, user=checker)
    claim_reject(claim=make_quote(speaker=speaker).claim, user=checker, reason="opinion")

    assert [url for url in urls if _rendered(client, url)] == []


def test_importing_an_article_leaves_every_public_page_cached(client, desk):
    _, _, urls = desk
    body = "The council met. “We cut the deficit by 40 percent,” Mayor Ana Lima said on Monday."
    article_import(
        record=ArticleRecord(
            title="Council budget",
            body=body,
            url="https://courier.example/a",
            outlet="The Courier",
            published_at=datetime(2025, 4, 2, tzinfo=UTC),
            locator="a.txt",
        )
    )

    assert [url for url in urls if _rendered(client, url)] == []


def test_a_correction_re_renders_its_page_its_lists_and_the_corrections_only(client, desk, editor):
    first, second, _ = desk
    correction_add(factcheck=first, user=editor, kind=Correction.Kind.CLARIFICATION, note="Added the 2021 data.")

    assert b"Added the 2021 data." in client.get(first.get_absolute_url()).content
    assert b"Added the 2021 data." in client.get(reverse("public:corrections")).content
    assert b"Added the 2021 data." in client.get(reverse("public:correction_atom")).content
    assert [url for url in _pages_of(second) if _rendered(client, url)] == []


def _publish_another_check_of(speaker, *, editor) -> FactCheck:
    newcomer = make_factcheck(
        claim=make_quote(speaker=speaker).claim,
        status=FactCheck.Status.IN_REVIEW,
        headline="Were there really 40 new clinics?",
    )
    factcheck_publish(factcheck=newcomer, editor=editor, expected_version=newcomer.version)
    return newcomer


def test_publishing_re_renders_the_lists_and_its_speakers_page_not_other_pages(client, desk, editor):
    first, second, _ = desk
    newcomer = _publish_another_check_of(first.claim.speaker, editor=editor)

    link = newcomer.get_absolute_url().encode()
    for url in [first.claim.speaker.get_absolute_url(), *LISTS[:2], LISTS[3]]:
        assert link in client.get(url).content, url
    assert [url for url in [first.get_absolute_url(), *_pages_of(second)] if _rendered(client, url)] == []


def test_renaming_a_speaker_re_renders_their_pages_and_the_lists(client, desk):
    first, second, _ = desk
    speaker = first.claim.speaker
    speaker.name = "Renamed Minister"
    speaker.save()

    for url in [first.get_absolute_url(), speaker.get_absolute_url(), reverse("public:speaker_list")]:
        assert b"Renamed Minister" in client.get(url).content, url
    assert [url for url in _pages_of(second) if _rendered(client, url)] == []


def test_a_new_speaker_from_an_import_touches_no_page(client, desk):
    _, _, urls = desk
    make_speaker(name="Brand New Person")
    assert [url for url in urls if _rendered(client, url)] == []


def test_a_page_whose_topic_moved_while_it_rendered_is_not_kept(client, monkeypatch):
    factcheck = published_factcheck(summary="Before.")
    url = factcheck.get_absolute_url()
    real_context = public_views.factcheck_page_context

    def context_then_a_commit_lands(fc, **kwargs):
        context = real_context(fc, **kwargs)  # drawn from the rows as they were
        page_cache.invalidate(topics.factcheck(fc.pk))  # another editor's change commits meanwhile
        return context

    with monkeypatch.context() as patched:
        patched.setattr(public_views, "factcheck_page_context", context_then_a_commit_lands)
        client.get(url)

    assert _rendered(client, url)  # the page rendered during the change was not kept
    assert not _rendered(client, url)  # the next one was


def test_proposed_changes_to_published_work_wait_in_the_cache_until_approved(client, desk, editor, second_editor):
    first, _, urls = desk
    propose_changes(
        first, by=editor, changes={"summary": "A proposed summary."}, kind=Correction.Kind.CLARIFICATION, note="Why."
    )

    assert [url for url in urls if _rendered(client, url)] == []  # readers see nothing new yet
    approve(first, editor=second_editor)
    assert b"A proposed summary." in client.get(first.get_absolute_url()).content


def test_the_counts_on_the_list_and_the_datafeed_follow_a_publication_and_a_retraction(client, desk, editor):
    # The live count behind every unfiltered list page is kept per process between changes.
    def counts():
        listing = client.get(reverse("public:factcheck_list")).content.decode()
        feed = client.get(reverse("public:claimreview_feed")).json()
        return listing.count("of 3 fact-checks"), listing.count("of 2 fact-checks"), feed["numberOfItems"]

    assert counts() == (0, 1, 2)
    first, _, _ = desk
    newcomer = _publish_another_check_of(first.claim.speaker, editor=editor)
    assert counts() == (1, 0, 3)
    factcheck_retract(
        factcheck=FactCheck.objects.get(pk=newcomer.pk), editor=editor, reason="The clinic figures were wrong."
    )
    assert counts() == (0, 1, 2)
