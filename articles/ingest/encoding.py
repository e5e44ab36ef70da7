"""Turning uploaded bytes into text, and refusing bytes that are not text at all.

Accepted: UTF-8 (with or without a byte-order mark), UTF-16 and UTF-32 with a byte-order mark,
a charset declared by an HTML ``<meta>`` or XML prolog, and Windows-1252 (which also reads
ISO-8859-1 text, since the two agree on every printable Latin-1 character). Windows-1252 is
only accepted when the decoded text looks like Western-European prose; anything else (for
example a Cyrillic or Japanese legacy encoding) is refused with a request to save the file as
UTF-8, because silently storing mojibake would corrupt quotations.
"""

from __future__ import annotations

import codecs
import re

from .records import Rejected

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ\x90\x00", "a Windows program"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x00asm", "a WebAssembly module"),
    (b"OggS", "an Ogg audio or video file"),
    (b"ID3", "an MP3 audio file"),
    (b"RIFF", "a RIFF media file"),
)

_SNIFF_BYTES = 8192
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}
_MAX_CONTROL_RATIO = 0.05
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})"""
    rb"""|<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
_MAX_NON_ASCII_RATIO = 0.25
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{4,}")
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def binary_kind(data: bytes) -> str | None:
    """Describe ``data`` if it is clearly not text (e.g. ``"a PDF document"``), else ``None``.

    Checks well-known magic numbers, then NUL bytes and the share of control characters in
    the first 8 KiB. Text with a UTF-16/32 byte-order mark is text even though it has NULs.
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[4:8] == b"ftyp":
        return "an MP4 or QuickTime media file"
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return "a binary file (it contains NUL bytes; UTF-16 text needs a byte-order mark)"
    if head:
        controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
        if controls / len(head) > _MAX_CONTROL_RATIO:
            return "a binary file (it is full of control characters)"
    return None


def decode_text(data: bytes) -> str:
    """Decode uploaded ``data`` to ``str``, or raise :class:`Rejected` saying why not.

    The order is: byte-order mark, strict UTF-8, the charset the document declares, then
    Windows-1252 if the result is plausible Western text. A leading BOM is removed. Text
    containing NUL characters is refused because the database cannot store them.
    """
    text = _decode(data)
    if "\x00" in text:
        raise Rejected(
            "the file contains NUL characters, so it is binary data or UTF-16 text without "
            "a byte-order mark; please save it as UTF-8"
        )
    return text


def _decode(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as error:
                raise Rejected(
                    f"the file starts with a {codec.upper()} byte-order mark but is not valid "
                    f"{codec.upper()} text (bad byte at position {error.start})"
                ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared and declared not in {"utf-8", "utf-16", "utf-32"}:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible_western(text):
        return text
    raise Rejected(
        "the file is not UTF-8 text and its encoding could not be recognised; "
        "please save it as UTF-8 and upload it again"
    )


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(data[:2048])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # The declaration was found by reading the bytes as ASCII, so only a charset that spells
    # ASCII as ASCII can be what the page is written in. An EBCDIC label (cp500) on an ASCII
    # page, or UTF-7 (a known way to smuggle markup past filters), would store mojibake.
    if not _ascii_compatible(codec):
        return None
    # Browsers read pages labelled Latin-1 or ASCII as Windows-1252 (WHATWG Encoding), and
    # pages that say Latin-1 but use curly quotes from Windows-1252 are common.
    return "cp1252" if codec in {"latin-1", "ascii", "iso8859-1"} else codec


def _ascii_compatible(codec: str) -> bool:
    try:
        return _PRINTABLE_ASCII.decode(codec) == _PRINTABLE_ASCII.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def unstorable_reason(text: str) -> str | None:
    """Why ``text`` cannot be stored as it is (a NUL, or half of a UTF-16 surrogate pair), else None.

    Decoding bytes never yields either, but a JSON string can spell both as escapes
    (``\\u0000``, ``\\ud800``), and neither PostgreSQL nor UTF-8 can hold them.
    """
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    position = f"at character {found.start() + 1}"
    if found.group() == "\x00":
        return f"contains a NUL character (\\u0000) {position}, which cannot be stored; remove it"
    code = f"\\u{ord(found.group()):04x}"
    return f"contains an unpaired surrogate ({code}) {position}, which is not valid Unicode text"


def _plausible_western(text: str) -> bool:
    non_ascii = sum(1 for char in text if ord(char) > 0x7F)
    if not text or non_ascii / len(text) > _MAX_NON_ASCII_RATIO:
        return False
    if any("\x80" <= char <= "\x9f" for char in text):
        return False
    long_runs = sum(len(run) for run in _NON_ASCII_RUN.findall(text))
    return long_runs <= max(8, non_ascii // 4)
