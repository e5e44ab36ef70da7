"""Real worker processes for the crash tests: start `manage.py run_worker`, kill it, wait for a batch."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Fast failure detection for tests: a heartbeat a second, a worker silent 4 s is dead, a
# batch silent 5 s has lost its task, and the sweeper looks every second.
FAST = {
    "DJANGO_TASKS_STALLED_WORKER_SECONDS": "4",
    "DJANGO_IMPORT_LEASE_SECONDS": "5",
    "DJANGO_IMPORT_SWEEP_SECONDS": "1",
    "DJANGO_TASKS_RETRY_BASE_SECONDS": "0.5",
    "DJANGO_IMPORT_CHUNK_SIZE": "20",
}


def database_url(settings_dict: dict) -> str:
    user, host, port = settings_dict["USER"], settings_dict["HOST"], settings_dict["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{settings_dict['NAME']}"


def start_worker(url: str, log: Path, **env) -> subprocess.Popen:
    """One `run_worker` process on the production engine (procrastinate), in its own process group."""
    environment = {
        **os.environ,
        **FAST,
        "DATABASE_URL": url,
        "DJANGO_TASKS_QUEUE": "1",
        "DJANGO_DEBUG": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_CONN_MAX_AGE": "0",
        **env,
    }
    environment.pop("DJANGO_TEST_DATABASE_NAME", None)
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker"],
        cwd=ROOT,
        env=environment,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def kill(process: subprocess.Popen, sig=signal.SIGKILL) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    process.wait(timeout=10)


def poll(predicate, timeout: float, every: float = 0.2):
    """The first true value of `predicate()` within `timeout` seconds, or None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    return None


def wait_for(predicate, *, timeout: float, every: float = 0.2, what: str = "condition"):
    value = poll(predicate, timeout, every)
    if not value:
        raise AssertionError(f"timed out after {timeout}s waiting for {what}")
    return value


def small_articles(n: int) -> bytes:
    """`n` distinct short articles as JSON Lines, one attributed quote each (quick to extract)."""
    names = ["Ana Lima", "Priya Okafor", "Kwame Mensah", "Lena Varga", "Samir Haddad"]
    lines = []
    for i in range(n):
        name = names[i % len(names)]
        body = (
            f"Councillor {name} spoke at the meeting on item {i}. "
            f"“We will open {i + 3} new clinics in district {i} this year,” {name} told reporters."
        )
        lines.append(json.dumps({"title": f"District {i} clinics", "url": f"https://news.example/{i}", "body": body}))
    return ("\n".join(lines) + "\n").encode()


class PrivateCluster:
    """A PostgreSQL cluster of the test's own (initdb in a temporary folder, a free port), to restart at will.

    The machine's shared PostgreSQL holds other work; this one exists only for the test.
    initdb refuses to run as root, so as root the cluster belongs to the `postgres` user.
    """

    def __init__(self):
        import glob
        import pwd
        import shutil
        import socket
        import tempfile

        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not binaries:
            raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
        self.bin = Path(binaries[-1]).parent
        self.as_user = []
        self.folder = Path(tempfile.mkdtemp(prefix="factcheck-pg-", dir="/tmp"))
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._rmtree = shutil.rmtree
        self.data = self.folder / "data"
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "factcheck")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/factcheck"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / tool), *args], check=True, capture_output=True, cwd=self.folder)

    def _ctl(self, action: str, *args: str) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        log = self.folder / "server.log"
        command = [str(self.bin / "pg_ctl"), action, "-D", str(self.data), "-w", "-t", "30", "-l", str(log)]
        done = subprocess.run(
            [*self.as_user, *command, "-o", options, *args], capture_output=True, text=True, cwd=self.folder
        )
        if done.returncode:  # say why: pg_ctl's own words and the server's log
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"pg_ctl {action} failed: {done.stdout}{done.stderr}\nserver log:\n{tail}")

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")

    def stop(self) -> None:
        self._ctl("stop", "-m", "immediate")
        self._rmtree(self.folder, ignore_errors=True)

    def manage(self, *args: str, **env) -> str:
        environment = {**os.environ, "DATABASE_URL": self.url, "DJANGO_DEBUG": "1", "DJANGO_TASKS_QUEUE": "1", **env}
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
        )
        return done.stdout

    def query(self, sql: str, params=()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://"), connect_timeout=3) as db:
            return db.execute(sql, params).fetchall()


def run_queued_tasks() -> int:
    """What the embedded engine's worker does, in this process: run every task that is due, then stop.

    `db_worker --batch` closes the connection between tasks, which on PostgreSQL ends a
    non-transactional test's transaction; this runs the same Worker's tasks without that.
    """
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().order_by("-priority", "enqueued_at").first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran
