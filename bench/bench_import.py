"""Import throughput: generated articles stored in chunks, extraction included, against the engine alone.

Run: .venv/bin/python bench/bench_import.py [--n 5000,20000] [--chunk 500] [--db sqlite,postgres]
                                           [--trigger 2000,4000,8000,16000] [--seed 0]

For each database (SQLite in a temporary file; PostgreSQL in a scratch database,
$BENCH_POSTGRES_DB or `factcheck_import_bench`, when a server answers at
$BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432; both removed afterwards)
and each corpus size it migrates an empty database, then times, in the same run and on
the same articles:

- parse: reading the JSONL files into records (no database, no extraction);
- engine: the extraction engine alone on every body (no database), the baseline;
- import: parsing, then `articles_import_chunk` on chunks of --chunk records, one worker,
  into the empty database: articles, outlets, sources, speakers, claims and quotes;
- reimport: the same files again, every article found "unchanged".

It prints articles per second for each, import÷engine (the target is at least 0.5:
storing costs no more than extracting), import's store time per article (import time
less parse and engine time), reimport÷import (target at least 5) and the queries per
article of an import and of a re-import, counted on 200 further articles in one chunk.

Then, with --trigger, the database's check that a quote's text is the article body
between its offsets: one article with N quotes stored in one statement, for each N.
Time per quote stays flat when the check is linear; it doubled with each doubling of N
under the old per-row trigger. Each database runs in a child process, because Django
connects to one default database per process.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

ARTICLES_PER_FILE = 500  # well under the 5 MB per-file limit
SAMPLE = 200  # articles whose queries are counted
PG_BENCH_DB = os.environ.get("BENCH_POSTGRES_DB", "factcheck_import_bench")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", default="5000,20000", help="comma-separated corpus sizes (default 5000,20000)")
    parser.add_argument("--chunk", type=int, default=500, help="records per articles_import_chunk call (default 500)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--db", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument(
        "--trigger", default="2000,4000,8000,16000", help="quotes in one article for the trigger growth ('' skips it)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)  # what a child process measures: import or trigger
    args = parser.parse_args(argv)
    if args.child == "import":
        print(json.dumps(_measure_import(int(args.n), args.seed, args.chunk)))
        return 0
    if args.child == "trigger":
        print(json.dumps(_measure_trigger([int(n) for n in args.trigger.split(",")])))
        return 0

    sizes = [int(n) for n in args.n.split(",") if n.strip()]
    dbs = [name.strip() for name in args.db.split(",") if name.strip()]
    failed = False
    print(f"Generated articles (seed {args.seed}), chunks of {args.chunk}, one worker, extraction included.\n")
    header = f"{'database':<10}{'articles':>9}{'parse/s':>9}{'engine/s':>9}{'import/s':>9}{'reimport/s':>11}"
    header += f"{'import÷engine':>14}{'store ms/art':>13}{'db cpu ms/art':>14}{'reimport÷import':>16}"
    header += f"{'queries/art':>12}{'re-q/art':>9}"
    print(header + f"{'quotes':>9}{'claims':>8}{'speakers':>9}")
    for db in dbs:
        for n in sizes:
            arguments = ["--child", "import", "--n", str(n), "--seed", str(args.seed), "--chunk", str(args.chunk)]
            result = _child(db, arguments)
            if result is None:
                print(f"{db:<10}skipped: no PostgreSQL server answers")
                break
            if "error" in result:
                failed = True
                print(f"{db:<10}{n:>9,} failed:\n{result['error']}")
                continue
            r = result
            db_cpu = "" if r["database_cpu_ms"] is None else f"{r['database_cpu_ms']:.2f}"
            print(
                f"{db:<10}{n:>9,}{r['parse']:>9,.0f}{r['engine']:>9,.0f}{r['import']:>9,.1f}{r['reimport']:>11,.0f}"
                f"{r['import'] / r['engine']:>14.2f}{r['store_ms']:>13.2f}{db_cpu:>14}"
                f"{r['reimport'] / r['import']:>16.1f}"
                f"{r['queries_per_article']:>12.2f}{r['requeries_per_article']:>9.2f}"
                f"{r['quotes']:>9,}{r['claims']:>8,}{r['speakers']:>9,}"
            )
            if r["created"] != n or r["unchanged"] != n:
                failed = True
                print(f"  expected {n} created and unchanged, got {r['created']} and {r['unchanged']}")
    print(
        "\nparse: reading the files only; engine: quote extraction alone (the baseline); import: parse, extract and "
        "store articles, sources, speakers, quotes and claims; reimport: the same files again, all unchanged.\n"
        "store ms/art: the import's time less its parsing and extraction (timed inside it); db cpu ms/art: the "
        "PostgreSQL server process's CPU time during the import, when it runs on this machine.\n"
        "Targets: import÷engine >= 0.5, reimport÷import >= 5. Ratios are measured in one run; absolute rates "
        "depend on the machine and what else runs on it."
    )
    if args.trigger.strip():
        failed |= _print_trigger(dbs, args.trigger)
    return 1 if failed else 0


def _print_trigger(dbs: list[str], sizes: str) -> bool:
    print("\nThe quote/body check: one article with N quotes, inserted in one statement.\n")
    print(f"{'database':<10}{'quotes':>8}{'body chars':>12}{'seconds':>9}{'µs/quote':>10}{'growth':>8}")
    failed = False
    for db in dbs:
        result = _child(db, ["--child", "trigger", "--trigger", sizes])
        if result is None:
            continue
        if "error" in result:
            failed = True
            print(f"{db:<10}failed:\n{result['error']}")
            continue
        previous = None
        for row in result["rows"]:
            growth = f"{row['seconds'] / previous['seconds']:.1f}x" if previous else ""
            print(
                f"{db:<10}{row['quotes']:>8,}{row['chars']:>12,}{row['seconds']:>9.2f}"
                f"{1e6 * row['seconds'] / row['quotes']:>10.1f}{growth:>8}"
            )
            previous = row
    print("growth: time against the row above, for twice the quotes (2x is linear, 4x quadratic).")
    return failed


def _child(db: str, arguments: list[str]) -> dict | None:
    url = _database_url(db)
    if url is None:
        return None
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1", "DJANGO_LOG_LEVEL": "ERROR"}
    try:
        child = subprocess.run([sys.executable, __file__, *arguments], env=env, capture_output=True, text=True)
    finally:
        _drop_database(db, url)
    if child.returncode != 0:
        return {"error": child.stderr[-2000:]}
    return json.loads(child.stdout.strip().splitlines()[-1])


def _database_url(db: str) -> str | None:
    if db == "sqlite":
        return f"sqlite:///{tempfile.mkdtemp(prefix='bench-import-')}/bench.sqlite3"
    if db != "postgres":
        raise SystemExit(f"unknown database {db!r}; use sqlite or postgres")
    server = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    try:
        import psycopg

        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{PG_BENCH_DB}"')
    except Exception:
        return None
    return f"{server}/{PG_BENCH_DB}"


def _drop_database(db: str, url: str) -> None:
    if db == "sqlite":
        shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)
        return
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    settings.DEBUG = False  # DEBUG keeps every query in memory: only while counting them


def _measure_import(n: int, seed: int, chunk: int) -> dict:
    _setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from ingest_generate import generate

    from articles.extraction import extract
    from articles.models import Claim, Quote, Speaker
    from articles.services import extraction
    from articles.services.bulk_import import CREATED, UNCHANGED, articles_import_chunk
    from articles.services.imports import read_files

    articles = generate(n + SAMPLE, seed)
    files = _files(articles[:n])
    spent = {"parse": 0.0, "engine": 0.0}
    find = extraction.quotes_find

    def timed_find(**kwargs):
        started = time.perf_counter()
        try:
            return find(**kwargs)
        finally:
            spent["engine"] += time.perf_counter() - started

    def import_all() -> dict[str, int]:
        started = time.perf_counter()
        records = read_files(files)
        spent["parse"] += time.perf_counter() - started
        counts = {CREATED: 0, UNCHANGED: 0}
        for start in range(0, len(records), chunk):
            for outcome in articles_import_chunk(records=records[start : start + chunk]):
                counts[outcome.status] = counts.get(outcome.status, 0) + 1
        return counts

    started = time.perf_counter()
    records = read_files(files)
    parse_seconds = time.perf_counter() - started

    def engine_alone() -> float:
        started = time.perf_counter()
        for record in records:
            extract(record.body, headings=record.headings)
        return time.perf_counter() - started

    engine_seconds = engine_alone()

    # The engine's and the parser's share of the import are timed inside it: what is left is storing.
    extraction.quotes_find = timed_find
    database_cpu = _backend_cpu_seconds()
    started = time.perf_counter()
    created = import_all()
    import_seconds = time.perf_counter() - started
    database_cpu = _backend_cpu_seconds() - database_cpu if database_cpu is not None else None
    extraction.quotes_find = find
    store_seconds = import_seconds - spent["parse"] - spent["engine"]

    started = time.perf_counter()
    again = import_all()
    reimport_seconds = time.perf_counter() - started
    # Timed again after the imports, and the faster kept: a busy moment during one run
    # must not flatter the import÷engine ratio.
    engine_seconds = min(engine_seconds, engine_alone())
    records = []  # free them before the query sample below

    sample = read_files(_files(articles[n:]))
    with CaptureQueriesContext(connection) as first:
        articles_import_chunk(records=sample)
    with CaptureQueriesContext(connection) as second:
        articles_import_chunk(records=sample)

    return {
        "parse": n / parse_seconds,
        "engine": n / engine_seconds,
        "import": n / import_seconds,
        "reimport": n / reimport_seconds,
        "store_ms": 1000 * store_seconds / n,
        "engine_in_import_ms": 1000 * spent["engine"] / n,
        "database_cpu_ms": None if database_cpu is None else 1000 * database_cpu / n,
        "created": created[CREATED],
        "unchanged": again[UNCHANGED],
        "quotes": Quote.objects.count(),
        "claims": Claim.objects.count(),
        "speakers": Speaker.objects.count(),
        "queries_per_article": len(first) / len(sample),
        "requeries_per_article": len(second) / len(sample),
    }


def _backend_cpu_seconds() -> float | None:
    """CPU time the database server process of this connection has used, when it runs on this machine."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _measure_trigger(sizes: list[int]) -> dict:
    """Seconds to insert N quotes of one article in one statement, for each N (rolled back)."""
    _setup()
    from django.db import transaction

    from articles.ingest import content_hash
    from articles.models import Article, Claim, Quote

    class RolledBack(Exception):
        pass

    rows = []
    for n in sizes:
        body, spans = _body_with_quotes(n)
        try:
            with transaction.atomic():
                article = Article.objects.create(title=f"{n} quotes", body=body, content_hash=content_hash(body))
                claim = Claim.objects.create(text="a claim", fingerprint="bench")
                quotes = [
                    Quote(article=article, claim=claim, text=text, start=start, end=end, fingerprint="bench")
                    for start, end, text in spans
                ]
                started = time.perf_counter()
                Quote.objects.bulk_create(quotes, batch_size=len(quotes))
                rows.append({"quotes": n, "chars": len(body), "seconds": time.perf_counter() - started})
                raise RolledBack
        except RolledBack:
            pass
    return {"rows": rows}


def _body_with_quotes(n: int) -> tuple[str, list[tuple[int, int, str]]]:
    """A long transcript-like body with `n` quotations, accents and dashes included (not ASCII)."""
    parts, spans, at = [], [], 0
    for i in range(n):
        before = f"Paragraph {i} — the minister spoke again. “"
        quote = f"We built {i} new schools in the Ñandú province, the café district included"
        paragraph = before + quote + ",” she said.\n\n"
        spans.append((at + len(before), at + len(before) + len(quote), quote))
        parts.append(paragraph)
        at += len(paragraph)
    return "".join(parts), spans


def _files(articles: list[dict]) -> list[tuple[str, bytes]]:
    return [
        (f"bench-{start // ARTICLES_PER_FILE:03}.jsonl", _jsonl(articles[start : start + ARTICLES_PER_FILE]))
        for start in range(0, len(articles), ARTICLES_PER_FILE)
    ]


def _jsonl(articles: list[dict]) -> bytes:
    return "".join(json.dumps(article, ensure_ascii=False) + "\n" for article in articles).encode()


if __name__ == "__main__":
    sys.exit(main())
