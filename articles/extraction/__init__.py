"""Quotation extraction for the fact-check workbench: plain Python, no Django.

    from articles.extraction import extract, ExtractedQuote, fingerprint, same_claim

`extract(text)` returns the quotations of an article with their speakers,
attribution cues and check-worthiness; `fingerprint` and `same_claim` group
repeated claims.
"""

from .extractor import extract
from .matching import fingerprint, same_claim
from .models import ExtractedQuote

__all__ = ["ExtractedQuote", "extract", "fingerprint", "same_claim"]
