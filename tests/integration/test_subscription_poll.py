"""Polling feed subscriptions against a real HTTP server on 127.0.0.1 (tests/feed_server.py).

New entries become articles, an unchanged feed costs one request answered 304, a failing
feed backs off and a recovering one resumes; hostile, huge and redirected feeds end as a
readable `last_error`, never as an exception.
"""

import gzip
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article, FeedEntry, FeedPoll, FeedSubscription, Outlet
from articles.services import subscription_poll as poll_service
from articles.services.imports import import_files
from articles.services.subscription_poll import BACKOFF_CAP, subscription_poll
from articles.services.subscriptions import subscription_create
from tests.feed_server import answer, at_once, rss, story

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
Outcome = FeedSubscription.Outcome


def subscribe(server, path="/feed.xml", **fields) -> FeedSubscription:
    return subscription_create(url=server.url(path), **{"interval_minutes": 15, **fields})


def poll(subscription: FeedSubscription) -> FeedPoll:
    result = subscription_poll(subscription_id=subscription.pk)
    subscription.refresh_from_db()
    return result


def wait(subscription: FeedSubscription) -> timedelta:
    """How long the subscription waits after its last poll."""
    return subscription.next_poll_at - subscription.last_polled_at


def titles() -> list[str]:
    return sorted(Article.objects.values_list("title", flat=True))


# ---- New entries -------------------------------------------------------------------------


def test_new_entries_appear_as_articles_and_only_new_ones_are_imported(feed_server):
    feed_server.feed("/feed.xml", rss(story(1), story(2)))
    subscription = subscribe(feed_server)

    first = poll(subscription)

    assert (first.outcome, first.http_status, first.created_count) == (Outcome.NEW_ENTRIES, 200, 2)
    assert titles() == ["Council story number 1", "Council story number 2"]
    assert set(Article.objects.values_list("outlet__name", flat=True)) == {"Example Gazette"}
    assert Article.objects.filter(quotes__isnull=False).distinct().count() == 2  # extracted like any import
    assert subscription.feed_title == "Example Gazette"
    assert (subscription.imported_count, subscription.last_status, subscription.last_error) == (2, "new", "")
    assert timedelta(minutes=14) < wait(subscription) < timedelta(minutes=16)

    feed_server.feed("/feed.xml", rss(story(3), story(2), story(1)))
    second = poll(subscription)

    assert (second.created_count, second.unchanged_count) == (1, 2)
    assert len(titles()) == 3
    assert subscription.imported_count == 3
    assert subscription.entries.count() == 3


def test_the_subscriptions_outlet_names_the_articles(feed_server):
    feed_server.feed("/feed.xml", rss(story(1), title="Gazette – All stories"))
    subscription = subscribe(feed_server, outlet_name="The Gazette")

    poll(subscription)

    assert Article.objects.get().outlet == subscription.outlet == Outlet.objects.get(name="The Gazette")


def test_an_entry_the_publisher_edits_or_moves_is_not_imported_again(feed_server):
    feed_server.feed("/feed.xml", rss(story(1), story(2, guid="")))
    subscription = subscribe(feed_server)
    poll(subscription)

    # Entry 1 keeps its guid but gets a new headline, text and link; entry 2 (no guid) keeps its link.
    edited = story(1, title="Council story, updated", body="A corrected text.", link="https://gazette.example/n/1b")
    feed_server.feed("/feed.xml", rss(edited, story(2, guid="", body="Entry two, with a corrected text.")))
    again = poll(subscription)

    assert (again.created_count, again.unchanged_count, again.failed_count) == (0, 2, 0)
    assert again.outcome == Outcome.NO_NEW_ENTRIES
    assert titles() == ["Council story number 1", "Council story number 2"]


def test_an_entry_already_imported_from_an_upload_is_linked_not_reported(feed_server):
    import_files(files=[("feed.xml", rss(story(1, body="The text as uploaded, longer than the feed's.")))])
    feed_server.feed("/feed.xml", rss(story(1), story(2)))
    subscription = subscribe(feed_server)

    result = poll(subscription)

    assert (result.created_count, result.unchanged_count, result.failed_count) == (1, 1, 0)
    entry = FeedEntry.objects.get(subscription=subscription, guid="gazette-1")
    assert entry.article.body.startswith("The text as uploaded") and not entry.created
    assert subscription.imported_count == 1


