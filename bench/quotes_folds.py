"""Quote and speaker scores on fixed folds of polnear_train: read folds and report folds.

The gold set carries no licence, so it is only measured, never trained on or
copied. To tell a general rule from one fitted to the articles, the set is
split once, by a hash of each document's id, into five folds:

* folds 0 and 1 are the read folds: their errors may be studied article by article
  (`--errors`);
* folds 2, 3 and 4 are the report folds: only their aggregate scores are printed,
  and a rule is kept only when it helps there too.

Usage:
    python bench/quotes_folds.py                      # run the engine, print the table
    python bench/quotes_folds.py --pred PRED.jsonl    # score saved predictions
    python bench/quotes_folds.py --errors             # wrong speakers on the read folds only
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "data" / "quotes" / "polnear_train.jsonl"
FOLDS = 5
READ_FOLDS = frozenset({0, 1})
REPORT_FOLDS = frozenset(range(FOLDS)) - READ_FOLDS


def fold_of(doc_id: str) -> int:
    """The fold of a document, fixed by its id alone (no order, no seed)."""
    return int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest(), 16) % FOLDS


def _scorer():
    spec = importlib.util.spec_from_file_location("score_quotes", SHARED / "eval" / "score_quotes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _predict(gold: dict[str, dict], cmd: list[str]) -> tuple[dict[str, dict], float]:
    stdin = "".join(json.dumps({"id": k, "text": d["text"]}, ensure_ascii=False) + "\n" for k, d in gold.items())
    started = time.perf_counter()
    proc = subprocess.run(cmd, input=stdin.encode("utf-8"), capture_output=True, cwd=ROOT, check=True)
    wall = time.perf_counter() - started
    preds = {}
    for line in proc.stdout.decode("utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            preds[str(obj["id"])] = obj
    return preds, wall


def _row(label: str, c: dict, n_docs: int) -> str:
    return (
        f"{label:<22}{n_docs:>5}{c['n_gold']:>6}{c['quote_f1']:>8.3f}"
        f"{c['named_p']:>8.3f}{c['named_r']:>8.3f}{c['named_f1']:>8.3f}"
        f"{c['spk_named_correct']:>8}{c['pred_spk']:>8}{c['gold_spk']:>8}"
    )


def _errors(gold: dict[str, dict], preds: dict[str, dict], scorer) -> None:
    """Print each read-fold quote whose speaker is wrong or missing, with context."""
    for doc_id, doc in gold.items():
        if fold_of(doc_id) not in READ_FOLDS:
            continue
        text = doc["text"]
        one = scorer.score({doc_id: doc}, {doc_id: preds.get(doc_id, {"quotes": []})})
        if one["spk_named_correct"] == one["gold_spk"] and one["pred_spk"] == one["spk_named_correct"]:
            continue
        pq = (preds.get(doc_id) or {}).get("quotes") or []
        print(f"### {doc_id}")
        for q in doc["quotes"]:
            match = next((p for p in pq if p["start"] < q["end"] and q["start"] < p["end"]), None)
            names = [q.get("speaker")] + list(q.get("speaker_aliases") or [])
            got = match.get("speaker") if match else None
            ok = bool(q.get("speaker")) and got and scorer.speaker_match(got, names) and not scorer.is_pronoun(got)
            if ok or all(scorer.is_pronoun(n) for n in names):
                continue  # right, or a bare pronoun in the gold that no name can match
            lo = text.rfind("\n", 0, q["start"]) + 1
            print(f"  gold={names} pred={got!r} found={match is not None}")
            print(f"    {text[max(lo, q['start'] - 250) : q['end'] + 120]!r}")
        for p in pq:
            if not any(p["start"] < q["end"] and q["start"] < p["end"] for q in doc["quotes"]):
                print(f"  EXTRA pred={p.get('speaker')!r}: {text[max(0, p['start'] - 80) : p['end'] + 40]!r}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--pred", help="saved predictions (JSONL); default: run the engine")
    ap.add_argument("--save-pred", help="keep the engine's predictions here")
    ap.add_argument("--errors", action="store_true", help="list wrong speakers on the read folds only")
    args = ap.parse_args()
    if not Path(args.gold).exists():
        print(f"{args.gold} not found: skipping the fold figures")
        return 0
    scorer = _scorer()
    gold = {str(d["id"]): d for d in scorer.load_jsonl(args.gold)}
    wall = None
    if args.pred:
        with open(args.pred, encoding="utf-8") as fh:
            preds, _ = scorer.parse_pred_stream(fh.read())
    else:
        preds, wall = _predict(gold, [sys.executable, "-m", "articles.extraction"])
        if args.save_pred:
            with open(args.save_pred, "w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in preds.values())
    if args.errors:
        _errors(gold, preds, scorer)
        return 0

    def part(folds) -> tuple[dict, int]:
        docs = {k: d for k, d in gold.items() if fold_of(k) in folds}
        return scorer.score(docs, preds), len(docs)

    print(
        f"{Path(args.gold).name}: folds by sha256(id) mod {FOLDS};"
        f" read {sorted(READ_FOLDS)}, report {sorted(REPORT_FOLDS)}"
    )
    print(
        f"{'part':<22}{'docs':>5}{'quotes':>6}{'quoteF1':>8}{'namedP':>8}{'namedR':>8}{'namedF1':>8}"
        f"{'right':>8}{'named':>8}{'goldSpk':>8}"
    )
    for label, folds in (
        ("read folds", READ_FOLDS),
        ("report folds", REPORT_FOLDS),
        *((f"  report fold {f}", {f}) for f in sorted(REPORT_FOLDS)),
        ("whole set", frozenset(range(FOLDS))),
    ):
        print(_row(label, *part(folds)))
    if wall:
        print(
            f"engine wall {wall:.2f}s over {len(gold)} docs -> {len(gold) / wall:.0f} docs/s (noisy; see bench notes)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
