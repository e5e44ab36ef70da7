"""One poll of a feed subscription: fetch, import what is new, schedule the next poll.

The poll claims its subscription first (a lease in `claimed_until`), so two workers never
poll the same feed at once; a worker that dies mid-poll leaves a lease that simply runs
out. The fetch is a conditional GET (ETag, Last-Modified) outside any transaction. Each new
entry is stored by the importer (`article_import`) together with its FeedEntry, in one
transaction, so an entry is remembered exactly when its article is stored; a poll that
stops half-way is finished by the next one, which recognises what was already stored.

Scheduling: after a poll that read the feed (200) or was told it had not changed (304), the
next poll is one interval later (±5%, so feeds added together drift apart) and the failure
count goes back to 0. After a failure it waits interval × 2^(failures − 1), at most
BACKOFF_CAP (or the interval, if longer), ±10%, and at least what a 429 or 503 asked for in
Retry-After (up to RETRY_AFTER_CAP). A 410 Gone pauses the subscription.
"""

import hashlib
import logging
import random
import time
from dataclasses import dataclass, field, replace
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.utils import timezone

from articles.ingest import ArticleRecord, ItemError, content_hash
from articles.ingest.encoding import binary_kind
from articles.ingest.feeds import parse_feed
from articles.ingest.fetch import FetchError, FetchResult, fetch
from articles.ingest.records import Rejected
from articles.models import Article, FeedEntry, FeedPoll, FeedSubscription
from articles.services.errors import ServiceError
from articles.services.imports import CREATED, article_import

logger = logging.getLogger(__name__)

# Longer than any poll takes (the fetch is bounded by FEEDS_FETCH_TIMEOUT, the import by
# MAX_NEW_ENTRIES_PER_POLL); a poll outliving it is still safe, only wasteful.
LEASE = timedelta(minutes=10)
BACKOFF_CAP = timedelta(hours=12)
RETRY_AFTER_CAP = timedelta(days=1)
# A feed's first poll may bring an archive of thousands of entries; they are imported this
# many at a time, a minute apart, so one poll never holds a worker for long.
MAX_NEW_ENTRIES_PER_POLL = 100
MORE_ENTRIES_DELAY = timedelta(minutes=1)
POLLS_KEPT = 100  # per subscription; older poll records are deleted
NO_ENTRIES = "the feed has no entries"  # parse_feed's reason for a valid feed without entries
FEED_NAME = "feed"  # how the parser names the document in its messages ("feed entry 3: …")

Outcome = FeedSubscription.Outcome


@dataclass
class _Result:
    outcome: str = Outcome.FAILED
    error: str = ""
    http_status: int | None = None
    bytes_read: int = 0
    created: int = 0
    unchanged: int = 0
    failed: int = 0
    notes: list[str] = field(default_factory=list)
    fetched: FetchResult | None = None
    digest: str = ""
    feed_title: str = ""
    more_waiting: bool = False
    retry_after: int | None = None
    gone: bool = False


def subscription_poll(*, subscription_id: int) -> FeedPoll | None:
    """Poll one subscription now and record the poll; None when there was nothing to do.

    Nothing to do: the subscription is paused or gone, or another worker is polling it.
    Never raises for anything the feed or its server does; their problems become the
    poll's error and the subscription's `last_error`.
    """
    subscription = _claim(subscription_id)
    if subscription is None:
        return None
    started, clock = timezone.now(), time.monotonic()
    try:
        result = _poll(subscription)
    except Exception:
        logger.exception("polling feed subscription %s (%s) failed", subscription.pk, subscription.url)
        result = _Result(error="an unexpected error stopped this poll; the details are in the server log")
    return _finish(subscription, result, started, duration_ms=round(1000 * (time.monotonic() - clock)))


def backoff_delay(failures: int, interval: timedelta) -> timedelta:
    """How long to wait after `failures` failed polls in a row (failures ≥ 1), with jitter."""
    grown = interval * 2 ** min(max(failures - 1, 0), 16)
    return min(grown, max(BACKOFF_CAP, interval)) * random.uniform(0.9, 1.1)


def allowed_networks() -> tuple[str, ...]:
    return tuple(settings.FEEDS_ALLOW_NETWORKS)


def _claim(subscription_id: int) -> FeedSubscription | None:
    now = timezone.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    claimed = FeedSubscription.objects.filter(free, pk=subscription_id, active=True).update(claimed_until=now + LEASE)
    if not claimed:
        return None
    return FeedSubscription.objects.select_related("outlet").get(pk=subscription_id)