def test_a_bad_entry_is_reported_and_the_others_are_imported(feed_server):
    feed_server.feed("/feed.xml", rss(story(1), story(2, body=""), story(3, link="javascript:alert(1)")))
    subscription = subscribe(feed_server)

    result = poll(subscription)

    assert result.created_count == 2
    assert result.failed_count == 1
    assert result.notes == ["Entry 2: the entry has no text (neither content nor a summary)"]
    assert subscription.last_error == "" and subscription.consecutive_failures == 0


def test_an_entry_that_breaks_the_importer_does_not_stop_the_others(feed_server, monkeypatch):
    real_import = poll_service.article_import

    def poisoned(*, record):
        if record.guid == "gazette-2":
            raise RuntimeError("a bug")
        return real_import(record=record)

    monkeypatch.setattr(poll_service, "article_import", poisoned)
    feed_server.feed("/feed.xml", rss(story(1), story(2), story(3)))
    subscription = subscribe(feed_server)

    result = poll(subscription)

    assert (result.created_count, result.failed_count) == (2, 1)
    assert result.notes == ["Entry 2: an unexpected error stopped it; nothing of it was kept"]
    assert titles() == ["Council story number 1", "Council story number 3"]
    assert not FeedEntry.objects.filter(guid="gazette-2").exists()  # tried again at the next poll


def test_a_long_backlog_is_imported_over_several_polls(feed_server, monkeypatch):
    monkeypatch.setattr(poll_service, "MAX_NEW_ENTRIES_PER_POLL", 2)
    feed_server.feed("/feed.xml", rss(*[story(n) for n in range(1, 6)]), etag='"all"')
    subscription = subscribe(feed_server)

    created = []
    for _ in range(3):
        result = poll(subscription)
        created.append(result.created_count)
        if result.created_count == 2:
            # More are waiting: no validators kept (the next poll must read the feed), back in a minute.
            assert subscription.etag == ""
            assert timedelta(seconds=60) <= wait(subscription) < timedelta(seconds=70)
            assert "3 more new entries" in result.notes[0] or "1 more new entries" in result.notes[0]

    assert created == [2, 2, 1]
    assert len(titles()) == 5
    assert subscription.etag == '"all"'
    assert [h.get("if-none-match") for h in feed_server.requests_to()] == [None, None, None]


# ---- Conditional GET ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "validators, sent_back",
    [
        ({"etag": '"v7"'}, ("if-none-match", '"v7"')),
        ({"last_modified": "Tue, 01 Apr 2025 10:00:00 GMT"}, ("if-modified-since", "Tue, 01 Apr 2025 10:00:00 GMT")),
    ],
)
def test_an_unchanged_feed_costs_one_request_answered_304(feed_server, validators, sent_back):
    feed_server.feed("/feed.xml", rss(story(1)), **validators)
    subscription = subscribe(feed_server)
    poll(subscription)
    articles_before = Article.objects.count()
    feed_server.requests.clear()

    result = poll(subscription)

    requests = feed_server.requests_to()
    assert len(requests) == 1
    header, value = sent_back
    assert requests[0][header] == value
    assert (result.outcome, result.http_status, result.bytes_read) == (Outcome.NOT_MODIFIED, 304, 0)
    assert Article.objects.count() == articles_before
    assert subscription.last_status == "not_modified" and subscription.consecutive_failures == 0
    assert timedelta(minutes=14) < wait(subscription) < timedelta(minutes=16)


def test_a_feed_without_validators_that_did_not_change_is_not_parsed_again(feed_server, monkeypatch):
    feed_server.feed("/feed.xml", rss(story(1)))
    subscription = subscribe(feed_server)
    poll(subscription)
    monkeypatch.setattr(poll_service, "parse_feed", lambda *args: pytest.fail("the feed was parsed again"))

    result = poll(subscription)

    assert result.outcome == Outcome.NO_NEW_ENTRIES
    assert result.notes == ["The feed is exactly as it was at the last poll."]


