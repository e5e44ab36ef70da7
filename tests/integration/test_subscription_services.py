"""Subscribing, editing, pausing and scheduling feed subscriptions; the due task and the real worker."""

import importlib
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.tasks import Task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article, FeedSubscription
from articles.periodic import PERIODIC_TASKS
from articles.services.errors import ServiceError
from articles.services.subscription_poll import LEASE, subscription_poll
from articles.services.subscriptions import (
    subscription_create,
    subscription_pause,
    subscription_poll_now,
    subscription_resume,
    subscription_update,
    subscriptions_poll_due,
)
from tests.feed_server import at_once, rss, story

pytestmark = pytest.mark.django_db


def queued_polls() -> list[int]:
    return [task.args_kwargs["args"][0] for task in DBTaskResult.objects.filter(task_path="articles.tasks.feed_poll")]


# ---- Subscribing -------------------------------------------------------------------------


def test_subscribing_queues_the_first_poll(admin_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscription = subscription_create(
            url="  https://news.example.org/rss.xml ", outlet_name="Example News", interval_minutes=20, user=admin_user
        )

    assert subscription.url == "https://news.example.org/rss.xml"
    assert subscription.outlet.name == "Example News"
    assert (subscription.interval_minutes, subscription.active, subscription.created_by) == (20, True, admin_user)
    assert subscription.next_poll_at <= timezone.now()
    assert queued_polls() == [subscription.pk]


@pytest.mark.parametrize(
    "url, message",
    [
        ("", "Give the feed’s address (https://…)."),
        ("ftp://news.example.org/feed.xml", "Only http:// and https:// feeds can be polled, not “ftp”."),
        ("file:///etc/passwd", "Only http:// and https:// feeds can be polled, not “file”."),
        ("https://user:secret@news.example.org/rss", "Feed addresses with a user name or password are not supported."),
        ("http://127.0.0.1:8000/feed.xml", "This address points to this machine (a loopback address)."),
        ("http://localhost/feed.xml", "This address points to this machine (a loopback address)."),
        ("http://10.0.0.8/feed.xml", "This address points to a private or reserved network address."),
        ("http://169.254.169.254/latest/", "This address points to a link-local address (such as a cloud metadata"),
        ("http://[::1]/feed.xml", "This address points to this machine (a loopback address)."),
        ("https://news.example.org:99999/rss", "is not a valid web address"),
    ],
)
def test_an_address_that_cannot_be_polled_is_refused(url, message):
    with pytest.raises(ServiceError) as refused:
        subscription_create(url=url)

    assert message in refused.value.message
    assert not FeedSubscription.objects.exists()


def test_the_same_feed_cannot_be_subscribed_twice():
    subscription_create(url="https://news.example.org/rss/", title="Politics")

    for again in ("https://news.example.org/rss/", "https://news.example.org/rss"):
        with pytest.raises(ServiceError, match="already subscribed to as “Politics”"):
            subscription_create(url=again)
    assert FeedSubscription.objects.count() == 1


@pytest.mark.parametrize(
    "minutes, message",
    [
        (0, "Poll every 5 to 1440 minutes (a day); publishers block feed readers that ask more often."),
        (4, "Poll every 5 to 1440 minutes"),
        (1441, "Poll every 5 to 1440 minutes"),
        ("soon", "The interval must be a number of minutes."),
    ],
)
def test_the_interval_must_be_polite_and_at_least_daily(minutes, message):
    with pytest.raises(ServiceError) as refused:
        subscription_create(url="https://news.example.org/rss", interval_minutes=minutes)

    assert refused.value.message.startswith(message)


# ---- Editing, pausing, polling now -------------------------------------------------------


def polled(subscription: FeedSubscription, **state) -> FeedSubscription:
    defaults = {
        "etag": '"v1"',
        "last_modified": "Tue, 01 Apr 2025 10:00:00 GMT",
        "content_hash": "ab" * 32,
        "last_polled_at": timezone.now() - timedelta(minutes=1),
        "next_poll_at": timezone.now() + timedelta(minutes=59),
    }
    FeedSubscription.objects.filter(pk=subscription.pk).update(**{**defaults, **state})
    subscription.refresh_from_db()
    return subscription


def test_a_new_address_starts_afresh_and_a_shorter_interval_brings_the_next_poll_forward():
    subscription = polled(subscription_create(url="https://news.example.org/rss", interval_minutes=60))

    subscription_update(subscription=subscription, url=subscription.url, interval_minutes=10, outlet_name="Daily")
    subscription.refresh_from_db()
    assert subscription.outlet.name == "Daily"
    assert subscription.etag == '"v1"'  # same feed: validators kept
    assert timedelta(minutes=8) < subscription.next_poll_at - timezone.now() <= timedelta(minutes=9)

    subscription = polled(subscription, consecutive_failures=3, last_error="The server answered 500.")
    subscription_update(subscription=subscription, url="https://news.example.org/politics.xml", interval_minutes=10)
    subscription.refresh_from_db()
    assert (subscription.etag, subscription.last_modified, subscription.content_hash) == ("", "", "")
    assert (subscription.consecutive_failures, subscription.last_error) == (0, "")
    assert subscription.next_poll_at <= timezone.now()


def test_editing_cannot_take_another_subscriptions_address():
    subscription_create(url="https://a.example/rss", title="A")
    other = subscription_create(url="https://b.example/rss")

    with pytest.raises(ServiceError, match="already subscribed to as “A”"):
        subscription_update(subscription=other, url="https://a.example/rss", interval_minutes=15)


def test_pausing_stops_polls_and_resuming_polls_at_once(django_capture_on_commit_callbacks):
    subscription = polled(subscription_create(url="https://news.example.org/rss"), consecutive_failures=4)

    subscription_pause(subscription=subscription)
    assert not subscription.active
    with pytest.raises(ServiceError, match="This feed is paused. Resume it to poll it again."):
        subscription_poll_now(subscription=subscription)

    with django_capture_on_commit_callbacks(execute=True):
        subscription_resume(subscription=subscription)
    assert subscription.active and subscription.consecutive_failures == 0
    assert subscription.next_poll_at <= timezone.now()
    assert queued_polls() == [subscription.pk]


def test_poll_now_queues_a_poll_unless_one_is_running(django_capture_on_commit_callbacks):
    subscription = polled(subscription_create(url="https://news.example.org/rss"))

    with django_capture_on_commit_callbacks(execute=True):
        subscription = subscription_poll_now(subscription=subscription)
    assert queued_polls() == [subscription.pk]
    assert subscription.next_poll_at <= timezone.now()

    FeedSubscription.objects.filter(pk=subscription.pk).update(claimed_until=timezone.now() + LEASE)
    with pytest.raises(ServiceError, match="being polled right now"):
        subscription_poll_now(subscription=subscription)


# ---- The due task ------------------------------------------------------------------------


def test_the_due_task_queues_each_due_subscription_once():
    now = timezone.now()
    due = subscription_create(url="https://due.example/rss")
    late = subscription_create(url="https://late.example/rss")
    FeedSubscription.objects.filter(pk=late.pk).update(next_poll_at=now - timedelta(hours=3))
    not_yet = polled(subscription_create(url="https://later.example/rss"))
    paused = subscription_pause(subscription=subscription_create(url="https://paused.example/rss"))
    busy = subscription_create(url="https://busy.example/rss")
    FeedSubscription.objects.filter(pk=busy.pk).update(claimed_until=now + LEASE)

    assert subscriptions_poll_due() == [late.pk, due.pk]  # the longest-waiting first
    assert sorted(queued_polls()) == sorted([late.pk, due.pk])
    assert subscriptions_poll_due() == []  # queued once: a second run, or a second worker, finds nothing
    assert {not_yet.pk, paused.pk, busy.pk}.isdisjoint(queued_polls())

    # A queued poll that never ran (its worker died) leaves the subscription due again after the lease.
    FeedSubscription.objects.filter(pk=due.pk).update(next_poll_at=timezone.now() - timedelta(seconds=1))
    assert subscriptions_poll_due() == [due.pk]


def test_the_due_task_is_registered_to_run_every_minute_without_arguments():
    path, every = PERIODIC_TASKS["feeds_poll_due"]
    module, name = path.rsplit(".", 1)
    task = getattr(importlib.import_module(module), name)

    assert isinstance(task, Task) and every == 60
    assert task.call() == {"queued": []}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (SKIP LOCKED) need PostgreSQL")
def test_two_due_tasks_at_once_queue_each_subscription_once():
    ids = [subscription_create(url=f"https://feed{n}.example/rss").pk for n in range(40)]
    DBTaskResult.objects.all().delete()  # the polls queued by subscribing; the due task queues its own
    queued = at_once(subscriptions_poll_due)

    assert sorted(queued[0] + queued[1]) == sorted(ids)
    assert sorted(queued_polls()) == sorted(ids)


# ---- The real worker ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_worker_polls_due_feeds_and_imports_their_entries(feed_server):
    feed_server.feed("/feed.xml", rss(story(1), story(2)), etag='"v1"')
    subscription = subscription_create(url=feed_server.url())  # its first poll is queued on commit
    from articles.tasks import feeds_poll_due

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    subscription.refresh_from_db()
    assert subscription.last_status == "new" and subscription.imported_count == 2
    assert Article.objects.count() == 2

    # Later, the periodic task finds it due again; the worker's poll costs one 304.
    FeedSubscription.objects.filter(pk=subscription.pk).update(next_poll_at=timezone.now())
    feeds_poll_due.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    subscription.refresh_from_db()
    assert subscription.last_status == "not_modified" and subscription.poll_count == 2
    assert [h.get("if-none-match") for h in feed_server.requests_to()] == [None, '"v1"']
    statuses = DBTaskResult.objects.values_list("task_path", "status")
    assert sorted(statuses) == [
        ("articles.tasks.feed_poll", "SUCCESSFUL"),
        ("articles.tasks.feed_poll", "SUCCESSFUL"),
        ("articles.tasks.feeds_poll_due", "SUCCESSFUL"),
    ]


def test_polling_a_subscription_that_was_deleted_does_nothing():
    assert subscription_poll(subscription_id=987654) is None
