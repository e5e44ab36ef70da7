"""The import tasks on the embedded engine (django-tasks-db): real database worker, retries, the sweeper."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import roles
from articles.models import Article, ImportBatch, ImportFile, ImportItem, PeriodicRun
from articles.periodic import PERIODIC_TASKS, periodic_enqueue_due
from articles.services import imports
from articles.services.uploads import upload_confirm, upload_preview_run, upload_store
from tests.factories import make_user
from tests.integration.test_import_files import CSV_ARTICLES, TEXT_ARTICLE
from tests.integration.workers import run_queued_tasks


def run_tasks():
    run_queued_tasks()


def confirmed_batch(user, *files, format="auto") -> ImportBatch:
    batch = upload_store(files=list(files), user=user, format=format)
    upload_preview_run(batch_id=batch.pk)
    return upload_confirm(batch_id=batch.pk, user=user)


@pytest.mark.django_db(transaction=True)
def test_the_worker_imports_a_confirmed_upload_and_drops_its_files(seeded_defaults):
    admin = make_user(role=roles.ADMIN, username="importer")
    batch = confirmed_batch(admin, ("articles.csv", CSV_ARTICLES), ("empty.txt", b""))
    assert batch.status == ImportBatch.Status.PENDING

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)  # the real worker

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.total, batch.processed) == (3, 3)
    assert (batch.created_count, batch.unchanged_count, batch.failed_count) == (2, 0, 1)
    assert batch.errors == [{"item": "empty.txt", "reason": "the file is empty"}]
    assert set(batch.articles.values_list("title", flat=True)) == {"Council approves budget", "Clinics open"}
    assert not ImportFile.objects.exists()  # the bytes are dropped once read into items
    assert not ImportItem.objects.filter(record__isnull=False).exists()  # and each record once stored
    paths = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert {"articles.tasks.import_batch", "articles.tasks.import_chunk"} <= paths
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


@pytest.mark.django_db
def test_a_chunk_run_twice_imports_once(settings):
    settings.IMPORT_CHUNK_SIZE = 1
    user = make_user(role=roles.ADMIN)
    batch = imports.batch_create(files=[("articles.csv", CSV_ARTICLES)], user=user)
    ranges = imports.batch_plan(batch_id=batch.pk)
    assert ranges == [(0, 1), (1, 2)]

    for start, end in ranges + ranges:
        imports.batch_chunk_import(batch_id=batch.pk, start=start, end=end)
    assert imports.batch_plan(batch_id=batch.pk) == []  # a re-delivered plan finds nothing left to do

    batch.refresh_from_db()
    assert (batch.status, batch.created_count, batch.unchanged_count) == (ImportBatch.Status.DONE, 2, 0)
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_the_files_keep_their_chosen_format():
    user = make_user(role=roles.ADMIN)
    batch = imports.batch_create(files=[("export.dat", CSV_ARTICLES)], user=user, format="csv")

    for start, end in imports.batch_plan(batch_id=batch.pk):
        imports.batch_chunk_import(batch_id=batch.pk, start=start, end=end)

    assert set(Article.objects.values_list("title", flat=True)) == {"Council approves budget", "Clinics open"}


@pytest.mark.django_db
def test_an_item_that_keeps_killing_its_worker_is_failed_alone_and_the_batch_finishes():
    batch = imports.batch_create(files=[("articles.csv", CSV_ARTICLES), ("budget.txt", TEXT_ARTICLE)])
    imports.batch_plan(batch_id=batch.pk)
    # Workers died on the first item again and again (each start is counted before the work).
    ImportItem.objects.filter(batch=batch).update(attempts=1)
    ImportItem.objects.filter(batch=batch, position=0).update(attempts=imports.MAX_ITEM_ATTEMPTS)

    imports.batch_chunk_import(batch_id=batch.pk, start=0, end=25)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.created_count, batch.failed_count) == (2, 1)
    assert batch.errors == [
        {"item": "articles.csv row 2", "reason": "importing this item stopped the worker 4 times; it was skipped"}
    ]


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_retried_with_backoff_up_to_the_limit(settings, monkeypatch):
    settings.TASKS_MAX_ATTEMPTS, settings.TASKS_RETRY_BASE_SECONDS = 3, 0.2
    calls = []

    def failing_plan(*, batch_id, files=None):
        calls.append(timezone.now())
        raise ConnectionError("the database went away")

    monkeypatch.setattr(imports, "batch_plan", failing_plan)
    batch = imports.batch_create(files=[("budget.txt", TEXT_ARTICLE)])
    from articles.tasks import import_batch

    import_batch.enqueue(batch.pk)
    before = timezone.now()
    run_tasks()  # the retries are due within a second
    while len(calls) < 3 and timezone.now() - before < timedelta(seconds=15):
        run_tasks()

    results = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert len(calls) == 3 and len(results) == 3  # the first run and two retries, then it gives up
    assert all(result.status == "FAILED" for result in results)
    assert [result.args_kwargs["kwargs"].get("_attempt", 1) for result in results] == [1, 2, 3]
    pairs = zip(results, results[1:], strict=False)
    waits = [(later.run_after - earlier.started_at).total_seconds() for earlier, later in pairs]
    assert waits[0] >= 0.2 and waits[1] >= 0.4  # each wait doubles


@pytest.mark.django_db
def test_the_sweeper_queues_again_the_work_of_a_batch_that_stopped(settings, django_capture_on_commit_callbacks):
    settings.IMPORT_CHUNK_SIZE = 1
    batch = imports.batch_create(files=[("articles.csv", CSV_ARTICLES)])
    imports.batch_plan(batch_id=batch.pk)
    imports.batch_chunk_import(batch_id=batch.pk, start=0, end=1)
    # The worker on the second chunk was killed a while ago: nothing has moved since.
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    waiting = imports.batch_create(files=[("budget.txt", TEXT_ARTICLE)])  # its plan task was lost
    ImportBatch.objects.filter(pk=waiting.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    fresh = imports.batch_create(files=[("other.txt", TEXT_ARTICLE)])  # queued just now: left alone

    report = imports.imports_sweep()

    assert (report["chunks"], report["planned"]) == (1, 1)
    queued = {(r.task_path, tuple(r.args_kwargs["args"])) for r in DBTaskResult.objects.all()}
    assert queued == {("articles.tasks.import_chunk", (batch.pk, 1, 2)), ("articles.tasks.import_batch", (waiting.pk,))}
    assert fresh.pk not in {args[0] for _, args in queued}
    assert imports.imports_sweep()["chunks"] == 0  # the next sweep gives them a whole lease first


@pytest.mark.django_db
def test_the_sweeper_finishes_a_batch_whose_last_chunk_died_before_counting(settings):
    batch = imports.batch_create(files=[("budget.txt", TEXT_ARTICLE)])
    imports.batch_plan(batch_id=batch.pk)
    ImportItem.objects.filter(batch=batch).update(status=ImportItem.Status.CREATED, record=None)
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))

    imports.imports_sweep()

    batch.refresh_from_db()
    assert (batch.status, batch.created_count, batch.processed) == (ImportBatch.Status.DONE, 1, 1)


@pytest.mark.django_db
def test_uploads_left_unconfirmed_for_a_day_are_deleted_with_their_files():
    user = make_user(role=roles.ADMIN)
    old = upload_store(files=[("a.txt", TEXT_ARTICLE)], user=user)
    upload_preview_run(batch_id=old.pk)
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    recent = upload_store(files=[("b.txt", TEXT_ARTICLE)], user=user)

    assert imports.files_prune() == 1

    assert list(ImportBatch.objects.values_list("pk", flat=True)) == [recent.pk]
    assert ImportFile.objects.get().batch_id == recent.pk


@pytest.mark.django_db
def test_each_periodic_task_is_enqueued_once_per_period_however_many_workers_ask():
    now = timezone.now()

    first = periodic_enqueue_due(now=now)
    second = periodic_enqueue_due(now=now + timedelta(seconds=1))  # another worker, a moment later

    assert first == list(PERIODIC_TASKS) and second == []
    assert DBTaskResult.objects.filter(task_path="articles.tasks.imports_sweep").count() == 1
    every = PERIODIC_TASKS["imports-sweep"][1]
    assert periodic_enqueue_due(now=now + timedelta(seconds=every)) == ["imports-sweep"]
    assert PeriodicRun.objects.get(name="imports-sweep").last_run_at == now + timedelta(seconds=every)
