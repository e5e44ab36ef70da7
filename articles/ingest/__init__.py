"""Parsers that turn uploaded articles into plain records; no Django here.

The importer calls :func:`parse_upload` (or :func:`iter_upload_files` first, to report
archive members one by one) and stores each :class:`ArticleRecord`; each :class:`ItemError`
is shown to the admin. :func:`content_hash` of the normalised body makes re-imports
idempotent.
"""

from .archive import iter_upload_files
from .normalise import content_hash, normalise_body
from .records import ArticleRecord, ItemError, SourceRecord
from .upload import parse_upload

__all__ = [
    "ArticleRecord",
    "ItemError",
    "SourceRecord",
    "content_hash",
    "iter_upload_files",
    "normalise_body",
    "parse_upload",
]
