"""The single entry point the importer calls: bytes of one upload in, records out."""

from __future__ import annotations

import logging

from .archive import is_zip, iter_upload_files, too_large_reason
from .bulk import parse_csv, parse_json
from .detect import FORMATS, detect_format
from .encoding import binary_kind, decode_text
from .feeds import parse_feed
from .html import parse_html
from .limits import MAX_FILE_BYTES
from .records import ArticleRecord, ItemError, Rejected
from .text import parse_text

logger = logging.getLogger(__name__)


def parse_upload(name: str, data: bytes, *, format: str = "auto") -> list[ArticleRecord | ItemError]:
    """Parse one uploaded file into article records and per-item errors.

    ``format`` is ``"auto"`` (detect from extension and content) or one of ``"text"``,
    ``"html"``, ``"feed"``, ``"json"`` (arrays, objects and JSON Lines) or ``"csv"``. A zip
    archive is expanded with :func:`iter_upload_files` and each file in it parsed with the
    same ``format``. Never raises: every problem, including an unexpected one, comes back as
    an :class:`ItemError` naming the file, row or entry.
    """
    if format != "auto" and format not in FORMATS:
        return [ItemError(name, f"unknown format '{format}'; use auto or {', '.join(FORMATS)}")]
    try:
        if is_zip(name, data):
            results: list[ArticleRecord | ItemError] = []
            for item in iter_upload_files(name, data):
                if isinstance(item, ItemError):
                    results.append(item)
                else:
                    results.extend(_parse_file(item[0], item[1], format))
            return results
        return _parse_file(name, data, format)
    except Exception:
        # Last line of defence: one odd file must not abort a whole import.
        logger.exception("unexpected error while parsing upload %r", name)
        return [ItemError(name, "the file could not be read because of an unexpected error")]


def _parse_file(name: str, data: bytes, format: str) -> list[ArticleRecord | ItemError]:
    try:
        return _parse_checked(name, data, format)
    except Rejected as problem:
        return [ItemError(name, problem.reason)]
    except RecursionError:
        return [ItemError(name, "the file is nested too deeply to read")]


def _parse_checked(name: str, data: bytes, format: str) -> list[ArticleRecord | ItemError]:
    if len(data) > MAX_FILE_BYTES:
        raise Rejected(too_large_reason(len(data), MAX_FILE_BYTES))
    if not data.strip():
        raise Rejected("the file is empty")
    kind = binary_kind(data)
    if kind:
        raise Rejected(f"this is {kind}, not text; please save the article as text or HTML")
    text = decode_text(data)
    if not text.strip():
        raise Rejected("the file is empty")
    chosen = detect_format(name, text) if format == "auto" else format
    if chosen == "feed":
        return parse_feed(name, data)
    if chosen == "json":
        return parse_json(name, text)
    if chosen == "csv":
        return parse_csv(name, text)
    if chosen == "html":
        return [parse_html(name, text)]
    return [parse_text(name, text)]
