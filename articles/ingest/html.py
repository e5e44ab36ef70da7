"""HTML pages saved from a browser, and HTML fragments found in feeds and bulk files.

Why trafilatura: it is actively maintained, scores at or near the top of published comparisons
of open-source main-text extractors on news pages, and returns the structure we need
(headings, paragraphs, lists, quotes) without the markup, so nothing executable can survive
into the stored body.
readability-lxml (a port of an old Firefox Reader View) is barely maintained and returns
cleaned HTML that would still need sanitising, and newspaper3k/newspaper4k bundle downloading,
NLP and image fetching we do not want in an upload path. trafilatura is also already a
dependency, and it accepts a pre-parsed lxml tree, so the page is parsed only once.

Metadata is read from the page itself, in this order of preference: JSON-LD
``NewsArticle``/``Article`` (headline, datePublished, author, publisher.name, url), then
Open Graph / ``article:`` meta tags, then ``<link rel=canonical>``, ``<time datetime>``,
``<meta name=author>``, ``rel=author`` links and ``.byline`` elements, then ``<h1>`` and
``<title>``. Unreadable metadata is ignored rather than reported: the body is what matters.

Before extraction the tree is pruned of scripts, styles, frames, forms, navigation, asides,
hidden elements and elements whose class or id marks them as ads, share bars or newsletter
boxes. The body is plain text with one paragraph per line; script text, event-handler
attributes and ``javascript:`` URLs never reach it because no markup does.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.settings import use_config

from .dates import parse_date
from .furniture import is_page_furniture
from .limits import (
    MAX_BYLINE_CHARS,
    MAX_FILE_BYTES,
    MAX_HTML_ELEMENTS,
    MAX_OUTLET_CHARS,
    MAX_TITLE_CHARS,
)
from .records import ArticleRecord, Rejected
from .sources import outlet_name
from .text import PlainStructure, fallback_title

logger = logging.getLogger(__name__)

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "form",
    "button",
    "select",
    "textarea",
    "input",
    "nav",
    "aside",
    "dialog",
    "canvas",
    "audio",
    "video",
    "map",
    "link",
    "meta",
    "base",
)
_AD_TOKEN = re.compile(
    r"^(?:ad|ads|adv|advert|adverts|advertisement|advertising|adslot|ad[-_].*|ads[-_].*|"
    r".*[-_]ads?|sponsor.*|promo|promoted|promotion|newsletter.*|share|sharing|social[-_]share|"
    r"share[-_].*|paywall|outbrain|taboola|cookie.*|consent)$",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "liveblogposting",
    "report",
    "scholarlyarticle",
}
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "figure",
    "figcaption",
    "address",
    "details",
    "summary",
    "center",
    "body",
    "html",
}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CELL_TAGS = {"td", "th"}
_MAX_JSON_LD_CHARS = 1_000_000
_MAX_JSON_LD_NODES = 2_000
_MAX_WALK_DEPTH = 200
_HAS_REL = "contains(concat(' ', normalize-space(@rel), ' '), ' {} ')"


def parse_html(name: str, text: str) -> ArticleRecord:
    """Parse a saved web page into an :class:`ArticleRecord`; ``name`` is the locator.

    Raises :class:`Rejected` when the page is too large, cannot be parsed or has no article
    text.
    """
    if len(text) > MAX_FILE_BYTES:
        raise Rejected("the page is larger than the size limit")
    tree = _parse_document(text)
    if sum(1 for _ in tree.iter()) > MAX_HTML_ELEMENTS:
        raise Rejected(f"the page has more than {MAX_HTML_ELEMENTS:,} HTML elements, too many to read safely")
    meta = _page_metadata(tree)
    _prune(tree)
    structure = _extract_main_text(tree)
    if not structure.body and meta.get("article_body"):
        structure = plain_structure_from_lines([(line, False) for line in str(meta["article_body"]).split("\n")])
    if not structure.body:
        raise Rejected("no article text was found in the page")
    outlet = meta.get("outlet", "")
    title = _strip_site_suffix(meta.get("title", ""), outlet)
    if title:
        structure = _without_leading_title(structure, title)
    return ArticleRecord(
        title=(title or fallback_title(name, structure.body, structure.headings))[:MAX_TITLE_CHARS],
        body=structure.body,
        url=meta.get("url", ""),
        outlet=outlet[:MAX_OUTLET_CHARS],
        byline=meta.get("byline", "")[:MAX_BYLINE_CHARS],
        published_at=meta.get("published"),
        headings=structure.headings,
        locator=name,
    )


def html_to_text(markup: str) -> PlainStructure:
    """Convert an HTML fragment (feed content, a bulk ``body``) to plain text with headings.

    Uses the same pruning as whole pages; block elements become lines and ``<h1>``–``<h6>``
    become heading spans. Returns an empty body for markup that cannot be parsed.
    """
    if not markup.strip():
        return PlainStructure("", (), ())
    try:
        root = lxml.html.fragment_fromstring(
            _without_xml_declaration(markup), create_parent="div", parser=_html_parser()
        )
    except (lxml.etree.ParserError, ValueError):
        return PlainStructure("", (), ())
    _prune(root)
    lines: list[tuple[str, bool]] = []
    _walk(root, lines, [], 0)
    return plain_structure_from_lines(lines)


def plain_structure_from_lines(lines: list[tuple[str, bool]]) -> PlainStructure:
    """Join ``(text, is_heading)`` lines into a normalised body with heading spans.

    Whitespace inside each line is collapsed, empty lines and page furniture are dropped.
    """
    parts: list[str] = []
    headings: list[tuple[int, int]] = []
    offset = 0
    for raw, is_heading in lines:
        text = unicodedata.normalize("NFC", " ".join(raw.split()))
        if not text or is_page_furniture(text):
            continue
        if is_heading:
            headings.append((offset, offset + len(text)))
        parts.append(text)
        offset += len(text) + 1
    return PlainStructure("\n".join(parts), tuple(headings), ())


def _html_parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)


def _without_xml_declaration(markup: str) -> str:
    return re.sub(r"^\s*<\?xml[^>]*\?>", "", markup, count=1)


def _parse_document(text: str) -> lxml.html.HtmlElement:
    try:
        tree = lxml.html.document_fromstring(_without_xml_declaration(text), parser=_html_parser())
    except (lxml.etree.ParserError, ValueError):
        raise Rejected("the page could not be read as HTML") from None
    if tree is None:
        raise Rejected("the page could not be read as HTML")
    return tree


def _prune(root: lxml.html.HtmlElement) -> None:
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            doomed.append(element)
            continue
        tag = element.tag.lower()
        if tag in _DROP_TAGS or _is_hidden(element) or _is_ad(element):
            doomed.append(element)
    for element in doomed:
        if element is not root and element.getparent() is not None:
            element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str):
            for attribute in list(element.attrib):
                value = element.attrib[attribute]
                if attribute.lower().startswith("on") or "javascript:" in value.lower():
                    del element.attrib[attribute]


def _is_hidden(element: lxml.html.HtmlElement) -> bool:
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden", "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(element.get("style", "")))
    )


def _is_ad(element: lxml.html.HtmlElement) -> bool:
    tokens = element.get("class", "").split() + element.get("id", "").split()
    return any(_AD_TOKEN.match(token) for token in tokens)


def _extract_main_text(tree: lxml.html.HtmlElement) -> PlainStructure:
    body = tree.find("body")
    if body is None:
        return PlainStructure("", (), ())
    try:
        extracted = trafilatura.extract(
            tree,
            output_format="xml",
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            config=_trafilatura_config(),
        )
    except Exception:
        # trafilatura is heuristic code run on hostile input; any failure there should fall
        # back to the plain walker rather than lose the article.
        logger.warning("trafilatura failed; using the plain HTML walker", exc_info=True)
        extracted = None
    if extracted:
        structure = plain_structure_from_lines(list(_trafilatura_lines(extracted)))
        if structure.body:
            return structure
    # trafilatura works on its own copy of the tree, so the pruned page is still intact here.
    fallback_lines: list[tuple[str, bool]] = []
    _walk(body, fallback_lines, [], 0)
    return plain_structure_from_lines(fallback_lines)


@functools.cache
def _trafilatura_config():
    config = use_config()
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_HTML_ELEMENTS))
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def _trafilatura_lines(xml: str) -> Iterator[tuple[str, bool]]:
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    root = lxml.etree.fromstring(xml.encode("utf-8"), parser=parser)
    if root is None:
        return
    main = root.find("main")
    if main is None:
        return
    for element in main:
        yield from _trafilatura_block(element)


def _trafilatura_block(element: lxml.etree._Element) -> Iterator[tuple[str, bool]]:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "head":
        yield _inline_text(element), True
    elif tag in {"list", "quote"} and any(child.tag in {"item", "p", "list", "head", "quote"} for child in element):
        for child in element:
            yield from _trafilatura_block(child)
    elif tag == "table":
        for row in element.iter("row"):
            cells = [_inline_text(cell) for cell in row.iter("cell")]
            yield " | ".join(cell for cell in cells if cell.strip()), False
    elif tag == "item" and element.find("list") is not None:
        yield (element.text or ""), False
        for child in element:
            yield from _trafilatura_block(child)
    elif tag:
        for line in _inline_text(element).split("\n"):
            yield line, False


def _inline_text(element: lxml.etree._Element) -> str:
    pieces: list[str] = []
    for event, node in lxml.etree.iterwalk(element, events=("start", "end")):
        if event == "start":
            if node.tag == "lb":
                pieces.append("\n")
            elif node.text:
                pieces.append(node.text)
        elif node is not element and node.tail:
            pieces.append(node.tail)
    return "".join(pieces)


def _walk(element: lxml.html.HtmlElement, lines: list[tuple[str, bool]], buffer: list[str], depth: int) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if depth > _MAX_WALK_DEPTH:
        buffer.append(" ".join(element.itertext()))
        return
    is_block = tag in _BLOCK_TAGS or tag in _HEADING_TAGS
    if is_block or tag == "br":
        _flush(lines, buffer, False)
    if element.text and tag:
        buffer.append(element.text)
    for child in element:
        _walk(child, lines, buffer, depth + 1)
        if child.tail:
            buffer.append(child.tail)
    if tag in _CELL_TAGS:
        buffer.append(" ")
    if is_block:
        _flush(lines, buffer, tag in _HEADING_TAGS)


def _flush(lines: list[tuple[str, bool]], buffer: list[str], is_heading: bool) -> None:
    if buffer:
        text = "".join(buffer)
        buffer.clear()
        if text.strip():
            lines.append((text, is_heading))


def _without_leading_title(structure: PlainStructure, title: str) -> PlainStructure:
    first, _, rest = structure.body.partition("\n")
    if " ".join(first.split()).casefold() != " ".join(title.split()).casefold() or not rest:
        return structure
    shift = len(first) + 1
    headings = tuple((start - shift, end - shift) for start, end in structure.headings if start)
    return PlainStructure(rest, headings, structure.sources)


def _strip_site_suffix(title: str, outlet: str) -> str:
    title = " ".join(title.split())
    if outlet:
        for separator in (" | ", " - ", " – ", " — ", " :: "):
            suffix = separator + outlet
            if title.casefold().endswith(suffix.casefold()) and len(title) > len(suffix):
                return title[: -len(suffix)].strip()
    return title


def _page_metadata(tree: lxml.html.HtmlElement) -> dict:
    meta = _meta_tags(tree)
    ld = _json_ld_article(tree)
    found: dict = {}
    found["title"] = _first_text(
        ld.get("headline"),
        meta.get("og:title"),
        meta.get("twitter:title"),
        _element_text(tree, "//h1"),
        _element_text(tree, "//title"),
    )
    found["outlet"] = outlet_name(
        _first_text(
            meta.get("og:site_name"),
            _name_of(ld.get("publisher")),
            meta.get("application-name"),
        )
    )
    found["url"] = _first_web_url(
        *tree.xpath(f"//link[{_HAS_REL.format('canonical')}]/@href"),
        meta.get("og:url"),
        ld.get("url"),
        _id_of(ld.get("mainEntityOfPage")),
    )
    found["byline"] = _first_text(
        _name_of(ld.get("author")),
        _not_url(meta.get("author")),
        _not_url(meta.get("article:author")),
        _element_text(tree, f"//*[{_HAS_REL.format('author')}]"),
        _element_text(tree, "//*[@itemprop='author']"),
        _element_text(tree, "//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]"),
    )
    found["byline"] = re.sub(r"^by\s+", "", found["byline"], flags=re.IGNORECASE)
    found["published"] = _first_date(
        meta.get("article:published_time"),
        ld.get("datePublished"),
        *tree.xpath("//time/@datetime")[:1],
        meta.get("date"),
        meta.get("pubdate"),
        meta.get("publishdate"),
        meta.get("dc.date"),
        meta.get("dcterms.created"),
        meta.get("parsely-pub-date"),
        meta.get("sailthru.date"),
    )
    found["article_body"] = ld.get("articleBody") if isinstance(ld.get("articleBody"), str) else ""
    return found


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
    tags: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        value = element.get("content")
        if key and value and key not in tags:
            tags[key] = value.strip()
    return tags


def _json_ld_article(tree: lxml.html.HtmlElement) -> dict:
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        source = script.text or ""
        if len(source) > _MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(source)
        except (ValueError, RecursionError):
            continue
        for node in _json_ld_nodes(data):
            types = node.get("@type")
            names = types if isinstance(types, list) else [types]
            if any(isinstance(kind, str) and kind.lower() in _ARTICLE_TYPES for kind in names):
                return node
    return {}


def _json_ld_nodes(data: object) -> Iterator[dict]:
    pending = [data]
    seen = 0
    while pending and seen < _MAX_JSON_LD_NODES:
        item = pending.pop(0)
        seen += 1
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, list):
                pending.extend(graph)


def _name_of(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        name = value.get("name")
        return name if isinstance(name, str) else ""
    if isinstance(value, list):
        names = [_name_of(item) for item in value[:10]]
        return ", ".join(name for name in names if name)
    return ""


def _id_of(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    return value if isinstance(value, str) else ""


def _not_url(value: str | None) -> str:
    if not value or re.match(r"https?://", value.strip(), re.IGNORECASE):
        return ""
    return value


def _first_text(*values: object) -> str:
    for value in values:
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""


def _first_web_url(*values: object) -> str:
    for value in values:
        if isinstance(value, str) and re.match(r"https?://[^\s/]", value.strip(), re.I):
            return value.strip()
    return ""


def _first_date(*values: object) -> datetime | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            try:
                return parse_date(value)
            except Rejected:
                continue
    return None


def _element_text(tree: lxml.html.HtmlElement, xpath: str) -> str:
    for element in tree.xpath(xpath)[:1]:
        return " ".join(" ".join(element.itertext()).split())
    return ""
