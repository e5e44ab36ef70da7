"""Task engines compared: a SIGKILLed worker mid-batch, and throughput. Prints one table.

Run: make bench-engines   (or .venv/bin/python bench/bench_engines.py [--engines db,procrastinate,celery,rq]
     [--database-url postgres://postgres@127.0.0.1:5432/factcheck_bench_engines] [--small 500] [--batch 300])

Every engine runs the project's own tasks through django.tasks (bench/engine_settings.py
names the backend), against a fresh PostgreSQL database, with one worker process:

- enqueue/s: how fast one process enqueues `--small` no-op tasks (bench/engine_tasks.probe);
- small tasks/s: those tasks, counted in Redis as they run, from the first enqueue to the
  last one done;
- import articles/s: a `--batch`-article import (one plan task, then chunk tasks of
  IMPORT_CHUNK_SIZE articles), from enqueue to the batch finished;
- crash: the same batch again, the worker SIGKILLed once a third is stored and while a
  chunk is being stored, a second worker started at once. Reported: the seconds from the kill to the batch finished by
  the engine alone (it includes the two thirds of the work still to do; "stranded" when
  the killed task never ran again within ENGINE_ALONE_SECONDS), then, for a stranded
  batch, the seconds from our sweeper's lease running out to the batch finished; whether
  every article was stored exactly once; and how many task records the engine still
  shows as running once all work is over.

Our periodic sweeper (articles/periodic.py) runs for every engine, as in production,
with its lease set to an hour so that only the engine's own recovery counts at first
(for procrastinate that is the heartbeat check, TASKS_STALLED_WORKER_SECONDS=5 here);
the bench then expires the lease by hand.
Needs PostgreSQL, Redis (db 13) and RabbitMQ on this machine, and requirements-bench.txt.
Absolute figures depend on the machine: compare the engines within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENGINES = {
    "db": "django-tasks-db",
    "procrastinate": "procrastinate",
    "celery": "Celery + RabbitMQ",
    "rq": "RQ + Redis",
}
# Our sweeper's lease is set past the engine-alone wait, so that only the engine's own
# recovery can finish the batch at first; the bench then expires the lease by hand.
LEASE_SECONDS = 3600
ENGINE_ALONE_SECONDS = 60
STALLED_SECONDS = 5


def environment(engine: str, url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.engine_settings",
        "BENCH_ENGINE": engine,
        "DATABASE_URL": url,
        "DJANGO_CONN_MAX_AGE": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_IMPORT_LEASE_SECONDS": str(LEASE_SECONDS),
        "DJANGO_IMPORT_SWEEP_SECONDS": "1",
        "DJANGO_TASKS_STALLED_WORKER_SECONDS": str(STALLED_SECONDS),
        "DJANGO_IMPORT_CHUNK_SIZE": "20",
        "PYTHONPATH": str(ROOT),
    }


def worker_command(engine: str) -> list[list[str]]:
    """The processes that make one worker: the engine's worker, and our scheduler where it is separate."""
    py, manage = sys.executable, str(ROOT / "manage.py")
    if engine in ("db", "procrastinate"):
        return [[py, manage, "run_worker", "--interval", "0.1"]]
    scheduler = [py, manage, "run_worker", "--periodic-only"]
    if engine == "celery":
        celery = [py, "-m", "celery", "-A", "bench.celery_app", "worker", "--pool=solo", "-c", "1", "-l", "WARNING"]
        return [celery, scheduler]
    return [[py, manage, "rqworker", "--job-class", "django_tasks_rq.Job", "default"], scheduler]


def descendants(pid: int) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout.split()
    children = [int(child) for child in found]
    return children + [grandchild for child in children for grandchild in descendants(child)]


