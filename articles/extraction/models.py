"""Value objects the extraction engine hands to its callers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExtractedQuote:
    """One quotation found in an article, with whoever said it.

    `start`/`end` index the quotation content (inside the marks), so
    `article_text[start:end] == text`.
    """

    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_role: str = ""
    speaker_kind: str = ""
    cue: str = ""
    cue_start: int | None = None
    cue_end: int | None = None
    kind: str = "direct"
    checkworthiness: float = 0.0
    reasons: tuple[str, ...] = ()
    fingerprint: str = ""


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quotation found by mark pairing, before attribution.

    `open_mark`/`close_mark` are the offsets of the marks themselves (None when
    the mark is missing, as in a paragraph of a multi-paragraph quote).
    `group` ties together the paragraphs of one multi-paragraph quotation.
    """

    start: int
    end: int
    open_mark: int | None
    close_mark: int | None
    para_start: int
    para_end: int
    group: int


@dataclass(frozen=True, slots=True)
class Speaker:
    """A parsed speaker phrase: canonical name, role in front of it and kind."""

    name: str
    role: str = ""
    kind: str = "person"
    pronoun: bool = False
