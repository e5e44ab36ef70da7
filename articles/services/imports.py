"""Bringing articles in: one article at a time, or whole uploads recorded as ImportBatches.

`article_import` stores one parsed record with its Outlet, its Sources and its extracted
quotes, all or nothing, as a chunk of one (`bulk_import.articles_import_chunk`, which
stores whole chunks the same way). It never overwrites: the same article again (same address, or the
same normalised text) is "unchanged", and a different text at an address already
imported is refused with a message, because quote offsets and fact-checks point into the
stored body.

A batch is imported in three steps that the task workers can run anywhere, any number
of times, in any order, and survive being killed in: `batch_plan` reads the batch's
files into one ImportItem per article (and drops the files), `batch_chunk_import` stores
the pending items of a range of positions, and `batch_refresh` recomputes the counts
from the items and finishes the batch when none is pending. `imports_sweep` picks up
batches that stopped making progress (a worker died) and enqueues their work again.
`import_files` runs the same steps in-process for the command line, or returns a
dry-run preview.
"""

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from articles.ingest import ArticleRecord, ItemError, SourceRecord, parse_upload
from articles.ingest.limits import MAX_ARCHIVE_BYTES, MAX_FILE_BYTES
from articles.models import ImportBatch, ImportFile, ImportItem
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
from articles.services.bulk_sql import rows_update

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

# A worker killed on an item leaves its attempt counted; past this many the item is the
# likely cause (a poison item) and is recorded as failed so the batch can finish.
MAX_ITEM_ATTEMPTS = 4
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


# ---- Batches: plan, chunks, refresh -----------------------------------------------------


def chunk_size() -> int:
    return settings.IMPORT_CHUNK_SIZE


def lease() -> timedelta:
    """How long a batch may show no progress before its work is taken to be lost."""
    return timedelta(seconds=settings.IMPORT_LEASE_SECONDS)


def batch_create(
    *,
    files: list[tuple[str, bytes]],
    user=None,
    format: str = "auto",
    origin: str = "command",
    outlet: str = "",
    status: str = ImportBatch.Status.PENDING,
) -> ImportBatch:
    """A new ImportBatch holding `files` in the database, so any worker can read them."""
    key = uuid.uuid4()
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            created_by=user,
            origin=origin,
            format=format,
            outlet=" ".join(outlet.split())[: ImportBatch._meta.get_field("outlet").max_length],
            file_names=[name for name, _ in files],
            status=status,
            heartbeat_at=timezone.now(),
        )
        ImportFile.objects.bulk_create(
            ImportFile(
                batch=batch, upload_key=key, uploaded_by=user, name=name[:500], format=format, data=data, size=len(data)
            )
            for name, data in files
        )
    return batch


def batch_files(batch: ImportBatch) -> list[tuple[str, bytes]]:
    return [(file.name, bytes(file.data)) for file in batch.files.order_by("pk")]


def batch_read(batch: ImportBatch, files: list[tuple[str, bytes]] | None = None) -> list[ArticleRecord | ItemError]:
    """The batch's items, parsed from its files, with the outlet given at upload filled in."""
    items = read_files(batch_files(batch) if files is None else files, format=batch.format)
    if batch.outlet:
        items = [
            replace(item, outlet=batch.outlet) if isinstance(item, ArticleRecord) and not item.outlet else item
            for item in items
        ]
    return items


