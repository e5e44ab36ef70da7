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
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from articles.ingest import ArticleRecord, ItemError, SourceRecord, content_hash, parse_upload
from articles.models import Article, ImportBatch, Outlet, Source
from articles.services.errors import ServiceError
from articles.services.extraction import article_extract, quotes_find

logger = logging.getLogger(__name__)

CREATED = "created"
UNCHANGED = "unchanged"
FAILED = "failed"
_PROGRESS_EVERY_SECONDS = 0.25
_LOOKUP_CHUNK = 500
_http_url = URLValidator(schemes=["http", "https"])


class ImportConflict(ServiceError):
    """A different text arrived at an address already imported; nothing was overwritten."""


@dataclass(frozen=True)
class ImportOutcome:
    status: str  # CREATED or UNCHANGED
    article: Article


@dataclass
class PreviewItem:
    """What importing one item would do, for the dry-run preview."""

    item: str
    title: str = ""
    outlet: str = ""
    published_at: datetime | None = None
    quotes: int = 0
    duplicates: list[str] = field(default_factory=list)
    error: str = ""
    action: str = CREATED  # CREATED, UNCHANGED or FAILED


@dataclass
class ImportPreview:
    """The dry run of an upload: one PreviewItem per article or unreadable item."""

    file_names: list[str]
    items: list[PreviewItem]

    def count(self, action: str) -> int:
        return sum(1 for item in self.items if item.action == action)

    @property
    def created_count(self) -> int:
        return self.count(CREATED)

    @property
    def unchanged_count(self) -> int:
        return self.count(UNCHANGED)

    @property
    def failed_count(self) -> int:
        return self.count(FAILED)

    @property
    def errors(self) -> list[dict]:
        return [{"item": item.item, "reason": item.error} for item in self.items if item.error]


# ---- One article -------------------------------------------------------------------------


@transaction.atomic
def article_import(*, record: ArticleRecord, batch: ImportBatch | None = None) -> ImportOutcome:
    """Store `record` as an Article with its Outlet, Sources and quotes, or find it stored.

    Returns CREATED or UNCHANGED. Raises ServiceError when the record cannot be stored
    (no title, a malformed address) and ImportConflict when its address is known with a
    different text; either way nothing is written.
    """
    _check(record)
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
    if url:
        known = Article.objects.filter(url=url).first()
        if known is not None:
            if known.content_hash != digest:
                raise ImportConflict(_conflict_message(url, known))
            return known
    return Article.objects.filter(content_hash=digest).first()


def _conflict_message(url: str, known: Article) -> str:
    return (
        f"an article at {url} was already imported (#{known.pk}, “{known.title}”) with a different text; "
        "it was not overwritten, because quotes and fact-checks point into the stored text"
    )


def _check(record: ArticleRecord) -> None:
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


def outlet_get_or_create(*, name: str) -> Outlet | None:
    """The outlet called `name` (case-insensitively), created when new; None for no name."""
    name = " ".join(name.split())
    if not name:
        return None
    outlet = Outlet.objects.filter(name__iexact=name).first()
    if outlet is not None:
        return outlet
    try:
        with transaction.atomic():
            return Outlet.objects.create(name=name, slug=_free_outlet_slug(name))
    except IntegrityError:
        outlet = Outlet.objects.filter(name__iexact=name).first()
        if outlet is None:
            raise
        return outlet


def _free_outlet_slug(name: str) -> str:
    base = (slugify(name) or "outlet")[:190]
    taken = set(Outlet.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


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
) -> ImportBatch | ImportPreview:
    """Import every article in `files` ((name, bytes) pairs; zips are expanded).

    Records an ImportBatch (or fills in `batch`, created beforehand for an upload) with
    created, unchanged and failed counts and one {"item", "reason"} per failed item,
    saving progress as it goes. `progress(processed, total)` is called after each item.
    With `dry_run`, writes nothing and returns an ImportPreview.
    """
    items = read_files(files, format=format)
    if dry_run:
        return import_preview(items, file_names=[name for name, _ in files])
    if batch is None:
        batch = ImportBatch.objects.create(created_by=user, origin=origin, file_names=[name for name, _ in files])
    return _run(batch, items, progress)


