"""Background tasks (django.tasks): thin wrappers that take primary keys and call services.

Every task here may run twice, late, or on another machine than the one that queued it:
the services skip what is already done. A task that raises is retried with backoff up
to a limit (`factcheck.taskengine.retrying`): by the engine itself where it can, by
re-enqueueing otherwise.
"""

from django.tasks import task

from articles.models import Article
from articles.services import imports, uploads
from articles.services.extraction import article_extract
from articles.services.publishing import factchecks_release_due
from articles.services.subscription_poll import subscription_poll
from articles.services.subscriptions import subscriptions_poll_due
from factcheck.taskengine import retrying


@task(takes_context=True)
@retrying
def import_batch(context, batch_id: int) -> dict:
    """Read a confirmed batch's files into items, then queue a chunk task per range of items."""
    ranges = imports.batch_plan(batch_id=batch_id)
    imports.chunks_enqueue(batch_id, ranges)
    return {"batch": batch_id, "chunks": len(ranges)}


@task(takes_context=True)
@retrying
def import_chunk(context, batch_id: int, start: int, end: int) -> dict:
    """Store the batch's pending items at positions [start, end)."""
    handled = imports.batch_chunk_import(batch_id=batch_id, start=start, end=end)
    return {"batch": batch_id, "start": start, "end": end, "handled": handled}


@task(takes_context=True)
@retrying
def upload_preview(context, batch_id: int) -> dict:
    """Read an uploaded batch's files and record what importing them would do."""
    batch = uploads.upload_preview_run(batch_id=batch_id)
    return {"batch": batch_id, "items": batch.total if batch else 0}


@task(takes_context=True)
@retrying
def extract_article(context, article_id: int) -> dict:
    """Run quote extraction (again) for one article, keeping what editors worked on."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return {"article": article_id, "quotes": 0}
    return {"article": article_id, "quotes": len(article_extract(article=article))}


@task(takes_context=True)
@retrying
def imports_sweep(context) -> dict:
    """Periodic: pick up batches whose worker died, finish what is done, drop unneeded files."""
    from factcheck.taskengine import engine_recover_stalled

    return {**imports.imports_sweep(), "stalled_tasks": engine_recover_stalled()}


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


@task()
def factchecks_go_live() -> dict:
    """Mark scheduled fact-checks whose time has come as published (periodic; idempotent)."""
    return {"released": factchecks_release_due()}
