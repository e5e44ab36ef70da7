#!/usr/bin/env bash
# Quote-extraction benchmark: accuracy and throughput on the gold files in shared/
# (seeds, polnear_dev, polnear_train and its read/report folds), check-worthiness on the CT24 dev and train sets and on the train set's folds, and
# time on pathological inputs as a ratio to a plain word count over the same text
# (measured in the same run).
# Usage: bash bench/bench_extraction.sh   (PYTHON overrides the interpreter)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
PYTHON="${PYTHON:-.venv/bin/python}"
shared="$(cd "$here/../../shared" 2>/dev/null && pwd || true)"
extractor="$PYTHON -m articles.extraction"

if [ -n "$shared" ] && [ -d "$shared/eval" ]; then
  for gold in "$shared/data/quotes/seeds_gold.jsonl" "$shared/data/quotes/polnear_dev.jsonl" \
    "$shared/data/quotes/polnear_train.jsonl"; do
    [ -f "$gold" ] || continue
    echo "== quotes: $(basename "$gold")"
    "$PYTHON" "$shared/eval/score_quotes.py" --gold "$gold" --cmd "$extractor"
    echo
  done
  # polnear_train split by document id into read folds (studied) and report folds
  # (never read article by article): a rule is kept only when the report folds gain too.
  echo "== quotes: polnear_train folds (folds 0-1 read, 2-4 report only)"
  "$PYTHON" bench/quotes_folds.py --gold "$shared/data/quotes/polnear_train.jsonl"
  echo
  for cw_gold in "$shared/data/checkworthiness/ct24_dev.jsonl" "$shared/data/checkworthiness/ct24_train.jsonl"; do
    [ -f "$cw_gold" ] || continue
    echo "== check-worthiness: $(basename "$cw_gold")"
    "$PYTHON" "$shared/eval/score_checkworthiness.py" --gold "$cw_gold" --bootstrap 0 \
      --cmd "$extractor --checkworthiness"
    echo
  done
  echo "== check-worthiness folds of ct24_train (folds 0-1 read, 2-4 report only)"
  "$PYTHON" bench/checkworthiness_folds.py --shared "$shared"
  echo
else
  echo "shared/ not found next to the checkout: skipping the gold-file scores"
fi

echo "== pathological inputs"
"$PYTHON" bench/extraction_pathological.py
