"""Quotation extraction for the fact-check workbench: plain Python, no Django.

    from articles.extraction import extract, ExtractedQuote, fingerprint, same_claim

`extract(text)` returns the quotations of an article with their speakers,
attribution cues and check-worthiness; `fingerprint` and `same_claim` group
repeated claims.

The names load on first use: `python -m articles.extraction` imports this
package before its `__main__` runs, and `__main__` must first switch the
bytecode cache back on, or every run would recompile the engine's source.
"""

__all__ = ["ExtractedQuote", "extract", "fingerprint", "same_claim"]

_HOMES = {
    "extract": "extractor",
    "fingerprint": "matching",
    "same_claim": "matching",
    "ExtractedQuote": "models",
}


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