def _poll(subscription: FeedSubscription) -> _Result:
    result = _Result()
    try:
        fetched = fetch(
            subscription.url,
            etag=subscription.etag,
            last_modified=subscription.last_modified,
            timeout=settings.FEEDS_FETCH_TIMEOUT,
            max_bytes=settings.FEEDS_MAX_BYTES,
            allow_networks=allowed_networks(),
            user_agent=_user_agent(),
        )
    except FetchError as error:
        result.error, result.http_status, result.retry_after = error.message, error.status, error.retry_after
        result.gone = error.permanent
        return result
    result.fetched, result.http_status, result.bytes_read = fetched, fetched.status, len(fetched.body)
    if fetched.moved_to:
        result.notes.append(f"The feed has moved permanently to {fetched.moved_to}; edit the address to use it.")
    if fetched.status == 304:
        result.outcome = Outcome.NOT_MODIFIED
        return result
    result.digest = hashlib.sha256(fetched.body).hexdigest()
    if result.digest == subscription.content_hash:
        result.outcome = Outcome.NO_NEW_ENTRIES
        result.notes.append("The feed is exactly as it was at the last poll.")
        return result
    if not fetched.body.strip():
        result.error = "the server sent an empty answer instead of the feed"
        return result
    try:
        items = parse_feed(FEED_NAME, fetched.body)
    except Rejected as problem:
        if problem.reason == NO_ENTRIES:  # a valid feed, empty for now (a new section, say)
            result.outcome = Outcome.NO_NEW_ENTRIES
            result.notes.append("The feed has no entries at the moment.")
        else:
            result.error = _unreadable(problem.reason, fetched)
        return result
    records = [item for item in items if isinstance(item, ArticleRecord)]
    for item in items:
        if isinstance(item, ItemError):
            result.failed += 1
            result.notes.append(f"{_entry_name(item.locator)}: {item.reason}")
    result.feed_title = records[0].outlet if records else ""
    _import_new(subscription, records, result)
    result.outcome = Outcome.NEW_ENTRIES if result.created else Outcome.NO_NEW_ENTRIES
    return result


def _import_new(subscription: FeedSubscription, records: list[ArticleRecord], result: _Result) -> None:
    """Import the entries this subscription has not seen, at most MAX_NEW_ENTRIES_PER_POLL."""
    keyed = {}
    for record in records:
        keyed.setdefault(entry_key(record), record)  # a feed listing an entry twice imports it once
    known = set(subscription.entries.filter(key__in=list(keyed)).values_list("key", flat=True))
    new = [(key, record) for key, record in keyed.items() if key not in known]
    result.unchanged += len(keyed) - len(new)
    if len(new) > MAX_NEW_ENTRIES_PER_POLL:
        result.more_waiting = True
        result.notes.append(
            f"{len(new) - MAX_NEW_ENTRIES_PER_POLL:,} more new entries will be imported at the next poll, in a minute."
        )
        new = new[:MAX_NEW_ENTRIES_PER_POLL]
    # An entry at an address already stored (from an upload, another feed, or an earlier
    # version of this entry) is that article: publishers edit entries, but stored texts
    # never change, so it is remembered rather than reported as a conflict at every poll.
    urls = [record.url for _key, record in new if record.url]
    stored = {url: pk for pk, url in Article.objects.filter(url__in=urls).values_list("pk", "url")} if urls else {}
    outlet = subscription.outlet.name if subscription.outlet_id else None
    for key, record in new:
        if outlet:
            record = replace(record, outlet=outlet)
        try:
            with transaction.atomic():
                if record.url in stored:
                    article_id, created = stored[record.url], False
                else:
                    outcome = article_import(record=record)
                    article_id, created = outcome.article.pk, outcome.status == CREATED
                FeedEntry.objects.create(
                    subscription=subscription, key=key, guid=record.guid, article_id=article_id, created=created
                )
        except ServiceError as error:
            reason = error.message
        except DatabaseError:
            logger.exception("could not store %s of feed subscription %s", record.locator, subscription.pk)
            reason = "the database refused it; it will be tried again"
        except Exception:
            # One poisonous entry must not stop the entries after it, at this poll or the next.
            logger.exception("unexpected error importing %s of feed subscription %s", record.locator, subscription.pk)
            reason = "an unexpected error stopped it; nothing of it was kept"
        else:
            if created:
                result.created += 1
            else:
                result.unchanged += 1
            continue
        result.failed += 1
        result.notes.append(f"{_entry_name(record.locator)}: {reason}")


