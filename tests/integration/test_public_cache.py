"""Whole-page caching for anonymous readers: served from memory, yet every change shows at once."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import cache as page_cache
from articles import cache_topics as topics
from articles.cache_topics import FileTopics, RedisTopics
from articles.models import Correction, FactCheck, Rating
from articles.services.factchecks import correction_add, factcheck_publish, factcheck_retract
from tests.factories import make_factcheck, make_user, rating
from tests.integration.public_helpers import published_factcheck
from tests.workflow import approve, propose_changes

pytestmark = pytest.mark.django_db

NONCE = re.compile(r'nonce="([^"]+)"')


def _public_urls(factcheck):
    return [
        reverse("public:home"),
        reverse("public:factcheck_list"),
        factcheck.get_absolute_url(),
        factcheck.claim.speaker.get_absolute_url(),
        reverse("public:factcheck_rss"),
        reverse("public:claimreview_feed"),
    ]


def test_a_second_anonymous_request_is_answered_without_the_database(client, django_assert_num_queries):
    factcheck = published_factcheck()
    for url in [*_public_urls(factcheck), reverse("public:ratings"), reverse("public:corrections")]:
        first = client.get(url)
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.status_code == 200
        assert again.content.replace(b"\n", b"")[:200] == first.content.replace(b"\n", b"")[:200]


def test_publishing_shows_at_once_on_every_public_page(client, editor):
    factcheck = make_factcheck(status=FactCheck.Status.IN_REVIEW, headline="Did the bridge really cost a billion?")
    other = published_factcheck()  # so the speaker page and lists exist and get cached
    urls = _public_urls(factcheck)
    before = {url: client.get(url) for url in [*_public_urls(other), *urls]}
    assert before[factcheck.get_absolute_url()].status_code == 404

    factcheck_publish(factcheck=factcheck, editor=editor, expected_version=factcheck.version)

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert factcheck.get_absolute_url().encode() in response.content, url
    assert b"Did the bridge really cost a billion?" in client.get(factcheck.get_absolute_url()).content


def test_an_approved_change_with_its_correction_shows_at_once(client, editor, second_editor):
    factcheck = published_factcheck(summary="The old summary.")
    assert b"The old summary." in client.get(factcheck.get_absolute_url()).content
    client.get(reverse("public:corrections"))

    propose_changes(
        factcheck,
        by=editor,
        changes={"summary": "The corrected summary.", "rating": rating("mostly-false")},
        kind=Correction.Kind.RATING_CHANGE,
        note="We found the 2021 figures.",
    )
    # Proposed and in review: readers still get the published version, from the cache or not.
    assert b"The old summary." in client.get(factcheck.get_absolute_url()).content
    approve(factcheck, editor=second_editor)

    page = client.get(factcheck.get_absolute_url()).content.decode()
    assert "The corrected summary." in page and "The old summary." not in page
    assert "We found the 2021 figures." in page
    assert 'badge-large badge-mostly-false">Mostly false<' in page
    assert "We found the 2021 figures." in client.get(reverse("public:corrections")).content.decode()


def test_a_correction_note_shows_at_once(client, editor):
    factcheck = published_factcheck()
    client.get(factcheck.get_absolute_url())
    client.get(reverse("public:correction_atom"))

    correction_add(factcheck=factcheck, user=editor, kind=Correction.Kind.CLARIFICATION, note="Added the source date.")

    assert b"Added the source date." in client.get(factcheck.get_absolute_url()).content
    assert b"Added the source date." in client.get(reverse("public:correction_atom")).content


def test_retracting_takes_the_page_out_of_the_lists_at_once_and_answers_410(client, editor):
    factcheck = published_factcheck()
    path = factcheck.get_absolute_url().encode()
    for url in _public_urls(factcheck):
        assert path in client.get(url).content, url

    factcheck_retract(factcheck=factcheck, editor=editor, reason="Under review")

    assert client.get(factcheck.get_absolute_url()).status_code == 410
    home, listing, _, _, _, datafeed = _public_urls(factcheck)
    for url in (home, listing, datafeed):
        assert path not in client.get(url).content, url


def test_an_admin_edit_to_the_rating_scale_changes_the_stylesheet_and_pages(client):
    factcheck = published_factcheck(rating=rating("false"))
    assert b".badge-false{background:#b42318" in client.get(reverse("public:rating_styles")).content
    client.get(factcheck.get_absolute_url())

    step = Rating.objects.get(slug="false")
    step.colour, step.definition = "#ffeeee", "Wrong, plainly."
    step.save()

    css = client.get(reverse("public:rating_styles")).content.decode()
    assert ".badge-false{background:#ffeeee;color:#1b1f24}" in css  # light colour: dark text
    assert "Wrong, plainly." in client.get(factcheck.get_absolute_url()).content.decode()


def test_a_scheduled_publication_appears_when_its_time_comes(client, monkeypatch):
    soon = timezone.now() + timedelta(minutes=5)
    factcheck = make_factcheck(status=FactCheck.Status.SCHEDULED, published_at=soon)
    link = f'href="{factcheck.get_absolute_url()}"'.encode()
    assert link not in client.get(reverse("public:home")).content

    later = soon + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert link in client.get(reverse("public:home")).content
    assert client.get(factcheck.get_absolute_url()).status_code == 200


def test_pages_send_validators_and_answer_conditional_requests_with_304(client):
    factcheck = published_factcheck()
    url = factcheck.get_absolute_url()
    response = client.get(url)
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=0", "must-revalidate"}
    assert response["ETag"].startswith('W/"')
    assert "Cookie" in response["Vary"] and "HX-Request" in response["Vary"]

    assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": response["Last-Modified"]}).status_code == 304

    correction_add(factcheck=factcheck, user=make_user(role="Editor"), kind=Correction.Kind.TYPO, note="Fixed a typo.")
    fresh = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert fresh.status_code == 200 and b"Fixed a typo." in fresh.content
    assert fresh["ETag"] != response["ETag"]


def test_each_cached_response_gets_its_own_nonce_matching_its_policy(client):
    factcheck = published_factcheck()
    nonces = []
    for _ in range(3):
        response = client.get(factcheck.get_absolute_url())
        in_page = set(NONCE.findall(response.content.decode()))
        assert len(in_page) == 1
        nonce = in_page.pop()
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert len(set(nonces)) == 3


def test_signed_in_users_get_a_fresh_private_page(client, checker):
    factcheck = published_factcheck()
    client.get(factcheck.get_absolute_url())  # cached for anonymous readers
    client.force_login(checker)
    response = client.get(factcheck.get_absolute_url())
    assert "private" in response["Cache-Control"] and "ETag" not in response
    assert b"Workbench</a>" in response.content


def test_htmx_fragments_and_full_pages_are_cached_apart(client):
    published_factcheck()
    url = reverse("public:factcheck_list")
    full = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert b"<html" in full.content and b"<html" not in fragment.content
    assert b"<html" in client.get(url).content
    restore = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert b"<html" in restore.content


def test_parameters_the_page_ignores_share_its_cache_entry(client, django_assert_num_queries):
    published_factcheck()
    client.get(reverse("public:home"))
    with django_assert_num_queries(0):
        assert client.get(reverse("public:home") + "?utm_source=newsletter").status_code == 200


def test_a_lost_generation_starts_a_new_one_safely(client):
    factcheck = published_factcheck()
    client.get(factcheck.get_absolute_url())
    page_cache.topic_store().clear()  # as after a cache flush
    assert client.get(factcheck.get_absolute_url()).status_code == 200
    assert page_cache.current_generation() > 0


def test_local_pages_drop_the_least_recently_used_beyond_their_byte_budget():
    store = page_cache.LocalPages(max_bytes=100)
    store.set("a", (1, b"x" * 40, {}, False))
    store.set("b", (1, b"y" * 40, {}, False))
    assert store.get("a") is not None  # "a" is now the most recently used
    store.set("c", (1, b"z" * 40, {}, False))
    assert store.get("b") is None and store.get("a") is not None and store.get("c") is not None
    store.set("huge", (1, b"!" * 101, {}, False))
    assert store.get("huge") is None and store.get("a") is not None


def test_another_process_bump_is_seen_through_the_shared_generation_file(client):
    """Pages live in each worker; the generation, shared by every process on the host, is read each time."""
    factcheck = published_factcheck(summary="Before the change.")
    client.get(factcheck.get_absolute_url())
    FactCheck.objects.filter(pk=factcheck.pk).update(summary="After the change.")  # no signal here
    assert b"Before the change." in client.get(factcheck.get_absolute_url()).content

    other_worker = FileTopics(page_cache.topic_store().path)
    other_worker.bump(topics.bumped_slots([topics.factcheck(factcheck.pk)]))  # through its own mapping
    assert b"After the change." in client.get(factcheck.get_absolute_url()).content


def test_the_generation_is_read_from_a_shared_redis_cache(settings):
    """With DJANGO_CACHE_URL=redis://… every worker reads the one generation (needs a Redis server)."""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.2).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("No Redis server on 127.0.0.1:6379.")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    from django.core.cache import caches

    caches["default"].clear()
    assert isinstance(page_cache.topic_store(), RedisTopics)
    first = page_cache.bump_generation(reschedule=False)
    assert page_cache.current_generation() == first
    RedisTopics(caches["default"]).bump(topics.slots_for([topics.ALL]))  # another worker, another connection
    assert page_cache.current_generation() > first
    caches["default"].clear()


def test_a_new_appearance_found_by_extraction_shows_at_once(client):
    """Extraction writes quotes in bulk (no signals); saving the article's status invalidates."""
    from articles.services.extraction import article_extract
    from tests.factories import make_article

    said = "“We cut the deficit by 40 percent last year,” Jane Doe"
    first = make_article(title="First report", body=f"Lead.\n{said} said on Monday.\n")
    (quote,) = article_extract(article=first)
    factcheck = published_factcheck(claim=quote.claim)
    second = make_article(title="Second report", body=f"Other lead.\n{said} told reporters.\n")
    assert b"Second report" not in client.get(factcheck.get_absolute_url()).content  # not extracted yet

    (again,) = article_extract(article=second)

    assert again.claim_id == quote.claim_id
    assert b"Second report" in client.get(factcheck.get_absolute_url()).content