def read_files(files: Iterable[tuple[str, bytes]], *, format: str = "auto") -> list[ArticleRecord | ItemError]:
    """Parse each file (expanding zips) into records and per-item errors, in file order."""
    items: list[ArticleRecord | ItemError] = []
    for name, data in files:
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
                batch.errors.append({"item": _locator(item), "reason": reason})
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


def _locator(item) -> str:
    return item.locator or "(unnamed item)"


def _save_progress(batch: ImportBatch, *, final: bool = False) -> None:
    fields = ["status", "total", "processed", "created_count", "unchanged_count", "failed_count", "errors"]
    if final:
        fields.append("finished_at")
    batch.save(update_fields=fields)


# ---- Dry run -----------------------------------------------------------------------------


def import_preview(items: list[ArticleRecord | ItemError], *, file_names: list[str]) -> ImportPreview:
    """What `import_files` would do with `items`, reading the database but writing nothing."""
    records = [item for item in items if isinstance(item, ArticleRecord)]
    digests = {id(record): content_hash(record.body) for record in records}
    by_url, by_hash, by_title = _existing_lookups(records, digests)
    seen_urls: dict[str, tuple[str, str]] = {}
    seen_hashes: dict[str, str] = {}
    preview = []
    for item in items:
        if isinstance(item, ItemError):
            preview.append(PreviewItem(item=_locator(item), error=item.reason, action=FAILED))
            continue
        entry = PreviewItem(item=_locator(item), title=item.title, outlet=item.outlet, published_at=item.published_at)
        preview.append(entry)
        digest, url = digests[id(item)], item.url.strip()
        try:
            _check(item)
        except ServiceError as error:
            entry.error, entry.action = error.message, FAILED
            continue
        known = by_url.get(url) if url else None
        if known is not None and known.content_hash != digest:
            entry.error, entry.action = _conflict_message(url, known), FAILED
            continue
        if url in seen_urls and seen_urls[url][1] != digest:
            entry.error = f"{seen_urls[url][0]} in this upload has the same address with a different text"
            entry.action = FAILED
            continue
        known = known or by_hash.get(digest)
        if known is not None:
            entry.action = UNCHANGED
            entry.duplicates.append(f"#{known.pk} “{known.title}”; it will be left unchanged")
        elif url in seen_urls or digest in seen_hashes:
            entry.action = UNCHANGED
            earlier = seen_urls[url][0] if url in seen_urls else seen_hashes[digest]
            entry.duplicates.append(f"repeats {earlier} in this upload; it will be imported once")
        else:
            for same in by_title.get(item.title.strip().casefold(), []):
                entry.duplicates.append(
                    f"same title as #{same.pk} “{same.title}”"
                    + (f" ({same.url})" if same.url else "")
                    + "; check it is not the same story"
                )
        if url:
            seen_urls.setdefault(url, (entry.item, digest))
        seen_hashes.setdefault(digest, entry.item)
        try:
            entry.quotes = len(quotes_find(body=item.body, headings=item.headings))
        except Exception:
            logger.exception("quote extraction failed in the preview of %s", entry.item)
    return ImportPreview(file_names=file_names, items=preview)


def _existing_lookups(records: list[ArticleRecord], digests: dict[int, str]):
    urls = sorted({record.url.strip() for record in records if record.url.strip()})
    hashes = sorted(set(digests.values()))
    titles = sorted({record.title.strip().casefold() for record in records if record.title.strip()})
    columns = ["pk", "title", "url", "content_hash"]
    by_url, by_hash, by_title = {}, {}, {}
    for chunk in _chunks(urls):
        by_url.update((article.url, article) for article in Article.objects.filter(url__in=chunk).only(*columns))
    for chunk in _chunks(hashes):
        by_hash.update(
            (article.content_hash, article) for article in Article.objects.filter(content_hash__in=chunk).only(*columns)
        )
    for chunk in _chunks(titles):
        for article in Article.objects.annotate(title_key=Lower("title")).filter(title_key__in=chunk).only(*columns):
            by_title.setdefault(article.title.strip().casefold(), []).append(article)
    return by_url, by_hash, by_title


def _chunks(values: list, size: int = _LOOKUP_CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]
