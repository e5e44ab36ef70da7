"""Crash safety against real processes on PostgreSQL: a SIGKILLed worker, retries, a database restart.

The workers are `manage.py run_worker` subprocesses on the production engine
(procrastinate), pointed at the test database, so the test sees what they write.
"""

import signal
import subprocess
import time

import pytest
from django.db import connection
from django.urls import reverse

from articles.models import Article, ImportBatch, ImportItem
from articles.services.imports import batch_create, batch_enqueue
from tests.integration.workers import PrivateCluster, database_url, kill, poll, small_articles, start_worker, wait_for

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the crash tests need PostgreSQL (procrastinate's queue); .ci/run's PostgreSQL pass runs them",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def production_engine():
    """This process enqueues on procrastinate too, as the web server does with DJANGO_TASKS_QUEUE=1."""
    from django.tasks import task_backends

    from factcheck.procrastinate_backend import ProcrastinateBackend

    previous = task_backends["default"]
    task_backends["default"] = ProcrastinateBackend("default", {"QUEUES": ["default"]})
    yield
    task_backends["default"] = previous


def status(batch):
    batch.refresh_from_db()
    return batch


def queued(n: int) -> ImportBatch:
    batch = batch_create(files=[("archive.jsonl", small_articles(n))])
    batch_enqueue(batch)  # on commit: at once, outside a transaction
    return batch


def in_flight(batch) -> list[int]:
    """Positions a chunk is storing right now: counted as attempted, not yet stored."""
    started = ImportItem.objects.filter(batch=batch, status=ImportItem.Status.PENDING, attempts__gt=0)
    return list(started.values_list("position", flat=True))


def jobs(*statuses):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE status = ANY(%s)", [list(statuses)])
        return cursor.fetchone()[0]


def test_a_batch_survives_its_worker_being_killed_and_every_article_is_imported_once(tmp_path, admin_client_role):
    url = database_url(connection.settings_dict)
    batch = queued(500)
    # Chunks of 100 (the worker that plans the batch sets the size): a chunk is stored for a
    # few hundred milliseconds, so the kill lands inside one rather than just after it.
    first = start_worker(url, tmp_path / "first.log", DJANGO_IMPORT_CHUNK_SIZE="100")
    try:
        wait_for(lambda: status(batch).processed >= 120, timeout=60, what="the first worker to be well into the batch")
        wait_for(lambda: in_flight(batch), timeout=30, every=0.01, what="a chunk being stored")
        kill(first)  # SIGKILL, mid-chunk: no chance to clean up
        killed_at = time.monotonic()
        cut_off = in_flight(batch)  # its transaction died with it: these items are pending again
        assert cut_off and status(batch).status == ImportBatch.Status.RUNNING and batch.processed < 500
        second = start_worker(url, tmp_path / "second.log")
        try:
            wait_for(lambda: status(batch).is_finished, timeout=90, what="the second worker to finish the batch")
            recovered_in = time.monotonic() - killed_at
            wait_for(lambda: jobs("doing", "todo") == 0, timeout=20, what="no job left running or waiting")
        finally:
            kill(second, signal.SIGTERM)
    finally:
        kill(first)

    assert batch.status == ImportBatch.Status.DONE, (tmp_path / "second.log").read_text()[-3000:]
    assert (batch.total, batch.processed) == (500, 500)
    assert (batch.created_count, batch.unchanged_count, batch.failed_count) == (500, 0, 0)
    items = ImportItem.objects.filter(batch=batch)
    assert items.count() == 500 and not items.exclude(status=ImportItem.Status.CREATED).exists()
    # Exactly once: one article per item, no gaps, no duplicates.
    assert Article.objects.count() == 500
    assert set(items.values_list("article_id", flat=True)) == set(Article.objects.values_list("pk", flat=True))
    assert sorted(Article.objects.values_list("url", flat=True)) == sorted(
        f"https://news.example/{i}" for i in range(500)
    )
    # The chunk the dead worker was storing was run again, by the engine, and stored once.
    redone = items.filter(position__in=cut_off)
    assert all(item.attempts >= 2 and item.status == ImportItem.Status.CREATED for item in redone)
    page = admin_client_role.get(reverse("workbench:import_detail", args=[batch.pk]), headers={"HX-Request": "true"})
    fragment = page.content.decode()
    assert "Finished" in fragment and "Importing" not in fragment and "hx-trigger" not in fragment
    print(f"recovered and finished {recovered_in:.1f}s after the kill")


def test_a_task_that_loses_its_connection_fails_and_is_retried_on_a_new_one(tmp_path):
    from tests.integration import crash_tasks

    cut_off = crash_tasks.lose_the_connection_on_the_first_try.enqueue()
    after = crash_tasks.count_rows.enqueue()
    worker = start_worker(database_url(connection.settings_dict), tmp_path / "worker.log")
    try:
        backend = crash_tasks.count_rows.get_backend()
        finished = poll(lambda: backend.get_result(after.id).is_finished, timeout=60)
        finished = finished and poll(lambda: backend.get_result(cut_off.id).is_finished, timeout=60)
        log = (tmp_path / "worker.log").read_text()
        # The failed try was retried, and the retry and the next task on that thread each
        # got a working connection instead of failing on the dead one.
        retried, next_one = backend.get_result(cut_off.id), backend.get_result(after.id)
        assert finished and (retried.status, retried.attempts) == ("SUCCESSFUL", 2), log[-3000:]
        assert (next_one.status, next_one.attempts) == ("SUCCESSFUL", 1), log[-3000:]
    finally:
        kill(worker, signal.SIGTERM)


@pytest.fixture
def cluster():
    try:
        private = PrivateCluster()
    except (RuntimeError, KeyError, subprocess.CalledProcessError) as error:
        pytest.skip(f"cannot start a private PostgreSQL cluster: {error}")
    yield private
    private.stop()


def test_restarting_postgresql_during_a_batch_makes_tasks_retry_not_vanish(tmp_path, cluster):
    cluster.manage("migrate", "--noinput", "-v0")
    source = tmp_path / "archive.jsonl"
    # Enough that the restart lands mid-batch however fast chunks are stored.
    source.write_bytes(small_articles(TOTAL := 800))
    out = cluster.manage("import_articles", str(source), "--enqueue")
    batch_id = int(out.split("#")[1].split()[0])

    def progress():
        try:
            return cluster.query("SELECT status, processed, total FROM articles_importbatch WHERE id = %s", [batch_id])[
                0
            ]
        except Exception:
            return None  # the server is restarting

    worker = start_worker(cluster.url, tmp_path / "worker.log")
    try:
        wait_for(lambda: (progress() or ("", 0, 0))[1] >= 40, timeout=60, what="the import to get going")
        cluster.restart()
        assert progress()[0] == "running" and progress()[1] < TOTAL
        finished = poll(lambda: (progress() or ("",))[0] == "done", timeout=90)
        assert finished, (progress(), (tmp_path / "worker.log").read_text()[-5000:])
        left = (
            "SELECT id, status, attempts, worker_id, args->>'task_path' FROM procrastinate_jobs "
            "WHERE status IN ('todo', 'doing')"
        )
        assert poll(lambda: not cluster.query(left), timeout=30), (
            cluster.query(left),
            cluster.query("SELECT id, last_heartbeat FROM procrastinate_workers"),
            (tmp_path / "worker.log").read_text()[-4000:],
        )
    finally:
        kill(worker, signal.SIGTERM)
    log = (tmp_path / "worker.log").read_text()

    counts = dict(cluster.query("SELECT status, count(*) FROM articles_importitem GROUP BY status"))
    assert counts == {"created": TOTAL}, log[-3000:]
    assert cluster.query("SELECT count(*), count(DISTINCT url) FROM articles_article")[0] == (TOTAL, TOTAL)
    assert progress() == ("done", TOTAL, TOTAL)
    # Whether a task was running at the instant of the restart is timing (it can fall
    # between tasks); one that was is retried, which the test above pins down.
    retried = cluster.query("SELECT count(*) FROM procrastinate_jobs WHERE attempts > 1")[0][0]
    print(f"jobs run more than once: {retried}; worker restarts: {log.count('starting again')}")
    # ...and none spent all its tries on a connection the restart had broken.
    assert cluster.query("SELECT count(*) FROM procrastinate_jobs WHERE status = 'failed'")[0][0] == 0, log[-3000:]


def test_a_job_left_doing_under_a_live_worker_is_run_again(tmp_path, cluster):
    """What a database restart can leave behind: the row says a live worker runs the job,
    but the worker lost it when recording its outcome (or when taking it) failed."""
    cluster.manage("migrate", "--noinput", "-v0")
    worker = start_worker(cluster.url, tmp_path / "worker.log")
    try:
        live = wait_for(lambda: cluster.query("SELECT id FROM procrastinate_workers"), timeout=30, what="a worker")
        # Due in an hour, so that the worker cannot take it before the database says it has.
        later = "t.answer.using(run_after=timezone.now() + timedelta(hours=1)).enqueue().id"
        code = (
            "from datetime import timedelta; from django.utils import timezone; "
            f"from tests.integration import crash_tasks as t; print({later})"
        )
        job = int(cluster.manage("shell", "-c", code).strip().splitlines()[-1])
        taken = cluster.query(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s WHERE id = %s AND status = 'todo' "
            "RETURNING id",
            [live[0][0], job],
        )
        assert taken == [(job,)]
        state = "SELECT status, attempts FROM procrastinate_jobs WHERE id = %s"
        done = poll(lambda: cluster.query(state, [job])[0][0] == "succeeded", timeout=30)
        assert done, (cluster.query(state, [job]), (tmp_path / "worker.log").read_text()[-3000:])
        assert worker.poll() is None
    finally:
        kill(worker, signal.SIGTERM)
