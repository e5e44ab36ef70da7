#!/usr/bin/env bash
# Public-page benchmark: gunicorn (sync workers) on 127.0.0.1 against PostgreSQL, measured with wrk.
#
# Builds a fresh database with `generate_load_data` (unless BENCH_REUSE=1 and it is already
# filled), serves the app with production settings, then measures requests/s and p50/p99
# latency for a fact-check page, the list page filtered and searched, a speaker page,
# /claimreview.json and a trivial constant view (/healthz), and prints each page's
# rate as a ratio to the trivial view measured in the same run.
#
#   bash bench/bench_pages.sh                      # 0.1 scale: 10,000 fact-checks, 100,000 quotes
#   BENCH_SCALE=1 bash bench/bench_pages.sh        # the full default: 100,000 fact-checks, 1,000,000 quotes
#   BENCH_REUSE=1 bash bench/bench_pages.sh        # keep the database from the last run
#
# Variables: BENCH_SCALE (0.1), BENCH_DB (factcheck_bench), BENCH_PG (postgres://postgres@127.0.0.1:5432),
# BENCH_PORT (8199), BENCH_WORKERS (2), BENCH_SECONDS (10), BENCH_CONNECTIONS (8), PYTHON (.venv/bin/python),
# BENCH_CACHE_URL (empty: each worker's local memory; e.g. redis://127.0.0.1:6379/9 for the shared cache a
# multi-worker deployment needs, so that one worker's invalidation reaches the others; that database is flushed).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
SCALE=${BENCH_SCALE:-0.1}
DB=${BENCH_DB:-factcheck_bench}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
PORT=${BENCH_PORT:-8199}
WORKERS=${BENCH_WORKERS:-2}
SECONDS_PER_URL=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
BASE="http://127.0.0.1:${PORT}"

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v psql >/dev/null || { echo "psql is not installed (apt-get install postgresql-client)" >&2; exit 1; }

export DATABASE_URL="${PG}/${DB}"
export DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_STATIC_MANIFEST=0 DJANGO_LOG_LEVEL=ERROR
export DJANGO_SECRET_KEY="bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export DJANGO_CONN_MAX_AGE=600
export DJANGO_CACHE_URL="${BENCH_CACHE_URL:-}"
if [[ -n "$DJANGO_CACHE_URL" ]]; then
  command -v redis-cli >/dev/null && redis-cli -u "$DJANGO_CACHE_URL" flushdb >/dev/null
fi

filled=$(psql "$DATABASE_URL" -tAc "select count(*) from articles_factcheck" 2>/dev/null || echo "")
if [[ "${BENCH_REUSE:-0}" == "1" && -n "$filled" && "$filled" != "0" ]]; then
  echo "Reusing ${DB} (${filled} fact-checks)."
else
  echo "Creating ${DB} at scale ${SCALE}…"
  psql "${PG}/postgres" -qc "DROP DATABASE IF EXISTS ${DB}" >/dev/null
  psql "${PG}/postgres" -qc "CREATE DATABASE ${DB}" >/dev/null
  "$PYTHON" manage.py migrate --noinput -v0
  "$PYTHON" manage.py generate_load_data --scale "$SCALE"
  psql "$DATABASE_URL" -qc "VACUUM ANALYZE" >/dev/null
fi

# The pages to measure, chosen from the data: a mid-range fact-check, the most-checked speaker,
# and a list query that filters by rating and searches words that many claims contain.
mapfile -t URLS < <("$PYTHON" bench/pages_urls.py)

LOG=$(mktemp -d)
"${PYTHON%/python}/gunicorn" factcheck.wsgi --workers "$WORKERS" --worker-class sync --bind "127.0.0.1:${PORT}" \
  --log-level warning >"$LOG/gunicorn.log" 2>&1 &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null; rm -rf "$LOG"' EXIT
for _ in $(seq 50); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$BASE/healthz" >/dev/null || { cat "$LOG/gunicorn.log"; exit 1; }

measure() {  # name url -> "rps p50 p99"
  local out
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_URL}s" --latency "$2")
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $4}' <<<"$out")
  [[ -z "$non2xx" ]] || echo "  warning: $1 answered $non2xx non-2xx responses" >&2
  echo "$rps $p50 $p99"
}

echo
echo "gunicorn: ${WORKERS} sync workers · wrk: 2 threads, ${CONNECTIONS} connections, ${SECONDS_PER_URL} s per URL"
echo "page cache: ${DJANGO_CACHE_URL:-local memory in each worker}"
echo "data: $(psql "$DATABASE_URL" -tAc "select (select count(*) from articles_factcheck)||' fact-checks, '||(select count(*) from articles_quote)||' quotes, '||(select count(*) from articles_speaker)||' speakers, '||(select count(*) from articles_outlet)||' outlets'")"
echo