class Worker:
    def __init__(self, engine: str, url: str, log: Path):
        self.processes = [
            subprocess.Popen(
                command,
                cwd=ROOT,
                env=environment(engine, url),
                stdout=log.open("ab"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            for command in worker_command(engine)
        ]

    def kill(self, sig=signal.SIGKILL):
        # A worker that dies takes its children with it: RQ runs each job in a forked "work
        # horse" in a process group of its own, which a signal to the worker's group misses.
        children = [child for process in self.processes for child in descendants(process.pid)]
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, sig)
        if sig == signal.SIGKILL:
            for child in children:
                try:
                    os.kill(child, sig)
                except ProcessLookupError:
                    pass
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def django_shell(engine: str, url: str, code: str) -> dict:
    """Run `code` (which sets `result`) in a Django process for `engine`; return `result`."""
    program = "import django, json; django.setup()\n" + code + "\nprint('RESULT ' + json.dumps(result))"
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, env=environment(engine, url), capture_output=True, text=True
    )
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise RuntimeError(done.stderr[-3000:])


def reset_database(engine: str, url: str) -> None:
    name, server = url.rsplit("/", 1)[1], url.rsplit("/", 1)[0]
    for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", f"{server}/postgres", "-qc", sql], check=True, capture_output=True)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment(engine, url),
        check=True,
    )


def flush_brokers() -> None:
    import redis

    redis.Redis.from_url("redis://127.0.0.1:6379/13").flushdb()
    subprocess.run(["rabbitmqctl", "purge_queue", "celery"], capture_output=True)


ENQUEUE_SMALL = """
from bench.engine_tasks import probe
import time
start = time.time()
for i in range({n}):
    probe.enqueue("{run}")
result = {{"start": start, "enqueued": time.time()}}
"""


def count_small(run: str) -> int:
    import redis

    return int(redis.Redis.from_url("redis://127.0.0.1:6379/13").get(f"bench-engines:{run}") or 0)


def batch_state(url: str, batch: int) -> dict:
    """Read straight from PostgreSQL: polling must not cost a Django start-up per look."""
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as db:
        status, processed, created, failed, finished = db.execute(
            "SELECT status, processed, created_count, failed_count, finished_at "
            "FROM articles_importbatch WHERE id = %s",
            [batch],
        ).fetchone()
        articles, distinct = db.execute("SELECT count(*), count(DISTINCT url) FROM articles_article").fetchone()
    return {
        "status": status,
        "processed": processed,
        "created": created,
        "failed": failed,
        "finished": finished.timestamp() if finished else None,
        "articles": articles,
        "distinct": distinct,
    }


ENQUEUE_BATCH = """
import time
from articles.services.imports import batch_create, batch_enqueue
from tests.integration.workers import small_articles
data = small_articles({n})
start = time.time()
batch = batch_create(files=[("archive.jsonl", data)])
batch_enqueue(batch)
result = {{"batch": batch.pk, "start": start}}
"""

STUCK = {
    "db": "from django_tasks_db.models import DBTaskResult\n"
    "result = DBTaskResult.objects.filter(status='RUNNING').count()",
    "procrastinate": "from django.db import connection\nc = connection.cursor()\n"
    "c.execute(\"select count(*) from procrastinate_jobs where status='doing'\")\nresult = c.fetchone()[0]",
    "celery": "import redis, json\nr = redis.Redis.from_url('redis://127.0.0.1:6379/13')\n"
    "result = sum(1 for k in r.keys('celery-task-meta-*') if json.loads(r.get(k))['status'] == 'STARTED')",
    "rq": "import django_rq\nfrom rq.registry import StartedJobRegistry\n"
    "result = len(StartedJobRegistry(queue=django_rq.get_queue('default')).get_job_ids())",
}


def wait(predicate, timeout: float, every: float = 0.2):
    from tests.integration.workers import poll

    return poll(predicate, timeout, every)


def in_flight(url: str, batch: int) -> list[int]:
    """Positions of the items a chunk is storing now (counted as attempted, still pending)."""
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as db:
        sql = "SELECT position FROM articles_importitem WHERE batch_id = %s AND status = 'pending' AND attempts > 0"
        return [row[0] for row in db.execute(sql, [batch]).fetchall()]


def pending_positions(url: str, batch: int) -> list[int]:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as db:
        sql = "SELECT position FROM articles_importitem WHERE batch_id = %s AND status = 'pending'"
        return [row[0] for row in db.execute(sql, [batch]).fetchall()]


def expire_lease(url: str, batch: int) -> None:
    """What the passing of IMPORT_LEASE_SECONDS does: the batch looks silent to the sweeper."""
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://")) as db:
        db.execute("UPDATE articles_importbatch SET heartbeat_at = now() - interval '1 day' WHERE id = %s", [batch])


