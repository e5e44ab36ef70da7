"""Reading the list of cited sources that some articles end with, and tidying outlet names.

A block starts with a line such as ``SOURCES:`` or ``Sources:`` (entries may start on the same
line) and runs to the end of the text. Each entry is ``OUTLET – Title`` (en dash, em dash,
spaced hyphen, ``|`` or ``:`` as separator), optionally with a URL.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .furniture import is_page_furniture
from .limits import MAX_OUTLET_CHARS, MAX_TITLE_CHARS
from .records import SourceRecord

_BLOCK_START = re.compile(
    r"^\W{0,3}(?:sources?|references|sources and references)\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s+[–—-]\s+|\s*\|\s*|:\s+")
_URL = re.compile(r"https?://[^\s<>\"'）)]+", re.IGNORECASE)
_MAX_ENTRY_CHARS = 300
_MAX_ENTRIES = 40
_MAX_ENTRY_WORDS = 40
_MAX_OUTLET_WORDS = 6

_KNOWN_CASINGS = {
    name.lower(): name
    for name in (
        "ABC AFP AP BBC CBC CBS CNBC CNN C-SPAN DW FT IRNA ISNA MSNBC NBC NHK NPR NYT PBS "
        "RFE/RL RT TASS UPI WSJ UK US U.S. EU UN USA HuffPost YouTube NYTimes TechCrunch "
        "BuzzFeed McClatchy McClatchyDC"
    ).split()
}
_LOWER_WORDS = {"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "de", "du", "la"}


def find_sources_block(lines: list[str]) -> int | None:
    """Return the index of the line that starts a trailing sources block, or ``None``.

    Only a block that follows some article text and consists of short entries (or page
    furniture) counts, so a paragraph that happens to begin with "Sources:" is left alone.
    """
    for index in range(len(lines) - 1, -1, -1):
        match = _BLOCK_START.match(lines[index].strip())
        if not match:
            continue
        tail = [line for line in lines[index + 1 :] if line.strip()]
        entries = [line for line in tail if not is_page_furniture(line)]
        if match["rest"].strip():
            entries.insert(0, match["rest"])
        has_text_before = any(line.strip() for line in lines[:index])
        if has_text_before and 0 < len(entries) <= _MAX_ENTRIES and all(_is_short_entry(entry) for entry in entries):
            return index
        return None
    return None


def _is_short_entry(entry: str) -> bool:
    return len(entry) <= _MAX_ENTRY_CHARS and len(entry.split()) <= _MAX_ENTRY_WORDS


def parse_sources_block(lines: list[str]) -> tuple[SourceRecord, ...]:
    """Turn the lines of a sources block (the ``SOURCES:`` line first) into records."""
    if not lines:
        return ()
    first = _BLOCK_START.match(lines[0].strip())
    entries = [first["rest"] if first else lines[0], *lines[1:]]
    records = []
    for entry in entries:
        entry = " ".join(entry.split())
        if entry and not is_page_furniture(entry):
            records.append(parse_source_entry(entry))
    return tuple(records)


def parse_source_entry(entry: str) -> SourceRecord:
    """Parse one entry such as ``POLITICO – In response to Trump’s letter, Iran rejects …``."""
    url = ""
    url_match = _URL.search(entry)
    if url_match:
        url = url_match.group(0).rstrip(".,;")
        entry = " ".join((entry[: url_match.start()] + entry[url_match.end() :]).split())
        entry = entry.strip(" -–—|:()[]")
    outlet, title = "", entry
    parts = _SEPARATOR.split(entry, maxsplit=1)
    if len(parts) == 2 and 0 < len(parts[0].split()) <= _MAX_OUTLET_WORDS:
        outlet, title = parts[0].strip(), parts[1].strip()
    elif url and len(entry.split()) <= _MAX_OUTLET_WORDS and entry:
        outlet, title = entry, ""
    if not outlet and url:
        outlet = _host(url)
    return SourceRecord(
        outlet=outlet_name(outlet)[:MAX_OUTLET_CHARS],
        title=title[:MAX_TITLE_CHARS],
        url=url,
    )


def outlet_name(raw: str) -> str:
    """Tidy an outlet name: ``TOWNHALL`` → ``Townhall``, ``BBC`` stays ``BBC``.

    Only names written entirely in capitals are re-cased (they are usually shouted in a
    sources list); a name with mixed case is kept as written, since ``HuffPost`` or
    ``The Hill`` already say how they want to be spelled.
    """
    name = " ".join(raw.split()).strip(" -–—|:,")
    if not name:
        return ""
    if name.lower() in _KNOWN_CASINGS:
        return _KNOWN_CASINGS[name.lower()]
    letters = [char for char in name if char.isalpha()]
    if not letters or not all(char.isupper() for char in letters):
        return name
    words = []
    for position, word in enumerate(name.split()):
        known = _KNOWN_CASINGS.get(word.lower())
        if known:
            words.append(known)
        elif position > 0 and word.lower() in _LOWER_WORDS:
            words.append(word.lower())
        else:
            words.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(words)


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")
