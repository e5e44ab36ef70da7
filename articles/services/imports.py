"""Bringing articles in: one article at a time, or whole uploads recorded as ImportBatches.

`article_import` stores one parsed record with its Outlet, its Sources and its extracted
quotes, all or nothing, as a chunk of one (`bulk_import.articles_import_chunk`, which
stores whole chunks the same way). It never overwrites: the same article again (same address, or the
same normalised text) is "unchanged", and a different text at an address already
imported is refused with a message, because quote offsets and fact-checks point into the
stored body. `import_files` parses uploaded files, imports each article in its own
transaction so one bad item neither leaves partial rows nor stops the others, and keeps
the ImportBatch's counts, per-item errors and progress up to date. With `dry_run` it
writes nothing and returns a preview of what would happen instead.
"""

import logging
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.db import DatabaseError
from django.utils import timezone

from articles.ingest import ArticleRecord, ItemError, parse_upload
from articles.ingest.limits import MAX_ARCHIVE_BYTES, MAX_FILE_BYTES
from articles.models import ImportBatch
from articles.services.bulk_import import (
    CREATED,
    FAILED,
    UNCHANGED,
    ChunkOutcome,
    ImportConflict,
    articles_import_chunk,
    conflict_message,
    record_validate,
)
from articles.services.errors import ServiceError

if TYPE_CHECKING:
    from articles.services.import_preview import ImportPreview

# The outcomes and the checks of a single record live with the chunk import; they are
# named here too because callers of `article_import` and the preview use them.
__all__ = [
    "CREATED",
    "FAILED",
    "UNCHANGED",
    "ImportConflict",
    "article_import",
    "conflict_message",
    "import_files",
    "item_locator",
    "read_files",
    "record_validate",
]

logger = logging.getLogger(__name__)

_PROGRESS_EVERY_SECONDS = 0.25
# One byte more than the largest acceptable upload (a zip archive): enough to refuse a file.
READ_LIMIT = MAX_ARCHIVE_BYTES + 1
_TOO_LARGE = (
    f"the file is larger than {MAX_ARCHIVE_BYTES // 2**20} MB, the limit for a zip archive "
    f"({MAX_FILE_BYTES // 2**20} MB for any other file)"
)


# ---- One article -------------------------------------------------------------------------


def article_import(*, record: ArticleRecord, batch: ImportBatch | None = None) -> ChunkOutcome:
    """Store `record` as an Article with its Outlet, Sources and quotes, or find it stored.

    A chunk of one (`articles_import_chunk`), so a single article and a batch are stored
    the same way. Returns CREATED or UNCHANGED. Raises ServiceError when the record
    cannot be stored (no title, a malformed address), ImportConflict when its address is
    known with a different text, and the database's error when it refused a row; either
    way nothing is written.
    """
    (outcome,) = articles_import_chunk(records=[record], batch=batch)
    if outcome.status == FAILED:
        raise outcome.exception
    return outcome


# ---- Uploads and batches -----------------------------------------------------------------


def import_files(
    *,
    files: list[tuple[str, bytes]],
    user=None,
    format: str = "auto",
    dry_run: bool = False,
    origin: str = "command",
    progress: Callable[[int, int], None] | None = None,
    batch: ImportBatch | None = None,
) -> "ImportBatch | ImportPreview":
    """Import every article in `files` ((name, bytes) pairs; zips are expanded).

    Records an ImportBatch (or fills in `batch`, created beforehand for an upload) with
    created, unchanged and failed counts and one {"item", "reason"} per failed item,
    saving progress as it goes. `progress(processed, total)` is called after each item.
    With `dry_run`, writes nothing and returns an ImportPreview.
    """
    items = read_files(files, format=format)
    if dry_run:
        from articles.services.import_preview import import_preview  # it builds on this module

        return import_preview(items, file_names=[name for name, _ in files])
    if batch is None:
        batch = ImportBatch.objects.create(created_by=user, origin=origin, file_names=[name for name, _ in files])
    return _run(batch, items, progress)


def read_files(files: Iterable[tuple[str, bytes]], *, format: str = "auto") -> list[ArticleRecord | ItemError]:
    """Parse each file (expanding zips) into records and per-item errors, in file order.

    Callers need read no more than READ_LIMIT bytes of a file: anything longer is refused
    here without being parsed (no upload can be that large).
    """
    items: list[ArticleRecord | ItemError] = []
    for name, data in files:
        if len(data) >= READ_LIMIT:
            items.append(ItemError(name, _TOO_LARGE))
        else:
            items.extend(parse_upload(name, data, format=format))
    return items


def _run(batch: ImportBatch, items: list, progress) -> ImportBatch:
    batch.status = ImportBatch.Status.RUNNING
    batch.total, batch.processed = len(items), 0
    batch.created_count = batch.unchanged_count = batch.failed_count = 0
    batch.errors = []
    _save_progress(batch)
    last_saved = time.monotonic()
    try:
        for item in items:
            status, reason = _import_item(item, batch)
            if status == CREATED:
                batch.created_count += 1
            elif status == UNCHANGED:
                batch.unchanged_count += 1
            else:
                batch.failed_count += 1
                batch.errors.append({"item": item_locator(item), "reason": reason})
            batch.processed += 1
            if time.monotonic() - last_saved >= _PROGRESS_EVERY_SECONDS:
                _save_progress(batch)
                last_saved = time.monotonic()
            if progress is not None:
                progress(batch.processed, batch.total)
    except BaseException:
        batch.status = ImportBatch.Status.FAILED
        batch.finished_at = timezone.now()
        batch.errors.append({"item": "(import)", "reason": "the import stopped unexpectedly; see the server log"})
        _save_progress(batch, final=True)
        raise
    batch.status = ImportBatch.Status.DONE
    batch.finished_at = timezone.now()
    _save_progress(batch, final=True)
    return batch


def _import_item(item: ArticleRecord | ItemError, batch: ImportBatch) -> tuple[str, str]:
    if isinstance(item, ItemError):
        return FAILED, item.reason
    try:
        outcome = article_import(record=item, batch=batch)
    except ServiceError as error:
        return FAILED, error.message
    except DatabaseError:
        logger.exception("could not store %s", item.locator)
        return FAILED, "the article could not be saved (the database refused it); nothing of it was kept"
    except Exception:
        logger.exception("unexpected error importing %s", item.locator)
        return FAILED, "an unexpected error stopped this article; nothing of it was kept"
    return outcome.status, ""


def item_locator(item) -> str:
    return item.locator or "(unnamed item)"


def _save_progress(batch: ImportBatch, *, final: bool = False) -> None:
    fields = ["status", "total", "processed", "created_count", "unchanged_count", "failed_count", "errors"]
    if final:
        fields.append("finished_at")
    batch.save(update_fields=fields)
