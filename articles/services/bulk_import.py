"""Storing a chunk of parsed articles in a constant number of queries, each article still all or nothing.

`articles_import_chunk` is the one way articles are stored: a whole chunk from a batch,
or the single record of `article_import`. It works in three steps:

1. In Python and with one query: refuse records the database would refuse (with the
   reason in words), find those already stored (same address or same normalised text,
   "unchanged"), refuse a different text at a known address ("not overwritten", since
   quotes and fact-checks point into the stored body), and run the extraction engine
   on the rest. Nothing is written, no lock is held, while the engine runs.
2. In one transaction: outlets, articles, sources, speakers, claims and quotes for the
   whole chunk, each with a bulk insert, and the look-ups for the whole chunk at once.
3. If that transaction fails (a bad row, a deadlock, another import storing the same
   article first), the chunk is stored again article by article, each in its own
   transaction, so the one bad article is reported and the others are kept.
"""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from articles.extraction import ExtractedQuote
from articles.ingest import ArticleRecord, SourceRecord, content_hash
from articles.models import Article, ImportBatch, Outlet, Source
from articles.services import extraction
from articles.services.bulk_sql import rows_insert
from articles.services.errors import ServiceError
from articles.services.outlets import outlets_get_or_create

logger = logging.getLogger(__name__)

CREATED = "created"
UNCHANGED = "unchanged"
FAILED = "failed"
_http_url = URLValidator(schemes=["http", "https"])
_REFUSED = "the article could not be saved (the database refused it); nothing of it was kept"
_UNEXPECTED = "an unexpected error stopped this article; nothing of it was kept"
_EXTRACTED, _FAILED_EXTRACTION = Article.ExtractionStatus.DONE, Article.ExtractionStatus.FAILED


class ImportConflict(ServiceError):
    """A different text arrived at an address already imported; nothing was overwritten."""


@dataclass(frozen=True)
class ChunkOutcome:
    """What became of one record: created, unchanged or failed, with the article or a readable error."""

    status: str  # CREATED, UNCHANGED or FAILED
    article: Article | None = None
    error: str = ""
    # What stopped a failed record, for callers that raise it (`article_import`).
    exception: Exception | None = field(default=None, repr=False, compare=False)


@dataclass(eq=False)
class _Plan:
    index: int
    record: ArticleRecord
    digest: str
    url: str | None
    found: list[ExtractedQuote] | None = None  # None: the engine failed on this article
    repeats: "_Plan | None" = None  # an earlier record of the chunk with this text or address


def articles_import_chunk(*, records: list[ArticleRecord], batch: ImportBatch | None = None) -> list[ChunkOutcome]:
    """Store `records` as Articles with their Outlets, Sources, Speakers, Claims and quotes.

    Returns one ChunkOutcome per record, in order. A record is CREATED, UNCHANGED (the
    same address or text is stored already, or repeats an earlier record of the chunk),
    or FAILED with the reason; a failed record leaves no row behind and never stops the
    others. Claims group across the chunk's articles and those stored before exactly as
    importing the records one by one would. Do not call it inside a transaction of your
    own when the chunk holds many records: a failed chunk write is retried article by
    article, and an outer transaction would keep locks for longer.
    """
    outcomes: list[ChunkOutcome | None] = [None] * len(records)
    plans = []
    for index, record in enumerate(records):
        try:
            record_validate(record)
        except ServiceError as error:
            outcomes[index] = _failed(error)
        else:
            plans.append(_Plan(index, record, content_hash(record.body), record.url.strip() or None))
    new = _match_stored(plans, outcomes)
    for plan in new:
        plan.found = _extract(plan.record)
    if len(new) == 1:
        _store_one(new[0], outcomes, batch)
    elif new:
        _store_chunk(new, outcomes, batch)
    for plan in plans:
        if outcomes[plan.index] is None:
            outcomes[plan.index] = _repeat_outcome(plan, outcomes[plan.repeats.index])
    return outcomes


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


def conflict_message(url: str, known: Article) -> str:
    return (
        f"an article at {url} was already imported (#{known.pk}, “{known.title}”) with a different text; "
        "it was not overwritten, because quotes and fact-checks point into the stored text"
    )


