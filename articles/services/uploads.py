"""Uploads from the workbench: a preview read in the background, then a confirmed import.

An admin uploads files; `upload_store` keeps them in the database as an ImportBatch in
the "previewing" state and queues `upload_preview_run`, which reads them and records
what importing would do (the dry run) with progress on the batch. The admin looks at
the preview on the batch's page and confirms (`upload_confirm`), which queues the
import itself. The files wait in the database, so the web server and the workers need
no shared disk; a preview nobody confirms is removed after a day.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles.models import ImportBatch
from articles.services.errors import ServiceError
from articles.services.imports import batch_create, batch_enqueue, batch_read

UNCONFIRMED_UPLOAD_LIFETIME = timedelta(days=1)
_PROGRESS_EVERY_SECONDS = 0.5


def upload_store(*, files: list[tuple[str, bytes]], user, format: str = "auto", outlet: str = "") -> ImportBatch:
    """Keep uploaded `files` as a batch being previewed, and queue the preview."""
    from articles.tasks import upload_preview  # the task module imports this one

    with transaction.atomic():
        batch = batch_create(
            files=files, user=user, format=format, outlet=outlet, origin="upload", status=ImportBatch.Status.PREVIEWING
        )
        transaction.on_commit(lambda: upload_preview.enqueue(batch.pk))
    return batch


def upload_preview_run(*, batch_id: int) -> ImportBatch | None:
    """Read a previewing batch's files and record the dry run on it, writing no article.

    Progress (items read of items found) is saved as it goes. An upload with nothing to
    import keeps no bytes. Running it again redoes the preview; a batch past the
    preview is left alone.
    """
    from articles.services.import_preview import import_preview, preview_to_json

    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.PREVIEWING).first()
    if batch is None:
        return None
    items = batch_read(batch)
    ImportBatch.objects.filter(pk=batch_id).update(total=len(items), processed=0, heartbeat_at=timezone.now())
    last = [timezone.now()]

    def progress(done: int, total: int) -> None:
        now = timezone.now()
        if (now - last[0]).total_seconds() >= _PROGRESS_EVERY_SECONDS:
            ImportBatch.objects.filter(pk=batch_id).update(processed=done, heartbeat_at=now)
            last[0] = now

    preview = import_preview(items, file_names=batch.file_names, progress=progress)
    with transaction.atomic():
        updated = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.PREVIEWING).update(
            status=ImportBatch.Status.PREVIEWED,
            preview=preview_to_json(preview),
            processed=len(items),
            created_count=preview.created_count,
            unchanged_count=preview.unchanged_count,
            failed_count=preview.failed_count,
            heartbeat_at=timezone.now(),
        )
        if updated and not preview.created_count:
            batch.files.all().delete()  # nothing will be imported: the bytes are not needed
    batch.refresh_from_db()
    return batch


@transaction.atomic
def upload_confirm(*, batch_id: int, user) -> ImportBatch:
    """Start importing a previewed upload: the batch becomes pending and its import is queued.

    Only the admin who uploaded the files can confirm them, and only once.
    """
    batch = ImportBatch.objects.select_for_update().filter(pk=batch_id, created_by=user).first()
    if batch is None or batch.status != ImportBatch.Status.PREVIEWED or not batch.files.exists():
        raise ServiceError("These files were already imported, or the upload expired. Please upload them again.")
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.PENDING,
        total=0,
        processed=0,
        created_count=0,
        unchanged_count=0,
        failed_count=0,
        heartbeat_at=timezone.now(),
    )
    batch_enqueue(batch)
    batch.refresh_from_db()
    return batch
