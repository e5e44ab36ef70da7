"""Bringing articles in: one article at a time, or whole uploads recorded as ImportBatches.

`article_import` stores one parsed record with its Outlet, its Sources and its extracted
quotes, all or nothing. It never overwrites: the same article again (same address, or the
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
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from articles.ingest import ArticleRecord, ItemError, SourceRecord, content_hash, parse_upload
from articles.ingest.limits import MAX_ARCHIVE_BYTES, MAX_FILE_BYTES
from articles.models import Article, ImportBatch, Outlet, Source
from articles.services.errors import ServiceError
from articles.services.extraction import article_extract
from articles.services.outlets import outlet_get_or_create

if TYPE_CHECKING:
    from articles.services.import_preview import ImportPreview

logger = logging.getLogger(__name__)

CREATED = "created"
UNCHANGED = "unchanged"
FAILED = "failed"
_PROGRESS_EVERY_SECONDS = 0.25
# One byte more than the largest acceptable upload (a zip archive): enough to refuse a file.
READ_LIMIT = MAX_ARCHIVE_BYTES + 1
_TOO_LARGE = (
    f"the file is larger than {MAX_ARCHIVE_BYTES // 2**20} MB, the limit for a zip archive "
    f"({MAX_FILE_BYTES // 2**20} MB for any other file)"
)
_http_url = URLValidator(schemes=["http", "https"])


class ImportConflict(ServiceError):
    """A different text arrived at an address already imported; nothing was overwritten."""


@dataclass(frozen=True)
class ImportOutcome:
    status: str  # CREATED or UNCHANGED
    article: Article


# ---- One article -------------------------------------------------------------------------


@transaction.atomic
def article_import(*, record: ArticleRecord, batch: ImportBatch | None = None) -> ImportOutcome:
    """Store `record` as an Article with its Outlet, Sources and quotes, or find it stored.

    Returns CREATED or UNCHANGED. Raises ServiceError when the record cannot be stored
    (no title, a malformed address) and ImportConflict when its address is known with a
    different text; either way nothing is written.
    """
    record_validate(record)
    digest = content_hash(record.body)
    url = record.url.strip() or None
    known = _known_article(url, digest)
    if known is not None:
        return ImportOutcome(UNCHANGED, known)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=record.title.strip(),
                url=url,
                outlet=outlet_get_or_create(name=record.outlet),
                byline=record.byline.strip(),
                published_at=record.published_at,
                body=record.body,
                content_hash=digest,
                headings=[list(span) for span in record.headings],
                import_batch=batch,
            )
    except IntegrityError:
        # Someone imported the same article between our look-up and our insert.
        known = _known_article(url, digest)
        if known is None:
            raise
        return ImportOutcome(UNCHANGED, known)
    sources = [source_get_or_create(record=source) for source in record.sources]
    if sources:
        article.sources.add(*sources)
    article_extract(article=article)
    return ImportOutcome(CREATED, article)


def _known_article(url: str | None, digest: str) -> Article | None:
    """The stored copy of this article (same address or same text), or None."""
    same = Q(content_hash=digest) | Q(url=url) if url else Q(content_hash=digest)
    matches = list(Article.objects.filter(same).order_by())  # at most two: unique url, unique hash
    at_url = next((article for article in matches if url and article.url == url), None)
    if at_url is not None and at_url.content_hash != digest:
        raise ImportConflict(conflict_message(url, at_url))
    return at_url or next((article for article in matches if article.content_hash == digest), None)


def conflict_message(url: str, known: Article) -> str:
    return (
        f"an article at {url} was already imported (#{known.pk}, “{known.title}”) with a different text; "
        "it was not overwritten, because quotes and fact-checks point into the stored text"
    )


def record_validate(record: ArticleRecord) -> None:
    """Refuse records the database would refuse, with the reason in words."""
    if not record.title.strip():
        raise ServiceError("the article has no title")
    if not record.body.strip():
        raise ServiceError("the article has no text")
    for name in ("title", "url", "byline"):
        limit = Article._meta.get_field(name).max_length
        if len(getattr(record, name)) > limit:
            raise ServiceError(f"the {name} is longer than {limit} characters")
    if record.outlet and len(record.outlet) > Outlet._meta.get_field("name").max_length:
        raise ServiceError("the outlet name is too long")
    if record.url.strip() and not _is_web_address(record.url.strip()):
        raise ServiceError(f"the url “{record.url[:200]}” is not a web address (http:// or https://)")
    if record.published_at is not None and timezone.is_naive(record.published_at):
        raise ServiceError("the publication date has no time zone")
    for start, end in record.headings:
        if not 0 <= start < end <= len(record.body):
            raise ServiceError("a section heading lies outside the text")


def source_get_or_create(*, record: SourceRecord) -> Source:
    """The Source for a cited document: by its URL, or by outlet and title when it has none."""
    outlet = outlet_get_or_create(name=record.outlet)
    title = " ".join(record.title.split())[: Source._meta.get_field("title").max_length] or "(untitled)"
    url = record.url.strip()
    if url and (len(url) > Source._meta.get_field("url").max_length or not _is_web_address(url)):
        url = ""  # an unusable address is dropped; the headline still identifies the source
    # Without an address, a source is known by where it appeared and its headline
    # (`outlet=None` matches no outlet).
    lookup = {"url": url} if url else {"url": "", "outlet": outlet, "title": title}
    found = Source.objects.filter(**lookup).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Source.objects.create(
                **{"outlet": outlet, "title": title, "published_on": record.published, **lookup}
            )
    except IntegrityError:
        found = Source.objects.filter(**lookup).first()
        if found is None:
            raise
        return found


def _is_web_address(url: str) -> bool:
    try:
        _http_url(url)
    except ValidationError:
        return False
    return True


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