def _is_web_address(url: str) -> bool:
    try:
        _http_url(url)
    except ValidationError:
        return False
    return True


def _failed(error: Exception, message: str | None = None) -> ChunkOutcome:
    return ChunkOutcome(FAILED, error=message or getattr(error, "message", "") or str(error), exception=error)


# ---- Step 1: what is stored already, and what the engine finds -----------------------------


def _match_stored(plans: list[_Plan], outcomes: list) -> list[_Plan]:
    """Settle the records already stored (one query); return those to create, in order.

    A record repeating an earlier one of the chunk gets `repeats` and waits for that
    one's outcome.
    """
    digests = {plan.digest for plan in plans}
    urls = {plan.url for plan in plans if plan.url}
    stored = Article.objects.filter(Q(content_hash__in=digests) | Q(url__in=urls)).defer("body", "headings")
    by_url, by_hash = {}, {}
    for article in stored.order_by():
        by_hash[article.content_hash] = article
        if article.url:
            by_url[article.url] = article
    seen_urls: dict[str, _Plan] = {}
    seen_hashes: dict[str, _Plan] = {}
    new = []
    for plan in plans:
        at_url = by_url.get(plan.url) if plan.url else None
        if at_url is not None and at_url.content_hash != plan.digest:
            outcomes[plan.index] = _failed(ImportConflict(conflict_message(plan.url, at_url)))
        elif (known := at_url or by_hash.get(plan.digest)) is not None:
            outcomes[plan.index] = ChunkOutcome(UNCHANGED, known)
        elif (earlier := seen_urls.get(plan.url) or seen_hashes.get(plan.digest)) is not None:
            plan.repeats = earlier
        else:
            new.append(plan)
            seen_hashes[plan.digest] = plan
            if plan.url:
                seen_urls[plan.url] = plan
    return new


def _repeat_outcome(plan: _Plan, earlier: ChunkOutcome) -> ChunkOutcome:
    if earlier.status == FAILED:
        return _failed(ServiceError(f"it repeats {_locator(plan.repeats)}, which could not be imported"))
    if plan.url and plan.url == plan.repeats.url and plan.digest != plan.repeats.digest:
        return _failed(ImportConflict(conflict_message(plan.url, earlier.article)))
    return ChunkOutcome(UNCHANGED, earlier.article)


def _locator(plan: _Plan) -> str:
    return plan.record.locator or f"item {plan.index + 1} of this chunk"


def _extract(record: ArticleRecord) -> list[ExtractedQuote] | None:
    """The engine's quotes, or None when it fails: the article is then stored as "Extraction failed"."""
    try:
        return extraction.quotes_find(body=record.body, headings=record.headings)
    except Exception:
        logger.exception("quote extraction failed for %s", record.locator or record.title[:80])
        return None


# ---- Steps 2 and 3: writing -----------------------------------------------------------------


def _store_chunk(plans: list[_Plan], outcomes: list, batch: ImportBatch | None) -> None:
    try:
        with transaction.atomic():
            articles = _write(plans, batch)
    except Exception:
        if _connection_lost():
            raise  # nothing an article did: let the task fail and be retried
        logger.warning("storing a chunk of %d articles failed; storing them one by one", len(plans), exc_info=True)
    else:
        for plan, article in zip(plans, articles, strict=True):
            outcomes[plan.index] = ChunkOutcome(CREATED, article)
        return
    # Another import may have stored some of them meanwhile: they are unchanged now.
    for plan in _match_stored(plans, outcomes):
        _store_one(plan, outcomes, batch)


def _store_one(plan: _Plan, outcomes: list, batch: ImportBatch | None) -> None:
    try:
        with transaction.atomic():
            (article,) = _write([plan], batch)
    except DatabaseError as error:
        if _connection_lost():
            raise
        if not _match_stored([plan], outcomes):
            return  # another import stored the same article first: it is unchanged (or a conflict)
        logger.exception("could not store %s", plan.record.locator)
        outcomes[plan.index] = _failed(error, _REFUSED)
    except Exception as error:
        logger.exception("unexpected error storing %s", plan.record.locator)
        outcomes[plan.index] = _failed(error, _UNEXPECTED)
    else:
        outcomes[plan.index] = ChunkOutcome(CREATED, article)


