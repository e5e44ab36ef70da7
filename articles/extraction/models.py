"""Value objects the extraction engine hands to its callers.

They are named tuples rather than dataclasses: immutable, comparable and built
from keywords with defaults just the same, but `dataclasses` (with `inspect`)
costs more to import than the engine takes to read a short article, and
start-up counts in every run of `python -m articles.extraction`.
"""

from __future__ import annotations

from collections import namedtuple

# `speaker_kind` of a source the article describes but does not name ("a spokesman").
DESCRIPTION = "description"


class ExtractedQuote(
    namedtuple(
        "ExtractedQuote",
        "start end text speaker speaker_role speaker_kind cue cue_start cue_end kind checkworthiness reasons",
        defaults=(None, "", "", "", None, None, "direct", 0.0, ()),
    )
):
    """One quotation found in an article, with whoever said it.

    `start`/`end` (int) index the quotation content (inside the marks), so
    `article_text[start:end] == text`. `speaker` is a name or None; `speaker_role`,
    `speaker_kind` ("person", "organization", or "description" for an unnamed source
    such as "a spokesman"), `cue` are strings (`speaker_role` as the article gives it;
    `speaker_title` and `speaker_affiliation` split it); `cue_start`/
    `cue_end` are offsets or None; `kind` is "direct" or "partial";
    `checkworthiness` is 0..1 with `reasons` (tuple of str); `fingerprint` groups
    repeats of one claim.
    """

    __slots__ = ()

    @property
    def fingerprint(self) -> str:
        # Worked out on demand (and `matching` loaded only then): the command
        # line never prints it, and hashing every quotation cost it about 5%.
        from .matching import fingerprint

        return fingerprint(self.text)

    @property
    def speaker_title(self) -> str:
        """The role without the institution: "spokeswoman" of "a spokeswoman for Acme"."""
        from .roles import split_role

        return split_role(self.speaker_role)[0]

    @property
    def speaker_affiliation(self) -> str:
        """Where the speaker works, when the role names it: "Acme" of "a spokeswoman for Acme"."""
        from .roles import split_role

        return split_role(self.speaker_role)[1]


class QuoteSpan(namedtuple("QuoteSpan", "start end open_mark close_mark para_start para_end group")):
    """A quotation found by mark pairing, before attribution.

    `open_mark`/`close_mark` are the offsets of the marks themselves (None when
    the mark is missing, as in a paragraph of a multi-paragraph quote).
    `group` ties together the paragraphs of one multi-paragraph quotation.
    """

    __slots__ = ()


class Speaker(namedtuple("Speaker", "name role kind pronoun", defaults=("", "person", False))):
    """A parsed speaker phrase: canonical name, role in front of it and kind."""

    __slots__ = ()
