"""The dry run of an upload: what importing it would do, reading the database but writing nothing.

Each item gets its title, outlet, date, the quotes the engine would find with their
speakers, and what would happen to it: created, left unchanged (the same address or text is
already stored, or repeats an earlier item of the same upload), or refused with the
reason. Articles with the same title are named as possible duplicates.
"""

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.db.models.functions import Lower

from articles.extraction.models import DESCRIPTION
from articles.ingest import ArticleRecord, ItemError, content_hash
from articles.models import Article
from articles.services.errors import ServiceError
from articles.services.extraction import quotes_find
from articles.services.imports import (
    CREATED,
    FAILED,
    UNCHANGED,
    conflict_message,
    item_locator,
    record_validate,
)

logger = logging.getLogger(__name__)

_LOOKUP_CHUNK = 500
# The preview lists a sample of each article's quotes; the count is always complete.
QUOTES_SHOWN = 12
_QUOTE_CHARS = 240


@dataclass
class PreviewQuote:
    """One quotation the engine would store, as the preview shows it."""

    text: str
    speaker: str = ""
    role: str = ""
    unnamed: bool = False


@dataclass
class PreviewItem:
    """What importing one item would do, for the dry-run preview."""

    item: str
    title: str = ""
    outlet: str = ""
    published_at: datetime | None = None
    quotes: int = 0
    sample: list[PreviewQuote] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
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

    @property
    def quote_count(self) -> int:
        return sum(item.quotes for item in self.items if item.action == CREATED)

    @property
    def speakers(self) -> list[str]:
        """Everyone quoted in the articles that would be imported, most quoted first."""
        counts: dict[str, int] = {}
        for item in self.items:
            if item.action == CREATED:
                for quote in item.sample:
                    if quote.speaker and not quote.unnamed:
                        counts[quote.speaker] = counts.get(quote.speaker, 0) + 1
                for name in item.speakers:
                    counts.setdefault(name, 0)
        return sorted(counts, key=lambda name: (-counts[name], name))


def preview_to_json(preview: ImportPreview) -> dict:
    data = asdict(preview)
    for item in data["items"]:
        item["published_at"] = item["published_at"].isoformat() if item["published_at"] else None
    return data


def preview_from_json(data: dict) -> ImportPreview:
    items = []
    for item in data["items"]:
        published_at = datetime.fromisoformat(item["published_at"]) if item["published_at"] else None
        sample = [PreviewQuote(**quote) for quote in item.get("sample", [])]
        items.append(PreviewItem(**{**item, "published_at": published_at, "sample": sample}))
    return ImportPreview(file_names=data["file_names"], items=items)


def import_preview(
    items: list[ArticleRecord | ItemError],
    *,
    file_names: list[str],
    progress: Callable[[int, int], None] | None = None,
) -> ImportPreview:
    """What importing `items` would do, reading the database but writing nothing.

    `progress(done, total)` is called after each item (finding quotes is the slow part).
    """
    records = [item for item in items if isinstance(item, ArticleRecord)]
    digests = {id(record): content_hash(record.body) for record in records}
    by_url, by_hash, by_title = _existing_lookups(records, digests)
    seen_urls: dict[str, tuple[str, str]] = {}
    seen_hashes: dict[str, str] = {}
    preview = []
    for done, item in enumerate(items, start=1):
        if progress is not None:
            progress(done - 1, len(items))
        if isinstance(item, ItemError):
            preview.append(PreviewItem(item=item_locator(item), error=item.reason, action=FAILED))
            continue
        entry = PreviewItem(
            item=item_locator(item), title=item.title, outlet=item.outlet, published_at=item.published_at
        )
        preview.append(entry)
        digest, url = digests[id(item)], item.url.strip()
        try:
            record_validate(item)
        except ServiceError as error:
            entry.error, entry.action = error.message, FAILED
            continue
        known = by_url.get(url) if url else None
        if known is not None and known.content_hash != digest:
            entry.error, entry.action = conflict_message(url, known), FAILED
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
            found = quotes_find(body=item.body, headings=item.headings)
        except Exception:
            logger.exception("quote extraction failed in the preview of %s", entry.item)
            continue
        entry.quotes = len(found)
        entry.sample = [_shown(quote) for quote in found[:QUOTES_SHOWN]]
        entry.speakers = sorted({quote.speaker for quote in found if quote.speaker and not _unnamed(quote)})
    if progress is not None:
        progress(len(items), len(items))
    return ImportPreview(file_names=file_names, items=preview)


def _unnamed(quote) -> bool:
    return quote.speaker_kind == DESCRIPTION


def _shown(quote) -> PreviewQuote:
    text = quote.text if len(quote.text) <= _QUOTE_CHARS else quote.text[: _QUOTE_CHARS - 1].rstrip() + "…"
    return PreviewQuote(text=text, speaker=quote.speaker or "", role=quote.speaker_role or "", unnamed=_unnamed(quote))


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