def _connection_lost() -> bool:
    return connection.connection is None or not connection.is_usable()


def _write(plans: list[_Plan], batch: ImportBatch | None) -> list[Article]:
    """Insert the articles of `plans` with everything they bring, in bulk; return them in order."""
    now = timezone.now()
    cited = [source for plan in plans for source in plan.record.sources]
    outlets = outlets_get_or_create(names=[plan.record.outlet for plan in plans] + [s.outlet for s in cited])
    rows = [
        {
            "title": plan.record.title.strip(),
            "url": plan.url,
            "outlet_id": outlet.pk if (outlet := outlets.get(_clean(plan.record.outlet))) else None,
            "byline": plan.record.byline.strip(),
            "published_at": plan.record.published_at,
            "body": plan.record.body,
            "content_hash": plan.digest,
            "headings": [list(span) for span in plan.record.headings],
            "import_batch_id": batch.pk if batch else None,
            "extraction_status": Article.ExtractionStatus.FAILED
            if plan.found is None
            else Article.ExtractionStatus.DONE,
            "extracted_at": now,
            "imported_at": now,
        }
        for plan in plans
    ]
    articles = [
        _stored(Article(id=pk, **row)) for row, pk in zip(rows, rows_insert(Article, rows, ids=True), strict=True)
    ]
    if cited:
        sources = sources_get_or_create(records=cited, outlets=outlets)
        links = {
            (article.pk, sources[_source_key(source, outlets)].pk)
            for plan, article in zip(plans, articles, strict=True)
            for source in plan.record.sources
        }
        Link = Article.sources.through
        Link.objects.bulk_create([Link(article_id=article_id, source_id=source_id) for article_id, source_id in links])
    extraction.quotes_store(
        extracted=[(article, plan.found) for plan, article in zip(plans, articles, strict=True) if plan.found],
        new=True,
    )
    return articles


def _stored(obj):
    """`obj`, built from a row just inserted, marked as a saved row of the default database."""
    obj._state.adding, obj._state.db = False, connection.alias
    return obj


def sources_get_or_create(*, records: list[SourceRecord], outlets: dict[str, Outlet]) -> dict[tuple, Source]:
    """The Source of each cited document, created when new: {lookup key: Source}, in three queries.

    A source is known by its URL, or, without a usable one, by where it appeared and its
    headline. `outlets` must hold the records' outlets (`outlets_get_or_create`).
    """
    wanted = {_source_key(record, outlets): record for record in records}
    found = _sources_keyed(wanted)
    missing = [key for key in wanted if key not in found]
    if missing:
        Source.objects.bulk_create(
            [
                Source(
                    url=key[1] if key[0] == "url" else "",
                    outlet=outlets.get(_clean(wanted[key].outlet)),
                    title=_source_title(wanted[key]),
                    published_on=wanted[key].published,
                )
                for key in sorted(missing, key=repr)
            ],
            ignore_conflicts=True,  # another import created it meanwhile: read back below
        )
        found |= _sources_keyed({key: wanted[key] for key in missing})
    return found


def _source_key(record: SourceRecord, outlets: dict[str, Outlet]) -> tuple:
    url = record.url.strip()
    if url and len(url) <= Source._meta.get_field("url").max_length and _is_web_address(url):
        return ("url", url)
    # An unusable address is dropped; the headline still identifies the source.
    outlet = outlets.get(_clean(record.outlet))
    return ("title", outlet.pk if outlet else None, _source_title(record))


def _source_title(record: SourceRecord) -> str:
    return " ".join(record.title.split())[: Source._meta.get_field("title").max_length] or "(untitled)"


def _sources_keyed(wanted: dict[tuple, SourceRecord]) -> dict[tuple, Source]:
    urls = {key[1] for key in wanted if key[0] == "url"}
    titles = {key[2] for key in wanted if key[0] == "title"}
    query = Q(url__in=urls) | Q(url="", title__in=titles)  # titles are narrowed to their outlets below
    found = {}
    for source in Source.objects.filter(query):
        key = ("url", source.url) if source.url else ("title", source.outlet_id, source.title)
        if key in wanted:
            found[key] = source
    return found


def _clean(name: str | None) -> str:
    return " ".join((name or "").split())