def entry_key(record: ArticleRecord) -> str:
    """What identifies a feed entry across polls: its guid, else its link, else its text."""
    if record.guid:
        basis = "guid:" + record.guid
    elif record.url:
        basis = "url:" + record.url.strip()
    else:
        basis = "text:" + content_hash(record.body)
    return hashlib.sha256(basis.encode()).hexdigest()


def _finish(subscription: FeedSubscription, result: _Result, started, *, duration_ms: int) -> FeedPoll | None:
    interval = timedelta(minutes=subscription.interval_minutes)
    now = timezone.now()
    fields = {"claimed_until": None, "last_polled_at": started, "last_status": result.outcome}
    if result.outcome == Outcome.FAILED:
        failures = subscription.consecutive_failures + 1
        delay = backoff_delay(failures, interval)
        if result.retry_after:
            delay = max(delay, min(timedelta(seconds=result.retry_after), RETRY_AFTER_CAP))
        error = sentence(result.error)
        if result.gone:
            fields["active"] = False
            error += " Polling is paused; resume it once the address is fixed."
        fields.update(consecutive_failures=failures, last_error=error, next_poll_at=now + delay)
    else:
        fields.update(
            consecutive_failures=0,
            last_error="",
            last_success_at=started,
            imported_count=F("imported_count") + result.created,
            next_poll_at=now + (MORE_ENTRIES_DELAY if result.more_waiting else interval * random.uniform(0.95, 1.05)),
        )
        if result.fetched is not None and result.fetched.status == 200:
            # With entries still waiting, forget the validators: the next poll must read the feed.
            waiting = result.more_waiting
            fields.update(
                etag="" if waiting else result.fetched.etag,
                last_modified="" if waiting else result.fetched.last_modified,
                content_hash="" if waiting else result.digest,
            )
            if result.feed_title:
                fields["feed_title"] = result.feed_title[:300]
    with transaction.atomic():
        # Only if it is still the feed that was polled: an admin may have changed the address
        # or deleted the subscription meanwhile (then only the lease is released).
        updated = FeedSubscription.objects.filter(pk=subscription.pk, url=subscription.url).update(
            poll_count=F("poll_count") + 1, **fields
        )
        if not updated:
            FeedSubscription.objects.filter(pk=subscription.pk).update(claimed_until=None)
            return None
        poll = FeedPoll.objects.create(
            subscription=subscription,
            started_at=started,
            duration_ms=duration_ms,
            outcome=result.outcome,
            http_status=result.http_status,
            bytes_read=result.bytes_read,
            created_count=result.created,
            unchanged_count=result.unchanged,
            failed_count=result.failed,
            error=sentence(result.error) if result.error else "",
            notes=result.notes[:200],
        )
        _prune_polls(subscription)
    return poll


def _prune_polls(subscription: FeedSubscription) -> None:
    oldest_kept = subscription.polls.order_by("-id").values_list("id", flat=True)[POLLS_KEPT - 1 : POLLS_KEPT]
    if oldest_kept:
        subscription.polls.filter(id__lt=oldest_kept[0]).delete()


def _unreadable(reason: str, fetched: FetchResult) -> str:
    looks_like_html = fetched.body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html"))
    if fetched.content_type in ("text/html", "application/xhtml+xml") or looks_like_html:
        return (
            "the address returned a web page (HTML), not an RSS or Atom feed; use the address of the feed "
            "itself, which the page may link to as “RSS”"
        )
    kind = binary_kind(fetched.body)
    if kind:
        return f"the address returned {kind}, not an RSS or Atom feed"
    start = fetched.body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start and not start.startswith(b"<"):
        preview = " ".join(start[:40].decode("utf-8", "replace").split())
        return f"the address returned something that is not XML (it begins “{preview}”), not an RSS or Atom feed"
    return f"the feed could not be read: {reason.replace('the file is', 'the document is')}"


def _entry_name(locator: str) -> str:
    """ "feed entry 3" (the parser's locator) as "Entry 3"; "feed" (the whole document) as "The feed"."""
    if locator == FEED_NAME:
        return "The feed"
    return locator.removeprefix(f"{FEED_NAME} ").capitalize()


def _user_agent() -> str:
    site = settings.SITE_URL.encode("ascii", "ignore").decode()
    return f"FactCheckWorkbench-FeedPoller/1.0 (+{site})"


def sentence(text: str) -> str:
    """`text` as a sentence: a capital first letter and one full stop."""
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "." if text else ""