# ---- Failing, backing off, recovering ----------------------------------------------------


def test_a_failing_feed_backs_off_and_a_recovering_one_resumes(feed_server):
    feed_server.feed("/feed.xml", rss(story(1)), etag='"v1"')
    subscription = subscribe(feed_server)
    poll(subscription)

    feed_server.status("/feed.xml", 500, body=b"Internal error")
    waits = []
    for failures in range(1, 5):
        result = poll(subscription)
        assert result.outcome == Outcome.FAILED and result.http_status == 500
        assert subscription.consecutive_failures == failures
        waits.append(wait(subscription))
    assert subscription.last_error == "The server answered 500 Internal Server Error."
    assert subscription.last_status == "failed"
    assert all(later > earlier * 1.5 for earlier, later in zip(waits, waits[1:], strict=False)), waits
    assert timedelta(minutes=13) < waits[0] < timedelta(minutes=17)  # the first retry: one interval
    assert subscription.etag == '"v1"'  # kept through failures

    feed_server.feed("/feed.xml", rss(story(2), story(1)), etag='"v2"')
    recovered = poll(subscription)

    assert recovered.outcome == Outcome.NEW_ENTRIES and recovered.created_count == 1
    assert (subscription.consecutive_failures, subscription.last_error) == (0, "")
    assert timedelta(minutes=14) < wait(subscription) < timedelta(minutes=16)
    assert len(titles()) == 2


def test_the_backoff_stops_growing_at_its_cap(feed_server):
    feed_server.status("/feed.xml", 502)
    subscription = subscribe(feed_server, interval_minutes=60)
    FeedSubscription.objects.filter(pk=subscription.pk).update(consecutive_failures=40)

    poll(subscription)

    assert BACKOFF_CAP * 0.89 < wait(subscription) < BACKOFF_CAP * 1.11
    assert subscription.consecutive_failures == 41


@pytest.mark.parametrize(
    "code, retry_after, at_least",
    [
        (429, "7200", timedelta(hours=2)),
        (503, "Wed, 21 Oct 2099 07:28:00 GMT", poll_service.RETRY_AFTER_CAP),  # far future: capped at a day
    ],
)
def test_retry_after_is_honoured(feed_server, code, retry_after, at_least):
    feed_server.status("/feed.xml", code, headers={"Retry-After": retry_after})
    subscription = subscribe(feed_server)

    result = poll(subscription)

    assert result.outcome == Outcome.FAILED and result.http_status == code
    assert at_least - timedelta(seconds=5) <= wait(subscription) <= at_least + timedelta(seconds=5)


def test_a_feed_that_is_gone_is_paused(feed_server):
    feed_server.status("/feed.xml", 410)
    subscription = subscribe(feed_server)

    poll(subscription)

    assert not subscription.active
    assert subscription.last_error == (
        "The feed is gone (410): the outlet has removed it. Polling is paused; resume it once the address is fixed."
    )


def test_a_server_that_is_down_is_a_failure_with_a_reason(feed_server, settings):
    subscription = subscribe(feed_server)
    feed_server.stop()

    poll(subscription)

    assert subscription.last_error.startswith("The connection failed (connection refused")
    assert subscription.consecutive_failures == 1


# ---- Hostile, malformed and huge feeds ---------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
HOSTILE = [
    ("billion laughs", (DATA / "billion_laughs.xml").read_bytes(), "text/xml", "declares XML entities"),
    ("external entity", (DATA / "xxe.xml").read_bytes(), "text/xml", "declares XML entities"),
    ("malformed XML", (DATA / "malformed.xml").read_bytes(), "text/xml", "The feed could not be read"),
    ("truncated XML", b'<?xml version="1.0"?><rss version="2.0"><channel><title>T', "text/xml", "could not be read"),
    ("a web page", b"<!doctype html><html><body><h1>Front page</h1></body></html>", "text/html", "a web page (HTML)"),
    ("an image", PNG, "image/png", "not an RSS or Atom feed"),
    ("nothing", b"  ", "application/rss+xml", "The server sent an empty answer instead of the feed."),
    ("JSON", b'{"items": [1, 2, 3]}', "application/json", "not an RSS or Atom feed"),
]


