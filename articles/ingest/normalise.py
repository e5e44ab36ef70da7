"""Canonical form of article bodies, and the content hash the importer de-duplicates on."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalise_body(body: str) -> str:
    """Return ``body`` in the canonical form stored by the workbench.

    Unicode NFC; every line ending becomes ``\\n``; trailing whitespace is removed from each
    line; runs of blank lines become a single blank line; leading and trailing blank space is
    removed. The function is idempotent, and quote offsets point into its result, so it must
    not change between releases without re-hashing stored articles.
    """
    text = unicodedata.normalize("NFC", body)
    text = _LINE_BREAKS.sub("\n", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()


def content_hash(body: str) -> str:
    """Return the SHA-256 hex digest of the normalised ``body``.

    Two copies of an article that differ only in line endings, trailing spaces, blank lines or
    Unicode composition get the same hash, which makes re-imports idempotent.
    """
    return hashlib.sha256(normalise_body(body).encode("utf-8")).hexdigest()
