"""Background tasks (django.tasks): thin wrappers that take primary keys and call services."""

from django.tasks import task

from articles.services.publishing import factchecks_release_due
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
def factchecks_go_live() -> dict:
    """Mark scheduled fact-checks whose time has come as published (periodic; idempotent)."""
    return {"released": factchecks_release_due()}