def test_hostile_or_malformed_feeds_give_a_clear_error_and_never_a_crash(feed_server):
    for label, body, content_type, expected in HOSTILE:
        path = "/" + label.replace(" ", "-")
        feed_server.feed(path, body, content_type=content_type)
        subscription = subscribe(feed_server, path)

        result = poll(subscription)

        assert result.outcome == Outcome.FAILED, label
        assert expected in subscription.last_error, (label, subscription.last_error)
        assert subscription.last_error.endswith("."), label
        assert subscription.consecutive_failures == 1, label
    assert Article.objects.count() == 0


def test_a_feed_with_no_entries_yet_is_not_a_failure(feed_server):
    feed_server.feed("/feed.xml", rss())
    subscription = subscribe(feed_server)

    result = poll(subscription)

    assert result.outcome == Outcome.NO_NEW_ENTRIES
    assert result.notes == ["The feed has no entries at the moment."]
    assert subscription.consecutive_failures == 0


def test_a_huge_response_is_cut_off(feed_server, settings):
    settings.FEEDS_MAX_BYTES = 200_000
    big_entry = story(1, body="word " * 100_000)  # 500 KB
    feed_server.feed("/declared.xml", rss(big_entry))  # says its Content-Length up front

    def endless(handler):  # no Content-Length: sends until we hang up
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.end_headers()
        try:
            handler.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>')
            for _ in range(10_000):
                handler.wfile.write(b"A" * 16_384)
        except OSError:
            pass
        handler.close_connection = True

    feed_server.handle("/endless.xml", endless)
    bomb = gzip.compress(rss(story(1)) + b"<!--" + b" " * 50_000_000 + b"-->")  # 50 MB from about 50 KB
    feed_server.handle("/bomb.xml", lambda h: answer(h, 200, bomb, headers={"Content-Encoding": "gzip"}))

    for path in ("/declared.xml", "/endless.xml", "/bomb.xml"):
        subscription = subscribe(feed_server, path)
        started = time.monotonic()
        result = poll(subscription)
        assert result.outcome == Outcome.FAILED, path
        assert subscription.last_error == "The feed is larger than 0.190735 MB, the limit; it was not read.", path
        assert time.monotonic() - started < 5, path
    assert Article.objects.count() == 0


def test_a_gzip_compressed_feed_is_read(feed_server):
    body = gzip.compress(rss(story(1)))
    feed_server.handle("/feed.xml", lambda h: answer(h, 200, body, headers={"Content-Encoding": "gzip"}))
    subscription = subscribe(feed_server)

    assert poll(subscription).created_count == 1


def test_a_server_that_trickles_is_stopped_at_the_time_limit(feed_server, settings):
    settings.FEEDS_FETCH_TIMEOUT = 1

    def trickle(handler):  # a byte every 0.2 s: no single read ever times out
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.end_headers()
        try:
            for byte in rss(story(1)) * 10:
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    feed_server.handle("/feed.xml", trickle)
    subscription = subscribe(feed_server)
    started = time.monotonic()

    poll(subscription)

    assert time.monotonic() - started < 3
    assert subscription.last_error == "The server did not send the feed within 1 second, the time limit."


# ---- Addresses that must not be fetched --------------------------------------------------


