"""Throughput of the check-worthiness scorer.

Run: .venv/bin/python bench/checkworthiness_speed.py [--copies N] [--repeat R]

Times ``assess`` over a generated corpus and, in the same run, ``str.lower`` over the
same sentences, so the ratio stays comparable across machines and load levels even
when the absolute rate does not.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from articles.extraction.checkworthiness import assess  # noqa: E402

# Hand-written to cover every branch: figures, comparisons, events, attribution,
# opinions, promises, questions, fragments, long run-ons and non-ASCII punctuation.
SENTENCES = (
    "Unemployment fell to 4.2 percent in the third quarter of last year.",
    "The county spent $3.4 million on the new bridge, twice the original budget.",
    "Our state now has the highest rate of child poverty in the region.",
    "The mayor signed the housing bill and vetoed the parking ordinance.",
    "According to the census bureau, the population grew by 12,000 people.",
    "The plant closure led to the loss of about nine hundred local jobs.",
    "Councillor Hughes voted against the school funding plan three times.",
    "I think this is a wonderful community with a great future.",
    "Thank you all so much for coming tonight.",
    "We will make this country strong again, and I\u2019m going to fight for you.",
    "What are you going to do about it?",
    "Well, you know, let me just say this.",
    "Absolutely not.",
    "If we could only work together, imagine what we might achieve.",
    "When I was a kid my father used to take me fishing on Sundays.",
    "Exports are higher than at any time since 2008, and the trade deficit has narrowed "
    "by a third, which economists say is the result of the weaker currency and the new "
    "agreements that the government negotiated with its neighbours over two years.",
    "\u201cWe never raised taxes,\u201d she said \u2014 but the record shows otherwise.",
    "Crime is down.",
)


def _rate(func, corpus, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in corpus:
            func(text)
        best = min(best, time.perf_counter() - start)
    return len(corpus) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1000, help="times to repeat the set")
    parser.add_argument("--repeat", type=int, default=5, help="timed passes; best is kept")
    args = parser.parse_args()

    # Distinct string objects per copy, so no layer can benefit from identity caching.
    corpus = [f"{text} " for _ in range(args.copies) for text in SENTENCES]
    assess_rate = _rate(assess, corpus, args.repeat)
    lower_rate = _rate(str.lower, corpus, args.repeat)
    print(f"sentences: {len(corpus)}  passes: {args.repeat} (best kept)")
    print(f"assess:    {assess_rate:12,.0f} sentences/s  ({1e6 / assess_rate:.1f} us each)")
    print(f"str.lower: {lower_rate:12,.0f} sentences/s")
    print(f"ratio:     assess is {lower_rate / assess_rate:.0f}x slower than str.lower")


if __name__ == "__main__":
    main()
