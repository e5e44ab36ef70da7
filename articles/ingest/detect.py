"""Choosing a parser for an uploaded file from its extension and its first bytes.

A recognised extension wins (``.txt`` stays text even if it starts with ``[``); ``.xml`` is
sniffed to tell feeds from other XML. Without a recognised extension the content decides:
``<rss``/``<feed``/``<rdf:RDF`` → feed, ``<!doctype html``/``<html`` → html, a leading ``[``
or ``{`` that parses as JSON (or JSON Lines) → json, a first line that is a CSV header with a
``body`` column → csv, anything else → text.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

from .bulk import has_bulk_header

FORMATS = ("text", "html", "feed", "json", "csv")

_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
    ".csv": "csv",
    ".tsv": "csv",
}
_SNIFF_CHARS = 4096
_FEED_ROOT = re.compile(r"<(?:[a-z_][\w.-]*:)?(?:rss|feed|rdf)\b", re.IGNORECASE)
_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)


def detect_format(name: str, text: str) -> str:
    """Return ``"text"``, ``"html"``, ``"feed"``, ``"json"`` or ``"csv"`` for an upload."""
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    head = _skip_prolog(text.lstrip("\ufeff \t\r\n")[:_SNIFF_CHARS])
    if suffix == ".xml":
        return "html" if _HTML_START.match(head) else "feed"
    if _FEED_ROOT.match(head):
        return "feed"
    if _HTML_START.match(head):
        return "html"
    if head.startswith(("[", "{")) and _is_json(text):
        return "json"
    first_line = head.split("\n", 1)[0]
    if has_bulk_header(first_line):
        return "csv"
    return "text"


def _skip_prolog(head: str) -> str:
    previous = None
    while previous != head:
        previous = head
        head = re.sub(r"^\s*(?:<\?[^>]*\?>|<!--.*?-->)", "", head, count=1, flags=re.S)
    return head.lstrip()


def _is_json(text: str) -> bool:
    stripped = text.strip()
    try:
        json.loads(stripped)
        return True
    except (ValueError, RecursionError):
        pass
    try:
        return isinstance(json.loads(stripped.split("\n", 1)[0]), dict)
    except (ValueError, RecursionError):
        return False