def test_a_redirect_to_a_private_address_is_refused(feed_server):
    refused = {
        "http://10.1.2.3/feed.xml": "redirects to http://10.1.2.3/feed.xml: 10.1.2.3 points to 10.1.2.3, a private",
        "http://169.254.169.254/latest/meta-data/": "a link-local address (such as a cloud metadata service)",
        "http://192.168.0.1/rss": "a private or reserved network address",
        f"http://[::1]:{feed_server.port}/feed.xml": "this machine (a loopback address)",
        "http://0.0.0.0/feed.xml": "a private or reserved network address",
        "file:///etc/passwd": "redirects to file:///etc/passwd: only http:// and https:// feeds can be polled",
    }
    feed_server.feed("/feed.xml", rss(story(1)))
    for number, (target, reason) in enumerate(refused.items()):
        path = f"/moved-{number}"
        feed_server.redirect(path, target)
        subscription = subscribe(feed_server, path)

        result = poll(subscription)

        assert result.outcome == Outcome.FAILED, target
        assert reason in subscription.last_error, (target, subscription.last_error)
    assert Article.objects.count() == 0
    assert feed_server.requests_to("/feed.xml") == []  # [::1] never reached the server


def test_a_redirect_to_a_public_address_is_followed(feed_server):
    feed_server.feed("/new-home.xml", rss(story(1)))
    feed_server.redirect("/feed.xml", "/new-home.xml", code=301)
    subscription = subscribe(feed_server)

    result = poll(subscription)

    assert result.created_count == 1
    assert result.notes == [
        f"The feed has moved permanently to {feed_server.url('/new-home.xml')}; edit the address to use it."
    ]


def test_this_machine_is_refused_unless_the_setting_allows_it(feed_server, settings):
    feed_server.feed("/feed.xml", rss(story(1)))
    subscription = subscribe(feed_server)
    settings.FEEDS_ALLOW_NETWORKS = []

    poll(subscription)

    assert subscription.last_error == (
        "127.0.0.1 points to 127.0.0.1, this machine (a loopback address); "
        "only feeds on the public internet can be polled."
    )
    assert feed_server.requests == []


# ---- Two workers at once -----------------------------------------------------------------


def test_a_subscription_being_polled_is_not_polled_again_at_the_same_time(feed_server):
    feed_server.feed("/feed.xml", rss(story(1)))
    subscription = subscribe(feed_server)
    FeedSubscription.objects.filter(pk=subscription.pk).update(claimed_until=timezone.now() + timedelta(minutes=5))

    assert subscription_poll(subscription_id=subscription.pk) is None
    assert feed_server.requests == []

    # A worker that died mid-poll leaves a lease that runs out; then the feed is polled again.
    FeedSubscription.objects.filter(pk=subscription.pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert subscription_poll(subscription_id=subscription.pk).created_count == 1
    subscription.refresh_from_db()
    assert subscription.claimed_until is None


def test_a_paused_subscription_is_not_polled(feed_server):
    feed_server.feed("/feed.xml", rss(story(1)))
    subscription = subscribe(feed_server)
    FeedSubscription.objects.filter(pk=subscription.pk).update(active=False)

    assert subscription_poll(subscription_id=subscription.pk) is None
    assert feed_server.requests == []


def test_only_the_last_polls_are_kept(feed_server, monkeypatch):
    monkeypatch.setattr(poll_service, "POLLS_KEPT", 3)
    feed_server.feed("/feed.xml", rss(story(1)), etag='"x"')
    subscription = subscribe(feed_server)
    polls = [poll(subscription).pk for _ in range(5)]

    assert list(subscription.polls.values_list("pk", flat=True)) == polls[:-4:-1]
    assert subscription.poll_count == 5


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two writers at once need PostgreSQL: the test's in-memory SQLite refuses the second (table locked)",
)
def test_two_workers_polling_at_once_import_each_entry_once(feed_server):
    entries = [story(n) for n in range(1, 4)]
    slow = threading.Event()

    def slow_feed(handler):  # long enough for both workers to be inside a poll together
        slow.wait(0.5)
        answer(handler, 200, rss(*entries), content_type="application/rss+xml")

    feed_server.handle("/feed.xml", slow_feed)
    subscription = subscribe(feed_server)
    results = at_once(lambda: subscription_poll(subscription_id=subscription.pk))

    assert sorted(result is None for result in results) == [False, True]  # one polled, one stood aside
    assert len(feed_server.requests_to()) == 1
    assert Article.objects.count() == 3 and FeedEntry.objects.count() == 3
