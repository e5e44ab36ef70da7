"""The plain records the parsers produce; the importer turns them into database rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class SourceRecord:
    """A source the article itself cites, such as one line of a trailing ``SOURCES:`` block."""

    outlet: str
    title: str
    url: str = ""
    published: date | None = None


@dataclass(frozen=True)
class ArticleRecord:
    """One article read from an upload.

    ``body`` is plain, normalised text (see :func:`articles.ingest.normalise.normalise_body`);
    quote offsets and ``headings`` spans point into it. ``published_at`` is timezone-aware,
    midnight UTC when only a date is known. ``locator`` says where in the upload the article
    came from, e.g. ``"seeds/003.txt"``, ``"feed.xml entry 3"`` or ``"bulk.csv row 7"``.
    ``guid`` is a feed entry's own identifier (Atom ``id``, RSS ``guid``), which stays the same
    when the publisher edits the entry or changes its link; feed subscriptions recognise
    entries they have seen by it.
    """

    title: str
    body: str
    url: str = ""
    outlet: str = ""
    byline: str = ""
    published_at: datetime | None = None
    sources: tuple[SourceRecord, ...] = ()
    headings: tuple[tuple[int, int], ...] = ()
    locator: str = ""
    guid: str = ""


@dataclass(frozen=True)
class ItemError:
    """An item of an upload that could not be read, with a reason an admin understands."""

    locator: str
    reason: str

    def __str__(self) -> str:
        return f"{self.locator}: {self.reason}"


class Rejected(ValueError):
    """Raised inside the parsers when an input cannot be used; becomes an :class:`ItemError`.

    ``reason`` is a user-facing sentence without the locator, which the caller adds.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
