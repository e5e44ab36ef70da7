"""Check-worthiness scoring for sentences and quotes.

A transparent, rule-based scorer: each linguistic cue that fact-checkers look for
(figures, comparisons, past actions, causal links, attribution, policy topics) adds
to a logit, and each cue of non-checkable speech (opinion, greeting, vague promise,
question, filler) subtracts from it. The logit goes through a sigmoid so that 0.5 is
the decision threshold, and the cues that fired are returned as editor-facing
reasons. Standard library only, so it can run anywhere the extractor runs.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = ["Assessment", "assess"]


@dataclass(frozen=True, slots=True)
class Assessment:
    score: float
    reasons: tuple[str, ...]


_I = re.IGNORECASE


def _words(*alternatives: str) -> str:
    return r"\b(?:" + "|".join(alternatives) + r")\b"


# (reason, weight, pattern). Weights are hand-set log-odds contributions.
_FEATURES: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    ("contains a number", 1.6, re.compile(r"\d")),
    (
        "contains a quantity",
        1.2,
        re.compile(
            _words(
                "million", "millions", "billion", "billions", "trillion", "thousand",
                "thousands", "hundred", "hundreds", "percent", "per cent", "dozen",
                "half", "twice", "double", "doubled", "tripled", "quadrupled", "a third",
            ),
            _I,
        ),
    ),
    ("comparison", 1.0, re.compile(
        _words(
            r"more than", r"less than", r"fewer than", r"than ever", r"than any",
            r"(?:high|low|larg|bigg|great|small|fast|slow|poor|rich|long)est",
            r"most", r"record", r"highest", r"lowest", r"worst",
        ),
        _I,
    )),
)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


_BIAS = -1.5


def assess(text: str) -> Assessment:
    """Score how worth fact-checking ``text`` is, with the reasons behind the score."""
    logit = _BIAS
    reasons: list[str] = []
    for reason, weight, pattern in _FEATURES:
        if pattern.search(text):
            logit += weight
            reasons.append(reason)
    return Assessment(score=_sigmoid(logit), reasons=tuple(reasons))