def batch_plan(*, batch_id: int, files: list[tuple[str, bytes]] | None = None) -> list[tuple[int, int]]:
    """Read a pending batch's files into ImportItems and start it; return its chunks' position ranges.

    The items, the deleted file bytes and the RUNNING status commit together, so a
    worker killed here leaves the batch pending with its files, to be planned again. A
    batch that is already running gets the ranges that still have pending items (a
    re-delivered task). `files` lets the command line plan from memory.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.status not in (ImportBatch.Status.PENDING, ImportBatch.Status.RUNNING):
            return []
        if batch.status == ImportBatch.Status.PENDING:
            items = batch_read(batch, files)
            ImportItem.objects.bulk_create(
                (_item_for(batch, position, item) for position, item in enumerate(items)), batch_size=200
            )
            batch.files.all().delete()  # parsed into the items: the bytes are no longer needed
            now = timezone.now()
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.RUNNING, total=len(items), started_at=now, heartbeat_at=now
            )
    batch_refresh(batch_id=batch_id)
    return pending_ranges(batch_id)


def _item_for(batch: ImportBatch, position: int, item: ArticleRecord | ItemError) -> ImportItem:
    locator = item_locator(item)[:500]
    if isinstance(item, ItemError):
        return ImportItem(batch=batch, position=position, locator=locator, status=FAILED, error=item.reason)
    return ImportItem(batch=batch, position=position, locator=locator, record=record_to_json(item))


def pending_ranges(batch_id: int) -> list[tuple[int, int]]:
    """[start, end) position ranges, one per chunk, that hold pending items."""
    size = chunk_size()
    positions = ImportItem.objects.filter(batch_id=batch_id, status=ImportItem.Status.PENDING).values_list(
        "position", flat=True
    )
    starts = sorted({position // size * size for position in positions})
    return [(start, start + size) for start in starts]


def batch_chunk_import(*, batch_id: int, start: int, end: int) -> int:
    """Store the batch's pending items with positions in [start, end); return how many were handled.

    First try: the whole chunk in one transaction, each article all or nothing inside it
    (`articles_import_chunk`), so a worker killed mid-chunk leaves every item pending.
    Items tried before (the worker died, or the database went away) go one at a time,
    each attempt counted first, so an item that keeps killing its worker is recorded as
    failed after MAX_ITEM_ATTEMPTS and the rest of the batch goes on. Items another
    worker is storing right now are skipped, not waited for.
    """
    if not ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.RUNNING).exists():
        return 0
    pending = ImportItem.objects.filter(
        batch_id=batch_id, position__gte=start, position__lt=end, status=ImportItem.Status.PENDING
    )
    items = list(pending.order_by("position").values_list("pk", "attempts"))
    handled = 0
    if items and all(attempts == 0 for _, attempts in items):
        pending.update(attempts=F("attempts") + 1)
        _beat(batch_id)
        handled += _store(batch_id, [pk for pk, _ in items])
    else:
        for pk, attempts in items:
            if attempts >= MAX_ITEM_ATTEMPTS:
                handled += ImportItem.objects.filter(pk=pk, status=ImportItem.Status.PENDING).update(
                    status=FAILED,
                    record=None,
                    error=f"importing this item stopped the worker {attempts} times; it was skipped",
                    updated_at=timezone.now(),
                )
                continue
            ImportItem.objects.filter(pk=pk, status=ImportItem.Status.PENDING).update(attempts=F("attempts") + 1)
            _beat(batch_id)
            handled += _store(batch_id, [pk])
    batch_refresh(batch_id=batch_id)
    return handled


def _store(batch_id: int, pks: list[int]) -> int:
    with transaction.atomic():
        items = list(
            ImportItem.objects.select_for_update(skip_locked=True)
            .filter(pk__in=pks, status=ImportItem.Status.PENDING)
            .order_by("position")
        )
        if not items:
            return 0
        batch = ImportBatch.objects.get(pk=batch_id)
        outcomes = articles_import_chunk(records=[record_from_json(item.record) for item in items], batch=batch)
        now = timezone.now()
        # One statement: bulk_update's CASE per field and row cost more than storing the articles.
        rows_update(
            ImportItem,
            fields=["status", "article", "error", "updated_at"],
            rows=[
                (item.pk, outcome.status, outcome.article.pk if outcome.article else None, outcome.error, now)
                for item, outcome in zip(items, outcomes, strict=True)
            ],
            assignments="status = v.status, article_id = v.article_id, error = v.error, record = NULL, "
            "updated_at = v.updated_at",
        )
    return len(items)


def _beat(batch_id: int) -> None:
    ImportBatch.objects.filter(pk=batch_id).update(heartbeat_at=timezone.now())


def batch_refresh(*, batch_id: int) -> None:
    """Recompute the batch's counts from its items; finish it when none is pending.

    Runs after a chunk commits, never inside it: of two chunks finishing at once, the
    one that commits last then sees no pending item, so the batch always finishes.
    """
    counts = dict(ImportItem.objects.filter(batch_id=batch_id).values_list("status").annotate(n=Count("pk")).order_by())
    pending = counts.get(ImportItem.Status.PENDING, 0)
    total = sum(counts.values())
    now = timezone.now()
    ImportBatch.objects.filter(pk=batch_id).update(
        processed=total - pending,
        created_count=counts.get(CREATED, 0),
        unchanged_count=counts.get(UNCHANGED, 0),
        failed_count=counts.get(FAILED, 0),
        heartbeat_at=now,
    )
    if not pending:
        ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.RUNNING).update(
            status=ImportBatch.Status.DONE, finished_at=now
        )


def batch_enqueue(batch: ImportBatch) -> None:
    """Queue the batch's first step once the transaction that made it commits."""
    from articles.tasks import import_batch  # the task module imports this one

    transaction.on_commit(lambda: import_batch.enqueue(batch.pk))


def chunks_enqueue(batch_id: int, ranges: list[tuple[int, int]]) -> None:
    from articles.tasks import import_chunk

    for start, end in ranges:
        import_chunk.enqueue(batch_id, start, end)


