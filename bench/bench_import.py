"""Import throughput: generated articles through `import_files`, extraction included.

Run: .venv/bin/python bench/bench_import.py [--n 5000] [--seed 0] [--db sqlite,postgres]

For each database (SQLite in a temporary file; PostgreSQL in a scratch database
`factcheck_import_bench` when a server answers at $BENCH_POSTGRES_URL, default
postgres://postgres@127.0.0.1:5432; both removed afterwards) it migrates an empty
database, then times, in the same run and on the same articles:

- parse: reading the JSONL files into records (no database, no extraction), the baseline;
- engine: the extraction engine alone on every body (no database);
- import: `import_files` on an empty database, storing articles, outlets, speakers,
  quotes and claims, with one transaction per article as in production;
- reimport: the same files again, every article found "unchanged".

It prints articles per second for each, and the import rate as a share of the parse rate
(the baseline) and of the engine's rate, so the figures stay comparable across machines.
Each database runs in a child process, because Django connects to one default database
per process.
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
PG_BENCH_DB = os.environ.get("BENCH_POSTGRES_DB", "factcheck_import_bench")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="articles to import (default 5000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--db", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # the database a child process measures
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_measure(args.n, args.seed)))
        return 0

    print(f"Importing {args.n:,} generated articles (seed {args.seed}), extraction included.\n")
    header = f"{'database':<11}{'parse/s':>10}{'engine/s':>10}{'import/s':>10}{'reimport/s':>11}"
    header += f"{'import÷parse':>14}{'import÷engine':>15}"
    print(header + f"{'quotes':>9}{'claims':>8}{'speakers':>10}{'queries/art':>13}")
    failed = False
    for db in [name.strip() for name in args.db.split(",") if name.strip()]:
        url = _database_url(db)
        if url is None:
            print(f"{db:<11}skipped: no PostgreSQL server answers")
            continue
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1", "DJANGO_LOG_LEVEL": "ERROR"}
        try:
            child = subprocess.run(
                [sys.executable, __file__, "--child", db, "--n", str(args.n), "--seed", str(args.seed)],
                env=env,
                capture_output=True,
                text=True,
            )
        finally:
            _drop_database(db, url)
        if child.returncode != 0:
            failed = True
            print(f"{db:<11}failed:\n{child.stderr[-2000:]}")
            continue
        r = json.loads(child.stdout.strip().splitlines()[-1])
        print(
            f"{db:<11}{r['parse']:>10,.0f}{r['engine']:>10,.0f}{r['import']:>10,.1f}{r['reimport']:>11,.0f}"
            f"{r['import'] / r['parse']:>14.3f}{r['import'] / r['engine']:>15.3f}"
            f"{r['quotes']:>9,}{r['claims']:>8,}{r['speakers']:>10,}"
            f"{r['queries_per_article']:>13.1f}"
        )
        if r["created"] != args.n or r["unchanged"] != args.n:
            failed = True
            print(f"  expected {args.n} created and unchanged, got {r['created']} and {r['unchanged']}")
    print(
        "\nparse: reading the files only (baseline); engine: quote extraction alone; import: articles, "
        "sources, speakers, quotes and claims stored; reimport: the same files again, all unchanged."
    )
    return 1 if failed else 0


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


def _measure(n: int, seed: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from ingest_generate import generate

    from articles.extraction import extract
    from articles.models import Claim, Quote, Speaker
    from articles.services.imports import import_files, read_files

    call_command("migrate", verbosity=0)
    articles = generate(n, seed)
    files = [
        (f"bench-{start // ARTICLES_PER_FILE:03}.jsonl", _jsonl(articles[start : start + ARTICLES_PER_FILE]))
        for start in range(0, n, ARTICLES_PER_FILE)
    ]

    started = time.perf_counter()
    records = read_files(files)
    parse_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for record in records:
        extract(record.body, headings=record.headings)
    engine_seconds = time.perf_counter() - started

    # Count queries on a sample (DEBUG keeps every query in memory, so not on the timed run).
    from django.conf import settings

    settings.DEBUG = False
    started = time.perf_counter()
    batch = import_files(files=files)
    import_seconds = time.perf_counter() - started

    started = time.perf_counter()
    again = import_files(files=files)
    reimport_seconds = time.perf_counter() - started

    settings.DEBUG = True
    sample = generate(n + 20, seed)[n:]
    reset_queries()
    import_files(files=[("sample.jsonl", _jsonl(sample))])
    queries = len(connection.queries) / len(sample)

    return {
        "parse": n / parse_seconds,
        "engine": n / engine_seconds,
        "import": n / import_seconds,
        "reimport": n / reimport_seconds,
        "created": batch.created_count,
        "unchanged": again.unchanged_count,
        "quotes": Quote.objects.count(),
        "claims": Claim.objects.count(),
        "speakers": Speaker.objects.count(),
        "queries_per_article": queries,
    }


def _jsonl(articles: list[dict]) -> bytes:
    return "".join(json.dumps(article, ensure_ascii=False) + "\n" for article in articles).encode()


if __name__ == "__main__":
    sys.exit(main())
