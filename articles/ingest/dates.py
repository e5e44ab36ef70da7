"""A small, strict date reader for the formats newsroom files actually use.

Accepted: ISO 8601 (``2025-03-30``, ``2025-03-30T14:05:00Z``, ``2025-03-30 14:05+01:00``),
RFC 2822 (``Sun, 30 Mar 2025 14:05:00 +0000``), ``March 30, 2025`` and ``30 March 2025``
(full or three-letter month names, an optional leading weekday). Anything else is refused
rather than guessed: ``03/04/2025`` means different days in different countries, and a wrong
date on a fact-check is worse than none. dateparser is not used because it is slow and
accepts almost anything.

A date without a time becomes midnight UTC; a time without a zone is taken as UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

from .records import Rejected

MIN_YEAR = 1900
MAX_YEAR = 2100

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_MONTH_FIRST = re.compile(
    rf"{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})",
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(
    rf"{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)
_RFC2822 = re.compile(
    r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s+(?:[+-]\d{4}|[A-Za-z]{1,5}))?"
)
_MAX_INPUT_CHARS = 100


def parse_date(text: str) -> datetime:
    """Read ``text`` as a date or date-time and return a timezone-aware ``datetime``.

    Raises :class:`~articles.ingest.records.Rejected` with the message
    ``could not read the date '…'`` when ``text`` is not in one of the accepted formats.
    """
    value = " ".join(str(text).split())
    result = _parse(value) if 0 < len(value) <= _MAX_INPUT_CHARS else None
    if result is None:
        shown = value if len(value) <= 60 else value[:57] + "…"
        raise Rejected(f"could not read the date '{shown}'")
    return result


def find_leading_date(text: str) -> datetime | None:
    """Return the date that ``text`` starts with (after the weekday, if any), or ``None``.

    Used for lines such as ``Published March 30, 2025 at 10:00 a.m. ET`` where only the date
    part is reliable; the time, if any, is ignored.
    """
    value = " ".join(text.split())[:_MAX_INPUT_CHARS]
    for pattern in (_ISO_DATE, _MONTH_FIRST, _DAY_FIRST):
        match = pattern.match(value)
        if match:
            found = _parse(match.group(0))
            if found is not None:
                return found
    return None


def _parse(value: str) -> datetime | None:
    if _ISO_DATE.fullmatch(value) or _ISO_DATETIME.fullmatch(value):
        return _parse_iso(value)
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        match = pattern.fullmatch(value)
        if match:
            return _from_parts(match["year"], match["month"], match["day"])
    if _RFC2822.fullmatch(value):
        return _parse_rfc2822(value)
    return None


def _parse_iso(value: str) -> datetime | None:
    text = value.replace(",", ".")
    if text[-1:] in "zZ":
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return _checked(parsed)


def _parse_rfc2822(value: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return _checked(parsed)


def _from_parts(year: str, month_name: str, day: str) -> datetime | None:
    month = _MONTHS.get(month_name.lower().rstrip("."))
    if month is None:
        return None
    try:
        value = date(int(year), month, int(day))
    except ValueError:
        return None
    return _checked(datetime(value.year, value.month, value.day))


def _checked(value: datetime) -> datetime | None:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value