# ---- The command line: the same steps, in this process -----------------------------------


def import_files(
    *,
    files: list[tuple[str, bytes]],
    user=None,
    format: str = "auto",
    dry_run: bool = False,
    origin: str = "command",
    outlet: str = "",
    progress: Callable[[ImportBatch], None] | None = None,
) -> "ImportBatch | ImportPreview":
    """Import every article in `files` ((name, bytes) pairs; zips are expanded), here and now.

    Records an ImportBatch with one ImportItem per article or unreadable item, and
    returns it finished. `progress(batch)` is called once the files are read and after
    each chunk, with the batch's counts up to date. With
    `dry_run`, writes nothing and returns an ImportPreview.
    """
    if dry_run:
        from articles.services.import_preview import import_preview  # it builds on this module

        batch = ImportBatch(format=format, outlet=outlet)
        return import_preview(batch_read(batch, files), file_names=[name for name, _ in files])
    batch = ImportBatch.objects.create(
        created_by=user, origin=origin, format=format, outlet=outlet, file_names=[name for name, _ in files]
    )

    def report() -> None:
        if progress is not None:
            batch.refresh_from_db()
            progress(batch)

    ranges = batch_plan(batch_id=batch.pk, files=files)
    report()
    for start, end in ranges:
        batch_chunk_import(batch_id=batch.pk, start=start, end=end)
        report()
    batch.refresh_from_db()
    return batch


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


def item_locator(item) -> str:
    return item.locator or "(unnamed item)"


# ---- Records as JSON, between the plan and the chunks ------------------------------------


def record_to_json(record: ArticleRecord) -> dict:
    data = asdict(record)
    data["published_at"] = record.published_at.isoformat() if record.published_at else None
    for source in data["sources"]:
        source["published"] = source["published"].isoformat() if source["published"] else None
    return data


def record_from_json(data: dict) -> ArticleRecord:
    sources = tuple(
        SourceRecord(
            **{**source, "published": date.fromisoformat(source["published"]) if source["published"] else None}
        )
        for source in data["sources"]
    )
    return ArticleRecord(
        **{
            **data,
            "published_at": datetime.fromisoformat(data["published_at"]) if data["published_at"] else None,
            "sources": sources,
            "headings": tuple(tuple(span) for span in data["headings"]),
        }
    )


# ---- Keeping batches moving -------------------------------------------------------------


def imports_sweep() -> dict[str, int]:
    """Re-enqueue the work of batches that stopped making progress, and drop files no one needs.

    A batch that has shown no sign of life for longer than the lease lost its worker (or
    its task): a pending batch is planned again, a running one gets a chunk task for
    each range with pending items, a preview is read again. A running batch with nothing
    pending is finished. Idempotent: the steps it enqueues skip what is already done.
    """
    from articles.tasks import import_batch, upload_preview  # the task module imports this one

    now = timezone.now()
    stale = Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - lease())
    report = {"planned": 0, "chunks": 0, "previews": 0, "finished": 0, "files_deleted": 0}
    for batch_id in ImportBatch.objects.filter(stale, status=ImportBatch.Status.RUNNING).values_list("pk", flat=True):
        ranges = pending_ranges(batch_id)
        _beat(batch_id)  # the next sweep waits a whole lease for these to show progress
        if ranges:
            chunks_enqueue(batch_id, ranges)
            report["chunks"] += len(ranges)
        else:
            batch_refresh(batch_id=batch_id)
            report["finished"] += 1
    for status, task, key in (
        (ImportBatch.Status.PENDING, import_batch, "planned"),
        (ImportBatch.Status.PREVIEWING, upload_preview, "previews"),
    ):
        for batch_id in ImportBatch.objects.filter(stale, status=status).values_list("pk", flat=True):
            _beat(batch_id)
            task.enqueue(batch_id)
            report[key] += 1
    report["files_deleted"] = files_prune(now=now)
    return report


def files_prune(*, now=None) -> int:
    """Delete uploaded bytes no batch needs: finished batches', and previews left unconfirmed."""
    from articles.services.uploads import UNCONFIRMED_UPLOAD_LIFETIME

    now = now or timezone.now()
    expired = ImportBatch.objects.filter(
        status__in=[ImportBatch.Status.PREVIEWED, ImportBatch.Status.PREVIEWING],
        created_at__lt=now - UNCONFIRMED_UPLOAD_LIFETIME,
    )
    deleted, _ = ImportFile.objects.filter(
        Q(batch__status__in=[ImportBatch.Status.DONE, ImportBatch.Status.FAILED])
        | Q(batch__in=expired)
        | Q(batch__isnull=True, created_at__lt=now - UNCONFIRMED_UPLOAD_LIFETIME)
    ).delete()
    expired.delete()
    return deleted
