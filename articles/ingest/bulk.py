"""Bulk files: CSV (or TSV / semicolon-separated), JSON arrays and objects, and JSON Lines.

Columns (CSV) or keys (JSON), matched without regard to case:

``title`` (required), ``body`` (required), ``url``, ``outlet``, ``published_at``, ``byline``.
A few common aliases are accepted when the documented name is absent: ``published`` and
``date`` for ``published_at``, ``author`` for ``byline``, ``link`` for ``url``, ``content``
and ``text`` for ``body``. Other columns are ignored.

Each row or object is one article; a bad one becomes an :class:`ItemError` naming it
(``bulk.csv row 7`` counts the header as row 1, as a spreadsheet does; ``bulk.json item 3``;
``bulk.jsonl line 12``) and the others are still read. A ``body`` that contains HTML tags is
converted to text like a feed entry; plain bodies go through the plain-text clean-up
(headings, furniture, trailing ``SOURCES:`` block).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from .dates import parse_date
from .encoding import unstorable_reason
from .html import html_to_text
from .limits import (
    MAX_BYLINE_CHARS,
    MAX_FILE_BYTES,
    MAX_ITEMS_PER_FILE,
    MAX_OUTLET_CHARS,
    MAX_TITLE_CHARS,
)
from .records import ArticleRecord, ItemError, Rejected
from .sources import outlet_name
from .text import structure_plain_text

FIELDS = ("title", "url", "outlet", "published_at", "byline", "body")
REQUIRED = ("title", "body")
_ALIASES = {
    "published_at": ("published", "date"),
    "byline": ("author",),
    "url": ("link",),
    "body": ("content", "text"),
}
_HTML_TAG = re.compile(
    r"<\s*/?\s*(?:p|div|br|h[1-6]|span|a|em|strong|b|i|ul|ol|li|blockquote|script|style|"
    r"iframe|img|table)\b",
    re.IGNORECASE,
)
_DELIMITERS = (",", ";", "\t", "|")
# Python's csv refuses a field over 128 KiB by default; one article body may be as large as
# a whole file. The limit is process-wide, so it is only ever raised here, never lowered.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES + 1))


def parse_csv(name: str, text: str) -> list[ArticleRecord | ItemError]:
    """Parse a CSV/TSV bulk file; raises :class:`Rejected` if its header is unusable."""
    header_line = text.split("\n", 1)[0]
    delimiter = _pick_delimiter(header_line, name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise Rejected("the CSV file has no header row") from None
    columns = _column_map(header)
    missing = [field for field in REQUIRED if field not in columns]
    if missing:
        found = ", ".join(cell.strip() for cell in header if cell.strip())[:200] or "nothing"
        raise Rejected(
            f"the header has no {_quoted(missing)} column (found: {found}); expected columns are {', '.join(FIELDS)}"
        )
    results: list[ArticleRecord | ItemError] = []
    for number, cells in _csv_rows(reader, start=2):
        locator = f"{name} row {number}"
        if isinstance(cells, ItemError):
            results.append(ItemError(locator, cells.reason))
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(results) >= MAX_ITEMS_PER_FILE:
            results.append(_too_many(name, "rows"))
            break
        if len(cells) != len(header):
            results.append(ItemError(locator, _cell_count_reason(len(cells), len(header))))
            continue
        values = {field: cells[index] for field, index in columns.items()}
        results.append(_record_or_error(values, locator, "column"))
    return results


def parse_json(name: str, text: str) -> list[ArticleRecord | ItemError]:
    """Parse a JSON array, a JSON object, or JSON Lines; raises :class:`Rejected` if none."""
    stripped = text.strip()
    if name.lower().endswith((".jsonl", ".ndjson")):
        return _parse_json_lines(name, text)
    try:
        data = json.loads(stripped)
    except RecursionError:
        raise Rejected("the JSON is nested too deeply to read") from None
    except ValueError as error:
        if _first_line_is_object(stripped):
            return _parse_json_lines(name, text)
        raise Rejected(f"the file is not valid JSON ({_json_reason(error)})") from None
    if isinstance(data, dict):
        items = next(
            (data[key] for key in ("articles", "items") if isinstance(data.get(key), list)),
            None,
        )
        if items is None:
            return [_object_record(data, name)]
        data = items
    if not isinstance(data, list):
        raise Rejected("the JSON must be an array of article objects, or one article object")
    results: list[ArticleRecord | ItemError] = []
    for number, item in enumerate(data, start=1):
        if number > MAX_ITEMS_PER_FILE:
            results.append(_too_many(name, "items"))
            break
        results.append(_object_record(item, f"{name} item {number}"))
    return results


def _first_line_is_object(text: str) -> bool:
    first = text.split("\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def _parse_json_lines(name: str, text: str) -> list[ArticleRecord | ItemError]:
    results: list[ArticleRecord | ItemError] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if len(results) >= MAX_ITEMS_PER_FILE:
            results.append(_too_many(name, "lines"))
            break
        locator = f"{name} line {number}"
        try:
            item = json.loads(line)
        except RecursionError:
            results.append(ItemError(locator, "the JSON is nested too deeply to read"))
            continue
        except ValueError as error:
            results.append(ItemError(locator, f"not valid JSON ({_json_reason(error)})"))
            continue
        results.append(_object_record(item, locator))
    return results


def _object_record(item: Any, locator: str) -> ArticleRecord | ItemError:
    if not isinstance(item, dict):
        return ItemError(locator, "each item must be a JSON object with title and body")
    columns = _column_map([str(key) for key in item])
    keys = list(item)
    values: dict[str, str] = {}
    for field, index in columns.items():
        value = item[keys[index]]
        if value is None:
            continue
        if isinstance(value, (dict, list)):
            kind = _kind(value)
            return ItemError(locator, f'the "{field}" value must be text, not a JSON {kind}')
        values[field] = value if isinstance(value, str) else json.dumps(value)
        problem = unstorable_reason(values[field])
        if problem:
            return ItemError(locator, f'the "{field}" value {problem}')
    missing = [field for field in REQUIRED if field not in values]
    if missing:
        return ItemError(locator, f"the {_quoted(missing)} field is missing")
    return _record_or_error(values, locator, "field")


def _record_or_error(values: dict[str, str], locator: str, word: str) -> ArticleRecord | ItemError:
    try:
        return _record(values, locator, word)
    except Rejected as problem:
        return ItemError(locator, problem.reason)


def _record(values: dict[str, str], locator: str, word: str) -> ArticleRecord:
    title = " ".join(values.get("title", "").split())
    raw_body = values.get("body", "")
    if not raw_body.strip():
        raise Rejected(f'the "body" {word} is empty')
    if not title:
        raise Rejected(f'the "title" {word} is empty')
    if len(raw_body) > MAX_FILE_BYTES:
        raise Rejected('the "body" is larger than the size limit')
    structure = html_to_text(raw_body) if _HTML_TAG.search(raw_body) else structure_plain_text(raw_body)
    if not structure.body:
        raise Rejected('the "body" has no text once markup and page furniture are removed')
    url = values.get("url", "").strip()
    if url and not re.match(r"https?://[^\s/]\S*$", url, re.IGNORECASE):
        shown = url if len(url) <= 60 else url[:57] + "…"
        raise Rejected(f"the url '{shown}' is not a web address (http:// or https://)")
    published = values.get("published_at", "").strip()
    return ArticleRecord(
        title=title[:MAX_TITLE_CHARS],
        body=structure.body,
        url=url,
        outlet=outlet_name(values.get("outlet", ""))[:MAX_OUTLET_CHARS],
        byline=" ".join(values.get("byline", "").split())[:MAX_BYLINE_CHARS],
        published_at=parse_date(published) if published else None,
        sources=structure.sources,
        headings=structure.headings,
        locator=locator,
    )


def _column_map(header: Iterable[str]) -> dict[str, int]:
    names = [cell.strip().strip("\ufeff").lower() for cell in header]
    columns: dict[str, int] = {}
    for field in FIELDS:
        for candidate in (field, *_ALIASES.get(field, ())):
            if candidate in names:
                columns[field] = names.index(candidate)
                break
    return columns


def has_bulk_header(line: str) -> bool:
    """Return True if ``line`` is a CSV header with a ``body`` column (used by detection)."""
    for delimiter in _DELIMITERS:
        cells = _split_header(line, delimiter)
        if "body" in _column_map(cells) and len(cells) > 1:
            return True
    return False


def _split_header(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line.rstrip("\r")], delimiter=delimiter), [])
    except csv.Error:
        return []


def _pick_delimiter(header_line: str, name: str) -> str:
    if name.lower().endswith(".tsv"):
        return "\t"
    for delimiter in _DELIMITERS:
        cells = _split_header(header_line, delimiter)
        if len(cells) > 1 and {"body", "title"} & set(_column_map(cells)):
            return delimiter
    return ","


def _csv_rows(reader: Iterator[list[str]], start: int) -> Iterator[tuple[int, list | ItemError]]:
    number = start
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield number, ItemError("", f"the row could not be read as CSV ({error})")
            number += 1
            continue
        yield number, cells
        number += 1


def _cell_count_reason(found: int, expected: int) -> str:
    if found < expected:
        return f"the row has {found} cells but the header has {expected} columns, so some columns are missing"
    return (
        f"the row has {found} cells but the header has {expected} columns; a value that "
        "contains the separator probably needs quotes"
    )


def _too_many(name: str, what: str) -> ItemError:
    return ItemError(name, f"only the first {MAX_ITEMS_PER_FILE:,} {what} were read; please split the file")


def _quoted(fields: list[str]) -> str:
    return " and ".join(f'"{field}"' for field in fields)


def _kind(value: object) -> str:
    return "list" if isinstance(value, list) else "object"


def _json_reason(error: ValueError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"line {error.lineno}, column {error.colno}: {error.msg}"
    return str(error)[:200]