# Warm up: the workers import and compile templates on their first requests, and every page's
# first response is rendered (a miss); later ones come from the page cache until something
# public changes. The trivial view is measured before and after each page, and the page's
# ratio uses the mean of the two, so a busy machine's drift cancels out.
wrk -t2 -c"$CONNECTIONS" -d2s "$BASE/healthz" >/dev/null
for spec in "${URLS[@]}"; do url=${spec#* }; for _ in 1 2 3 4; do curl -fs -o /dev/null "$BASE$url"; done; done

printf "%-22s %10s %9s %9s %12s %8s\n" page "req/s" p50 p99 "trivial/s" ratio
read -r before _ _ < <(measure trivial "$BASE/healthz")
for spec in "${URLS[@]}"; do
  name=${spec%% *}; url=${spec#* }
  read -r rps p50 p99 < <(measure "$name" "$BASE$url")
  read -r after tp50 tp99 < <(measure trivial "$BASE/healthz")
  base=$(awk -v a="$before" -v b="$after" 'BEGIN {printf "%.0f", (a + b) / 2}')
  ratio=$(awk -v a="$rps" -v b="$base" 'BEGIN {printf "%.2f", a / b}')
  printf "%-22s %10s %9s %9s %12s %8s\n" "$name" "$rps" "$p50" "$p99" "$base" "$ratio"
  before=$after
done
printf "%-22s %10s %9s %9s\n" "trivial /healthz" "$after" "$tp50" "$tp99"
echo
for spec in "${URLS[@]}"; do echo "  ${spec}"; done

# Mixed load: readers on the public site while editors act in the workbench, about once a
# second (accept, reject, autosave, publish, correct). Two phases of the same length, the
# editors active in both: readers on a spread of public pages, then the trivial view; the
# pages' rate as a share of the trivial view's says what the editors' changes cost readers.
MIXED_SECONDS=${BENCH_MIXED_SECONDS:-60}
"$PYTHON" bench/pages_urls.py --readers 1000 >"$LOG/paths.txt"
"$PYTHON" bench/mixed_load.py prepare "$LOG/plan.json"
mixed() {  # phase-name url [wrk script] -> "rps p50 p99 non2xx errors"
  "$PYTHON" bench/mixed_load.py editors "$LOG/plan.json" "$BASE" "$MIXED_SECONDS" "$LOG/$1.json" >"$LOG/$1.txt" &
  local editors=$! out
  if [[ -n "${3:-}" ]]; then
    out=$(BENCH_PATHS="$LOG/paths.txt" wrk -t2 -c"$CONNECTIONS" -d"${MIXED_SECONDS}s" --latency -s "$3" "$2")
  else
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${MIXED_SECONDS}s" --latency "$2")
  fi
  wait "$editors"
  local non2xx errors
  non2xx=$(awk '/Non-2xx/ {print $4}' <<<"$out")
  errors=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
  echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1=="50%" {print $2}' <<<"$out") \
$(awk '$1=="99%" {print $2}' <<<"$out") ${non2xx:-0} ${errors:-0}"
}
# Readers first, alone, until every worker holds every page: a live site's cache is warm, and
# the phases below should measure what the editors' changes cost, not the first render of
# 1,000 pages in each worker.
BENCH_PATHS="$LOG/paths.txt" wrk -t2 -c"$CONNECTIONS" -d"${BENCH_WARM_SECONDS:-30}s" -s bench/readers.lua "$BASE" >/dev/null
echo
echo "mixed load: $(wc -l <"$LOG/paths.txt") public pages for readers (wrk, ${CONNECTIONS} connections) while two"
echo "editors act about once a second; ${MIXED_SECONDS} s a phase"
read -r prps pp50 pp99 pnon perr < <(mixed readers "$BASE" bench/readers.lua)
read -r hrps hp50 hp99 hnon herr < <(mixed trivial "$BASE/healthz")
printf "  %-26s %10s %9s %9s %9s %8s\n" phase "req/s" p50 p99 non-2xx errors
printf "  %-26s %10s %9s %9s %9s %8s\n" "public pages + editors" "$prps" "$pp50" "$pp99" "$pnon" "$perr"
printf "  %-26s %10s %9s %9s %9s %8s\n" "trivial /healthz + editors" "$hrps" "$hp50" "$hp99" "$hnon" "$herr"
echo "  public pages ÷ trivial view: $(awk -v a="$prps" -v b="$hrps" 'BEGIN {printf "%.2f", a / b}') (target at least 0.5)"
sed 's/^/  readers phase, /' "$LOG/readers.txt"
sed 's/^/  trivial phase, /' "$LOG/trivial.txt"
"$PYTHON" bench/mixed_load.py verify "$LOG/plan.json" "$LOG/readers.json" "$LOG/trivial.json" | sed 's/^/  /'

# Uncached renders: each public page's own view, without the page cache, in one process.
echo
echo "uncached renders (the view alone, ${BENCH_RENDERS:-100} renders each, ms; target p99 < 50):"
printf "  %-24s %8s %8s\n" page p50 p99
"$PYTHON" bench/pages_urls.py --render | while read -r name p50 p99; do
  flag=$(awk -v v="$p99" 'BEGIN {print (v < 50) ? "" : "  over the 50 ms target"}')
  printf "  %-24s %8s %8s%s\n" "$name" "$p50" "$p99" "$flag"
done

# Invalidation across processes: a correction saved by another process (here manage.py, as
# the workbench or the task worker would) must show at once on every worker's cached page.
page=${URLS[0]#* }
token="bench-check-$RANDOM$RANDOM"
for _ in 1 2 3 4; do curl -fs -o /dev/null "$BASE$page"; done
"$PYTHON" manage.py shell -v0 -c "
from articles.models import Correction, FactCheck
factcheck = FactCheck.objects.get(slug='${page}'.strip('/').split('/')[-1])
Correction.objects.create(factcheck=factcheck, kind='typo', note='${token}')"
seen=0
for _ in $(seq 10); do curl -fs "$BASE$page" | grep -q "$token" && seen=$((seen + 1)); done
"$PYTHON" manage.py shell -v0 -c "from articles.models import Correction; Correction.objects.filter(note='${token}').delete()"
echo
echo "cross-process invalidation: ${seen}/10 responses showed a correction saved by another process at once"
