"""Background tasks (django.tasks): thin wrappers that take primary keys and call services."""

from django.tasks import task

from articles.services.subscription_poll import subscription_poll
from articles.services.subscriptions import subscriptions_poll_due
from articles.services.uploads import import_batch_run


@task()
def import_upload(batch_id: int) -> dict:
    """Import the files of a confirmed upload; the batch page shows the progress."""
    batch = import_batch_run(batch_id=batch_id)
    return {
        "batch": batch.pk,
        "created": batch.created_count,
        "unchanged": batch.unchanged_count,
        "failed": batch.failed_count,
    }


@task()
def feeds_poll_due() -> dict:
    """Queue a poll of every feed subscription that is due (run every minute; see articles.periodic)."""
    return {"queued": subscriptions_poll_due()}


@task()
def feed_poll(subscription_id: int) -> dict:
    """Poll one feed subscription: fetch it, import its new entries, schedule the next poll."""
    poll = subscription_poll(subscription_id=subscription_id)
    if poll is None:
        return {"subscription": subscription_id, "outcome": "skipped"}
    return {
        "subscription": subscription_id,
        "outcome": poll.outcome,
        "created": poll.created_count,
        "unchanged": poll.unchanged_count,
        "failed": poll.failed_count,
    }
