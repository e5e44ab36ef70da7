"""RSS 2.0 and Atom feeds: one article per entry, read with feedparser.

feedparser is lenient and expands entities declared in a DOCTYPE, so the raw bytes are
checked first: any ``<!ENTITY`` declaration (billion laughs, external entities/XXE) makes the
whole feed refused, using defusedxml's parser and a plain scan of the prolog as a backstop
for documents too broken for that parser to reach their DOCTYPE. A document feedparser cannot
make sense of (``bozo`` with no entries) is refused with the parser's own reason; a feed with
a minor error but readable entries is accepted.

Entry content (or, failing that, the summary) goes through the same HTML-to-text path as
saved pages. The outlet is the feed's own title.
"""

from __future__ import annotations

import calendar
import re
import time
from datetime import UTC, datetime
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError
from xml.sax import SAXParseException

import defusedxml
import defusedxml.ElementTree
import feedparser

from .html import html_to_text
from .limits import MAX_BYLINE_CHARS, MAX_ITEMS_PER_FILE, MAX_OUTLET_CHARS, MAX_TITLE_CHARS
from .records import ArticleRecord, ItemError, Rejected
from .sources import outlet_name
from .text import PlainStructure, fallback_title

_PROLOG_ENTITY = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)
_ROOT_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:rss|feed|RDF)\b")


def parse_feed(name: str, data: bytes) -> list[ArticleRecord | ItemError]:
    """Parse RSS/Atom ``data``; each entry becomes a record or an :class:`ItemError`.

    Raises :class:`Rejected` for a feed that declares entities or cannot be read at all.
    """
    xml_problem = check_xml_safety(data)
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    entries = list(parsed.entries)
    if not entries:
        if parsed.get("bozo"):
            reason = xml_problem or _bozo_reason(parsed)
            raise Rejected(f"the feed is not well-formed XML ({reason})")
        if parsed.get("version"):
            raise Rejected("the feed has no entries")
        raise Rejected("the file is not an RSS or Atom feed")
    outlet = outlet_name(_plain(parsed.feed.get("title", "")))[:MAX_OUTLET_CHARS]
    results: list[ArticleRecord | ItemError] = []
    for number, entry in enumerate(entries[:MAX_ITEMS_PER_FILE], start=1):
        locator = f"{name} entry {number}"
        try:
            results.append(_entry_record(entry, outlet, locator))
        except Rejected as problem:
            results.append(ItemError(locator, problem.reason))
    if xml_problem:
        results.append(
            ItemError(
                name,
                f"the feed is not well-formed XML ({xml_problem}); the entries before the "
                "error were read, but the last of them may be incomplete",
            )
        )
    if len(entries) > MAX_ITEMS_PER_FILE:
        results.append(
            ItemError(
                name,
                f"the feed has {len(entries):,} entries; only the first {MAX_ITEMS_PER_FILE:,} were read",
            )
        )
    return results


def check_xml_safety(data: bytes) -> str | None:
    """Raise :class:`Rejected` if the XML ``data`` declares entities or external references.

    Returns ``None`` for well-formed XML, else a short description of the first syntax error
    such as ``"line 3, column 12: mismatched tag"``.
    """
    root = _ROOT_START.search(data)
    prolog = data[: root.start()] if root else data
    if _PROLOG_ENTITY.search(prolog):
        raise _entity_rejection()
    try:
        defusedxml.ElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise _entity_rejection() from None
    except defusedxml.DefusedXmlException:
        raise Rejected("the feed uses XML features that are not allowed") from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        message = str(error).split(":")[0].strip() or "syntax error"
        return f"line {line}, column {column + 1}: {message}"
    except (SyntaxError, ExpatError, ValueError, LookupError) as error:
        return str(error)[:200] or "syntax error"
    return None


def _entity_rejection() -> Rejected:
    return Rejected(
        "the feed declares XML entities in a DOCTYPE, which can be used to attack the "
        "server (billion laughs, external entities); it was not read"
    )


def _bozo_reason(parsed: feedparser.FeedParserDict) -> str:
    error = parsed.get("bozo_exception")
    if isinstance(error, SAXParseException):
        return f"line {error.getLineNumber()}, column {error.getColumnNumber()}: " + str(error.getMessage())
    text = str(error or "unknown error").strip()
    return text[:200] or "unknown error"


def _entry_record(entry: feedparser.FeedParserDict, outlet: str, locator: str) -> ArticleRecord:
    structure = _entry_body(entry)
    title = _plain(entry.get("title", ""))
    if not structure.body:
        raise Rejected("the entry has no text (neither content nor a summary)")
    link = entry.get("link", "")
    author = entry.get("author_detail", {}).get("name") or entry.get("author", "")
    return ArticleRecord(
        title=(title or fallback_title("", structure.body, structure.headings))[:MAX_TITLE_CHARS],
        body=structure.body,
        url=link if re.match(r"https?://[^\s/]", link or "", re.IGNORECASE) else "",
        outlet=outlet,
        byline=_plain(author)[:MAX_BYLINE_CHARS],
        published_at=_entry_date(entry),
        headings=structure.headings,
        locator=locator,
        guid=" ".join(str(entry.get("id", "") or "").split())[:1000],
    )


def _entry_body(entry: feedparser.FeedParserDict) -> PlainStructure:
    candidates = [item.get("value", "") for item in entry.get("content", []) or []]
    candidates.append(entry.get("summary", ""))
    best = PlainStructure("", (), ())
    for markup in candidates:
        structure = html_to_text(markup or "")
        if len(structure.body) > len(best.body):
            best = structure
    return best


def _entry_date(entry: feedparser.FeedParserDict) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _plain(value: str) -> str:
    if not value:
        return ""
    if "<" in value or "&" in value:
        return " ".join(html_to_text(value).body.split())
    return " ".join(value.split())
