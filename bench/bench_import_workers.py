"""Import throughput with 1, 2 and 4 real workers on the production engine (procrastinate, PostgreSQL).

Run: .venv/bin/python bench/bench_import_workers.py [--n 5000,20000] [--workers 1,2,4] [--seed 0]

For each corpus size and each number of workers it makes a fresh PostgreSQL database
($BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432, database
`factcheck_workers_bench`, dropped afterwards), starts that many `manage.py run_worker`
processes with DJANGO_TASKS_QUEUE=1 and waits until each has started, then queues the
generated files as one batch (`import_articles --enqueue`) and times it from the enqueue
to the batch finished: reading the files into items (one task), then the chunk tasks,
which the workers share. Extraction and storing are both included, exactly as an upload
is imported. It prints articles per second and the ratio to one worker measured in the
same run; the target is at least 1.8 for 2 workers on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

DB = "factcheck_workers_bench"
SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", default="5000,20000")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from bench_import import _files
    from ingest_generate import generate

    counts = [int(n) for n in args.workers.split(",")]
    print("Workers on procrastinate (PostgreSQL), one batch each, from enqueue to finished; extraction included.\n")
    print(f"{'articles':>9}{'workers':>9}{'seconds':>9}{'articles/s':>12}{'÷ 1 worker':>12}{'created':>9}")
    failed = False
    for n in [int(n) for n in args.n.split(",")]:
        with tempfile.TemporaryDirectory(prefix="bench-workers-") as folder:
            for name, data in _files(generate(n, args.seed)):
                (Path(folder) / name).write_bytes(data)
            single = None
            for workers in counts:
                seconds, created = _run(folder, workers)
                rate = n / seconds
                single = single or (rate if workers == 1 else None)
                ratio = f"{rate / single:.2f}" if single else ""
                print(f"{n:>9,}{workers:>9}{seconds:>9.1f}{rate:>12,.0f}{ratio:>12}{created:>9,}")
                failed |= created != n
    print(
        "\nEach row is a fresh database. The workers and PostgreSQL share this machine's cores: past its cores, more "
        "workers only queue for CPU. Ratios are measured in one run; absolute rates depend on the machine."
    )
    return 1 if failed else 0


def _run(folder: str, workers: int) -> tuple[float, int]:
    import psycopg

    url = f"{SERVER}/{DB}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB}"')
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_TASKS_QUEUE": "1",
        "DJANGO_DEBUG": "1",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    logs = Path(tempfile.mkdtemp(prefix="bench-worker-logs-"))
    processes = [
        subprocess.Popen(
            [*manage, "run_worker", *([] if i == 0 else ["--no-periodic"])],
            env=env,
            stdout=(logs / f"{i}.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for i in range(workers)
    ]
    try:
        _wait(lambda: all("worker started" in (logs / f"{i}.log").read_text() for i in range(workers)), 60)
        started = time.perf_counter()
        out = subprocess.run(
            [*manage, "import_articles", folder, "--enqueue"], env=env, check=True, capture_output=True
        )
        batch = int(out.stdout.decode().split("#")[1].split()[0])
        with psycopg.connect(url, autocommit=True) as conn:

            def status():
                return conn.execute(
                    "SELECT status, created_count FROM articles_importbatch WHERE id = %s", [batch]
                ).fetchone()

            _wait(lambda: status()[0] in ("done", "failed"), 3600, every=0.1)
            seconds = time.perf_counter() - started
            return seconds, status()[1]
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')


def _wait(predicate, timeout: float, every: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out after {timeout}s")
        time.sleep(every)


if __name__ == "__main__":
    sys.exit(main())
