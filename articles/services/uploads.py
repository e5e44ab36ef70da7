"""Uploads from the workbench: files kept between the preview and the confirmed import.

An admin uploads files, sees a dry-run preview, then confirms. The files wait in the
database (ImportFile) in between, so the task worker can read them wherever it runs.
`upload_store` keeps them under a fresh key, `upload_confirm` turns the key into a
pending ImportBatch and queues the import, and `import_batch_run` (the task's body)
imports the batch's files and then drops their bytes. Unconfirmed uploads are removed
after a day.
"""

import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles.models import ImportBatch, ImportFile
from articles.services.errors import ServiceError
from articles.services.imports import import_files

UNCONFIRMED_UPLOAD_LIFETIME = timedelta(days=1)


@transaction.atomic
def upload_store(*, files: list[tuple[str, bytes]], user, format: str = "auto") -> uuid.UUID:
    """Keep uploaded `files` until they are confirmed; return the key that names them."""
    ImportFile.objects.filter(batch__isnull=True, created_at__lt=timezone.now() - UNCONFIRMED_UPLOAD_LIFETIME).delete()
    key = uuid.uuid4()
    ImportFile.objects.bulk_create(
        ImportFile(upload_key=key, uploaded_by=user, name=name[:500], format=format, data=data, size=len(data))
        for name, data in files
    )
    return key


@transaction.atomic
def upload_confirm(*, upload_key: uuid.UUID, user) -> ImportBatch:
    """Turn a previewed upload into a pending ImportBatch and queue its import.

    Only the admin who uploaded the files can confirm them, and only once; the task is
    queued in the same transaction, so a batch never waits for a task that was lost.
    """
    from articles.tasks import import_upload  # the task module imports this one

    files = list(
        ImportFile.objects.select_for_update().filter(upload_key=upload_key, uploaded_by=user, batch__isnull=True)
    )
    if not files:
        raise ServiceError("These files were already imported, or the upload expired. Please upload them again.")
    batch = ImportBatch.objects.create(
        created_by=user, origin="upload", file_names=[file.name for file in files], status=ImportBatch.Status.PENDING
    )
    ImportFile.objects.filter(pk__in=[file.pk for file in files]).update(batch=batch)
    import_upload.enqueue(batch.pk)
    return batch


def import_batch_run(*, batch_id: int) -> ImportBatch:
    """Import the files of a confirmed upload into its batch, then drop their bytes.

    A batch that already finished is left alone, so a task that runs twice imports once.
    """
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status == ImportBatch.Status.DONE:
        return batch
    stored = list(batch.files.order_by("pk"))
    files = [(file.name, bytes(file.data)) for file in stored]
    format = stored[0].format if stored else "auto"
    batch = import_files(files=files, format=format, batch=batch)
    batch.files.all().delete()
    return batch
