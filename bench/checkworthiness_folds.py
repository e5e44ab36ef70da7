"""Check-worthiness figures on fixed folds of ct24_train, plus ct24_dev.

Run: .venv/bin/python bench/checkworthiness_folds.py [--shared DIR] [--errors N]

The fold protocol, fixed before any rule was changed (issue 11):

- ct24_train's ids are ClaimBuster sentence ids, numbered in transcript order, so a
  block of 1,000 consecutive ids holds one debate or a stretch of one. A sentence's
  fold is ``(id // 1000) % 5``: neighbouring sentences (same debate, same speakers,
  same topics) stay in one fold, and each fold spans every era of the debates.
- Folds 0 and 1 are the development folds: their sentences may be read to study
  errors. Folds 2, 3 and 4 are the report folds: only their aggregate figures are
  ever printed, never a sentence (``--errors`` reads the development folds only).
- ct24_dev (which the first version of the rules was tuned on) is reported too.
- Neither file carries a licence: they measure the scorer and are never trained on.

A rule is kept only when it helps on the report folds as well as on the read ones.
The figures are F1 of the check-worthy class at score >= 0.5 and average precision,
computed by the shared scorer's own functions. Throughput is measured by
bench/checkworthiness_speed.py and by the shared scorer in bench/bench_extraction.sh.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.extraction.checkworthiness import assess  # noqa: E402

BLOCK = 1000
FOLDS = 5
READ_FOLDS = (0, 1)
REPORT_FOLDS = (2, 3, 4)


def fold_of(sentence_id: str) -> int:
    """The fold of a ct24 sentence: its block of consecutive ids, modulo FOLDS."""
    return (int(sentence_id) // BLOCK) % FOLDS


def _load(path: Path) -> list[tuple[str, str, int]]:
    with path.open(encoding="utf-8") as fh:
        return [(str(r["id"]), r["text"], int(r["label"])) for r in map(json.loads, filter(str.strip, fh))]


def _metrics_module(shared: Path):
    # The shared scorer's own P/R/F1 and AP, so these figures match its output exactly.
    spec = importlib.util.spec_from_file_location("score_checkworthiness", shared / "eval/score_checkworthiness.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _row(metrics, name: str, items: list[tuple[int, float]]) -> str:
    labels = [y for y, _ in items]
    scores = [s for _, s in items]
    at = metrics.prf(labels, scores, 0.5)
    ap = metrics.average_precision(labels, scores)
    return (
        f"{name:<26} n={len(items):>6}  pos={sum(labels) / len(labels):.3f}  "
        f"P={at['precision']:.3f} R={at['recall']:.3f} F1={at['f1']:.3f}  AP={ap:.3f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared/ folder")
    parser.add_argument("--errors", type=int, default=0, help="print N worst errors of each kind, read folds only")
    args = parser.parse_args()

    data = args.shared / "data/checkworthiness"
    train_path, dev_path = data / "ct24_train.jsonl", data / "ct24_dev.jsonl"
    if not train_path.is_file() or not dev_path.is_file():
        print(f"ct24 files not found under {data}: nothing to measure")
        return 0
    metrics = _metrics_module(args.shared)

    train = [(sid, text, label, assess(text).score) for sid, text, label in _load(train_path)]
    dev = [(label, assess(text).score) for _, text, label in _load(dev_path)]
    by_fold: dict[int, list[tuple[int, float]]] = {f: [] for f in range(FOLDS)}
    for sid, _, label, score in train:
        by_fold[fold_of(sid)].append((label, score))

    print(_row(metrics, "ct24_dev", dev))
    print(_row(metrics, "ct24_train (all)", [(y, s) for _, _, y, s in train]))
    print(_row(metrics, "read folds " + "+".join(map(str, READ_FOLDS)), sum((by_fold[f] for f in READ_FOLDS), [])))
    print(
        _row(metrics, "report folds " + "+".join(map(str, REPORT_FOLDS)), sum((by_fold[f] for f in REPORT_FOLDS), []))
    )
    for f in range(FOLDS):
        kind = "read" if f in READ_FOLDS else "report"
        print(_row(metrics, f"  fold {f} ({kind})", by_fold[f]))

    if args.errors:
        read = [(text, label, score) for sid, text, label, score in train if fold_of(sid) in READ_FOLDS]
        misses = sorted((r for r in read if r[1] and r[2] < 0.5), key=lambda r: r[2])
        false_alarms = sorted((r for r in read if not r[1] and r[2] >= 0.5), key=lambda r: -r[2])
        for title, rows in (("missed check-worthy", misses), ("false alarms", false_alarms)):
            print(f"\n== {title} (read folds; {len(rows)} in all)")
            for text, _, score in rows[: args.errors]:
                print(f"{score:.2f}  {', '.join(assess(text).reasons)}\n      {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
