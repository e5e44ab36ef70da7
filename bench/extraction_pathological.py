"""Time the extractor on hostile inputs, as a ratio to a word count over the same text.

A ratio that stays flat as the input grows means the engine is linear on that kind
of input; the baseline makes the figure comparable across machines and loads.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from articles.extraction import extract  # noqa: E402

_WORD_RE = re.compile(r"\w+")

_NEWS = (
    "The committee met on Tuesday to review the budget. Members asked for detail.\n\n" * 9
    + "“Spending rose 4 percent,” Finance Minister Lena Hartmann told reporters.\n\n"
)

CASES = {
    "quotation marks only": lambda n: '"' * n,
    "mixed marks and spaces": lambda n: "“ ” ‘ ’ « » ' " * (n // 16),
    "no whitespace": lambda n: "x" * n,
    "no whitespace, many quotes": lambda n: "a“b”c" * (n // 5),
    "one paragraph of quotes": lambda n: "“We won,” Jane Doe said. " * (n // 25),
    "ordinary news": lambda n: _NEWS * (n // len(_NEWS)),
}


def _best(fn, text, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()  # CPU time: other jobs on the machine don't count
        fn(text)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    """Print seconds and the ratio to the baseline for each case at two sizes."""
    print(f"{'case':28} {'chars':>9} {'quotes':>7} {'cpu s':>8} {'x baseline':>10}")
    for name, make in CASES.items():
        for size in (250_000, 1_000_000):
            text = make(size)
            found = len(extract(text))
            seconds = _best(extract, text, repeat=1 if size > 500_000 else 3)
            base = _best(lambda t: len(_WORD_RE.findall(t)), text)
            ratio = seconds / base if base else float("inf")
            print(f"{name:28} {len(text):>9} {found:>7} {seconds:>8.3f} {ratio:>10.1f}")


if __name__ == "__main__":
    main()