def measure(engine: str, url: str, small: int, size: int, logs: Path) -> dict:
    row: dict = {"engine": ENGINES[engine]}
    reset_database(engine, url)
    flush_brokers()
    log = logs / f"{engine}.log"
    worker = Worker(engine, url, log)
    try:
        time.sleep(3)  # the worker's start-up is not what we measure
        run = f"{engine}-{time.time()}"
        started = django_shell(engine, url, ENQUEUE_SMALL.format(n=small, run=run))
        done = wait(lambda: count_small(run) >= small, timeout=300, every=0.05)
        elapsed = time.time() - started["start"]
        row["enqueue/s"] = round(small / (started["enqueued"] - started["start"]), 1)
        row["small tasks/s"] = round(small / elapsed, 1) if done else "did not finish"

        batch = django_shell(engine, url, ENQUEUE_BATCH.format(n=size))
        finished = wait(lambda: batch_state(url, batch["batch"])["finished"], timeout=600, every=0.1)
        row["import articles/s"] = round(size / (finished - batch["start"]), 1) if finished else "did not finish"
    finally:
        worker.kill(signal.SIGTERM)

    reset_database(engine, url)
    flush_brokers()
    worker = Worker(engine, url, log)
    second = None
    try:
        time.sleep(3)
        batch = django_shell(engine, url, ENQUEUE_BATCH.format(n=size))["batch"]
        wait(lambda: batch_state(url, batch)["processed"] >= size // 3, timeout=300, every=0.05)
        # Kill while a chunk is being stored (its items' attempts are counted before the work),
        # not in the gap between two chunks, which would test nothing.
        wait(lambda: in_flight(url, batch), timeout=60, every=0.01)
        worker.kill()
        killed = time.time()
        cut_off = set(in_flight(url, batch))  # what the killed worker was storing, rolled back
        second = Worker(engine, url, log)
        redone_at = {}

        def finished_or_note_redone():
            if cut_off and "t" not in redone_at and not cut_off & set(pending_positions(url, batch)):
                redone_at["t"] = time.time()
            return (s := batch_state(url, batch))["finished"] and s

        state = wait(finished_or_note_redone, timeout=ENGINE_ALONE_SECONDS, every=0.1)
        if state:
            row["engine alone: kill → batch done, s"] = round(state["finished"] - killed, 1)
            row["killed chunk redone after, s"] = (
                round(redone - killed, 1) if (redone := redone_at.get("t")) else "it had committed"
            )
        else:
            row["engine alone: kill → batch done, s"] = f"stranded ({ENGINE_ALONE_SECONDS} s)"
            expire_lease(url, batch)
            expired = time.time()
            state = wait(lambda: (s := batch_state(url, batch))["finished"] and s, timeout=300, every=0.1)
            if state:
                row["our sweeper: lease expiry → batch done, s"] = round(state["finished"] - expired, 1)
        time.sleep(2)  # let the engine settle its own bookkeeping
        if state:
            exact = (state["created"], state["articles"], state["distinct"], state["failed"]) == (size, size, size, 0)
            row["exactly once"] = "yes" if exact else f"no: {state}"
        else:
            row["exactly once"] = "— (never finished)"
        row["left RUNNING in the engine"] = django_shell(engine, url, "result = 0\n" + STUCK[engine])
    finally:
        worker.kill()
        if second is not None:
            second.kill(signal.SIGTERM)
    return row


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/factcheck_bench_engines")
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--batch", type=int, default=300)
    parser.add_argument("--logs", default="/tmp/bench-engines")
    args = parser.parse_args(argv)
    logs = Path(args.logs)
    logs.mkdir(parents=True, exist_ok=True)
    rows = []
    for engine in args.engines.split(","):
        try:
            rows.append(measure(engine, args.database_url, args.small, args.batch, logs))
        except Exception as error:  # an engine that cannot run is a result too
            rows.append({"engine": ENGINES[engine], "small tasks/s": f"failed: {str(error).strip()[-300:]}"})
        print(json.dumps(rows[-1]), flush=True)
    columns = list(dict.fromkeys(key for row in rows for key in row))
    print("\n| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(str(row.get(column, "")) for column in columns) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
