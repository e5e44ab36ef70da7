"""Feed subscriptions: outlets' RSS and Atom feeds that the task workers poll on schedule.

An admin subscribes to a feed (`subscription_create`), edits, pauses or resumes it, or asks
for a poll now. The periodic task `feeds_poll_due` (articles.periodic) calls
`subscriptions_poll_due` every minute, which queues one `feed_poll` task per subscription
whose time has come; that task calls `subscription_poll` (articles.services.subscription_poll),
which fetches the feed, imports its new entries and schedules the next poll.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.ingest.fetch import FetchError, check_address, forbidden_reason
from articles.models import FEED_INTERVAL_MAX_MINUTES, FEED_INTERVAL_MIN_MINUTES, FeedSubscription
from articles.services.errors import ServiceError
from articles.services.outlets import outlet_get_or_create
from articles.services.subscription_poll import LEASE, allowed_networks, sentence

# How many subscriptions one run of the due task queues; the rest wait for the next run.
DUE_PER_RUN = 500


def subscriptions_poll_due(*, limit: int = DUE_PER_RUN) -> list[int]:
    """Queue a poll for every active subscription whose next poll has come; return their ids.

    Safe to run on several workers at once: the due rows are locked (rows another run has
    locked are skipped) and their next poll is moved a lease ahead in the same transaction,
    so each is queued once. If a queued poll is lost (a worker killed, the broker down), the
    subscription falls due again when the lease runs out.
    """
    from articles.tasks import feed_poll  # the task module imports the services

    with transaction.atomic():
        due = FeedSubscription.objects.due().order_by("next_poll_at", "pk").select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        FeedSubscription.objects.filter(pk__in=ids).update(next_poll_at=timezone.now() + LEASE)
    for pk in ids:
        feed_poll.enqueue(pk)
    return ids


@transaction.atomic
def subscription_create(
    *, url: str, outlet_name: str = "", interval_minutes: int = 15, title: str = "", user=None
) -> FeedSubscription:
    """Subscribe to the feed at `url`; its first poll is queued at once.

    Raises ServiceError for an address that cannot be polled or is already subscribed.
    """
    url = subscription_url_check(url=url)
    subscription = FeedSubscription.objects.create(
        url=url,
        title=title.strip(),
        outlet=outlet_get_or_create(name=outlet_name),
        interval_minutes=_interval(interval_minutes),
        created_by=user,
        next_poll_at=timezone.now(),
    )
    _queue_poll(subscription)
    return subscription


@transaction.atomic
def subscription_update(
    *, subscription: FeedSubscription, url: str, outlet_name: str = "", interval_minutes: int, title: str = ""
) -> FeedSubscription:
    """Change a subscription's address, outlet, interval or title.

    A new address starts afresh: its validators and failures are forgotten and it is polled
    at once. A shorter interval brings the next poll forward.
    """
    subscription = FeedSubscription.objects.select_for_update().get(pk=subscription.pk)
    url = subscription_url_check(url=url, exclude=subscription.pk)
    now = timezone.now()
    new_address = url != subscription.url
    subscription.url = url
    subscription.title = title.strip()
    subscription.outlet = outlet_get_or_create(name=outlet_name)
    subscription.interval_minutes = _interval(interval_minutes)
    if new_address:
        subscription.etag = subscription.last_modified = subscription.content_hash = ""
        subscription.consecutive_failures = 0
        subscription.last_error = ""
        subscription.next_poll_at = now
    elif subscription.last_polled_at and not subscription.is_failing:
        sooner = subscription.last_polled_at + timedelta(minutes=subscription.interval_minutes)
        subscription.next_poll_at = min(subscription.next_poll_at, max(sooner, now))
    subscription.save()
    if new_address and subscription.active:
        _queue_poll(subscription)
    return subscription


@transaction.atomic
def subscription_pause(*, subscription: FeedSubscription) -> FeedSubscription:
    """Stop polling a subscription; what it imported stays."""
    FeedSubscription.objects.filter(pk=subscription.pk).update(active=False)
    subscription.refresh_from_db()
    return subscription


@transaction.atomic
def subscription_resume(*, subscription: FeedSubscription) -> FeedSubscription:
    """Poll a paused subscription again, starting now, with its failure count cleared."""
    FeedSubscription.objects.filter(pk=subscription.pk).update(
        active=True, next_poll_at=timezone.now(), consecutive_failures=0
    )
    subscription.refresh_from_db()
    _queue_poll(subscription)
    return subscription


@transaction.atomic
def subscription_poll_now(*, subscription: FeedSubscription) -> FeedSubscription:
    """Queue a poll of `subscription` now, whatever its schedule (and however long it has failed).

    Raises ServiceError when it is paused or a poll of it is running already.
    """
    subscription = FeedSubscription.objects.select_for_update().get(pk=subscription.pk)
    if not subscription.active:
        raise ServiceError("This feed is paused. Resume it to poll it again.")
    if subscription.is_polling:
        raise ServiceError("This feed is being polled right now; the result will show here in a moment.")
    subscription.next_poll_at = timezone.now()
    subscription.save(update_fields=["next_poll_at"])
    _queue_poll(subscription)
    return subscription


def subscription_url_check(*, url: str, exclude: int | None = None) -> str:
    """The address, trimmed, or ServiceError saying why it cannot be subscribed to.

    Refused: an address already subscribed (but for subscription `exclude`, being edited),
    and one that cannot be polled. Host names are resolved and checked at every poll (what
    a name points to can change); here only what the address itself shows is refused:
    other schemes, and this machine or private networks typed as numbers or "localhost".
    """
    url = (url or "").strip()
    if not url:
        raise ServiceError("Give the feed’s address (https://…).")
    if len(url) > FeedSubscription._meta.get_field("url").max_length:
        raise ServiceError("The address is longer than 1,000 characters.")
    try:
        _scheme, host, _port = check_address(url)
        reason = forbidden_reason("127.0.0.1" if host.lower() == "localhost" else host, allowed_networks())
    except FetchError as error:
        raise ServiceError(sentence(error.message)) from None
    except ValueError:
        reason = None  # a host name, not an address: checked when polled
    if reason:
        raise ServiceError(f"This address points to {reason}. Only feeds on the public internet can be polled.")
    same = FeedSubscription.objects.filter(Q(url=url) | Q(url=url.rstrip("/")) | Q(url=url.rstrip("/") + "/"))
    if exclude is not None:
        same = same.exclude(pk=exclude)
    existing = same.first()
    if existing is not None:
        raise ServiceError(f"This feed is already subscribed to as “{existing.name}”.")
    return url


def _interval(minutes) -> int:
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        raise ServiceError("The interval must be a number of minutes.") from None
    if not FEED_INTERVAL_MIN_MINUTES <= minutes <= FEED_INTERVAL_MAX_MINUTES:
        raise ServiceError(
            f"Poll every {FEED_INTERVAL_MIN_MINUTES} to {FEED_INTERVAL_MAX_MINUTES} minutes (a day); "
            "publishers block feed readers that ask more often."
        )
    return minutes


def _queue_poll(subscription: FeedSubscription) -> None:
    from articles.tasks import feed_poll  # the task module imports the services

    pk = subscription.pk
    # After the commit, so that the worker sees the row (and an immediate backend does not
    # fetch a feed inside this transaction). Lost, it is still due: the periodic task polls it.
    transaction.on_commit(lambda: feed_poll.enqueue(pk))
