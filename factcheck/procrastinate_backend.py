"""A django.tasks backend that runs tasks on procrastinate, the PostgreSQL job queue.

procrastinate ships a Django integration but no django.tasks backend, so this module
is the small adapter between them: `ProcrastinateBackend.enqueue` defers one job of the
generic procrastinate task `run_django_task`, naming the Django Task by its dotted path;
a procrastinate worker imports it and calls it. Our code stays on django.tasks
(`@task`, `.enqueue()`, `get_result`).

What procrastinate adds over django-tasks-db, and why it is the production engine
(see the README's measurements):
- Jobs are rows in our PostgreSQL, deferred in the caller's transaction: a batch and its
  task commit together or not at all.
- Workers send a heartbeat; `recover_stalled` (run by the periodic sweeper) puts the
  jobs of a worker silent for longer than TASKS_STALLED_WORKER_SECONDS back in the
  queue, so a SIGKILLed worker's job runs again.
- A failed job is retried by the worker with our backoff (`factcheck.taskengine.retry_delay`)
  up to TASKS_MAX_ATTEMPTS.
"""

from __future__ import annotations

import asyncio
import logging
import time

import psycopg
from django.conf import settings
from django.db import close_old_connections, connection
from django.tasks import TaskResultStatus
from django.tasks.backends.base import BaseTaskBackend
from django.tasks.base import TaskContext, TaskError, TaskResult
from django.tasks.exceptions import TaskResultDoesNotExist
from django.tasks.signals import task_enqueued
from django.utils import timezone
from django.utils.module_loading import import_string
from procrastinate import RetryDecision, exceptions
from procrastinate.contrib.django import app
from procrastinate.manager import JobManager
from procrastinate.retry import BaseRetryStrategy

from factcheck.taskengine import retry_delay

logger = logging.getLogger(__name__)

TASK_NAME = "factcheck.run_django_task"
# How long a worker keeps trying to record a job's outcome while the database is away.
OUTCOME_PATIENCE_SECONDS = 300

_STATUS = {
    "todo": TaskResultStatus.READY,
    "doing": TaskResultStatus.RUNNING,
    "succeeded": TaskResultStatus.SUCCESSFUL,
    "failed": TaskResultStatus.FAILED,
    "cancelled": TaskResultStatus.FAILED,
    "aborted": TaskResultStatus.FAILED,
}


class Backoff(BaseRetryStrategy):
    """The project's retry policy (factcheck.taskengine.retry_delay), in procrastinate's terms."""

    def get_retry_decision(self, *, exception, job):
        # procrastinate's `attempts` counts the tries before this one, so this is try n + 1.
        failed = job.attempts + 1
        if failed >= settings.TASKS_MAX_ATTEMPTS:
            return None
        return RetryDecision(retry_in={"seconds": retry_delay(failed).total_seconds()})


@app.task(name=TASK_NAME, pass_context=True, retry=Backoff())
def run_django_task(job_context, task_path: str, args: list, kwargs: dict, backend: str):
    # Tasks run in a pool of threads, each keeping its Django connection from job to job,
    # and nothing else closes one that a database restart broke: without this every later
    # job on that thread fails at once and spends its retries in a second.
    close_old_connections()
    try:
        return _run(job_context, task_path, args, kwargs, backend)
    finally:
        close_old_connections()


def _run(job_context, task_path: str, args: list, kwargs: dict, backend: str):
    task = import_string(task_path)
    if not task.takes_context:
        return task.call(*args, **kwargs)
    job = job_context.job
    # `job.attempts` counts the earlier tries; django.tasks numbers this one from 1.
    result = _result(task, str(job.id), TaskResultStatus.RUNNING, args, kwargs, backend, attempts=job.attempts + 1)
    return task.call(TaskContext(task_result=result), *args, **kwargs)


class DurableJobManager(JobManager):
    """procrastinate's job manager, but a job's outcome survives a database restart.

    The worker records a finished job with one query; if PostgreSQL is restarting at that
    moment the query fails, the worker carries on (its heartbeat resumes), and the row
    stays `doing` under a live worker, where no stalled-worker sweep ever looks. So the
    outcome is written again until the database is back.
    """

    async def finish_job(self, job, status, delete_job) -> None:
        await _until_written(lambda: super(DurableJobManager, self).finish_job(job, status, delete_job), job)

    async def retry_job(self, job, retry_at=None, priority=None, queue=None, lock=None) -> None:
        await _until_written(
            lambda: super(DurableJobManager, self).retry_job(job, retry_at, priority, queue, lock),
            job,
        )


def _lost_connection(error: exceptions.ConnectorException) -> bool:
    # OperationalError covers a refused or broken connection and the pool's timeout, not a
    # query the database answered with an error (such as "job not in doing status").
    return isinstance(error.__cause__, psycopg.OperationalError)


async def _until_written(write, job) -> None:
    deadline = time.monotonic() + OUTCOME_PATIENCE_SECONDS
    delay = 0.5
    while True:
        try:
            await write()
            return
        except exceptions.ConnectorException as error:
            if not _lost_connection(error) or time.monotonic() > deadline:
                raise
            logger.warning("could not record the outcome of job %s (%s); trying again in %.1fs", job.id, error, delay)
        await asyncio.sleep(delay)
        delay = min(delay * 2, 5.0)


def _result(task, job_id, status, args, kwargs, backend, *, attempts=0, errors=()) -> TaskResult:
    now = timezone.now()
    return TaskResult(
        task=task,
        id=job_id,
        status=status,
        enqueued_at=None,
        started_at=now if status != TaskResultStatus.READY else None,
        finished_at=None,
        last_attempted_at=now if attempts else None,
        args=args,
        kwargs=kwargs,
        backend=backend,
        errors=list(errors),
        worker_ids=[f"attempt-{n}" for n in range(1, attempts + 1)],
    )


class ProcrastinateBackend(BaseTaskBackend):
    supports_defer = True
    supports_get_result = True
    supports_priority = True
    retries_failed_tasks = True

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        job_id = app.configure_task(
            TASK_NAME,
            queue=task.queue_name,
            # django.tasks priorities run -100..100, procrastinate's are any integer.
            priority=task.priority,
            schedule_at=task.run_after,
        ).defer(task_path=task.module_path, args=list(args), kwargs=dict(kwargs), backend=self.alias)
        result = _result(task, str(job_id), TaskResultStatus.READY, list(args), dict(kwargs), self.alias)
        object.__setattr__(result, "enqueued_at", timezone.now())
        task_enqueued.send(type(self), task_result=result)
        return result

    def get_result(self, result_id):
        from procrastinate.contrib.django.models import ProcrastinateJob

        job = ProcrastinateJob.objects.filter(pk=result_id, task_name=TASK_NAME).first()
        if job is None:
            raise TaskResultDoesNotExist(result_id)
        payload = job.args
        task = import_string(payload["task_path"])
        status = _STATUS[job.status]
        # procrastinate keeps no traceback; the worker's log has it.
        failed = status == TaskResultStatus.FAILED
        errors = [TaskError(exception_class_path="builtins.Exception", traceback="")] if failed else []
        return _result(
            task,
            result_id,
            status,
            payload["args"],
            payload["kwargs"],
            self.alias,
            attempts=job.attempts,
            errors=errors,
        )

    def recover_stalled(self) -> int:
        """Queue again the running jobs of workers whose heartbeat stopped; return how many."""
        seconds = settings.TASKS_STALLED_WORKER_SECONDS
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT job.id FROM procrastinate_jobs job "
                "LEFT JOIN procrastinate_workers worker ON worker.id = job.worker_id "
                "WHERE job.status = 'doing' AND job.task_name = %s "
                "AND (worker.id IS NULL OR worker.last_heartbeat < NOW() - make_interval(secs => %s))",
                [TASK_NAME, seconds],
            )
            stalled = [row[0] for row in cursor.fetchall()]
            for job_id in stalled:
                cursor.execute("SELECT procrastinate_retry_job_v2(%s, %s, NULL, NULL, NULL)", [job_id, timezone.now()])
        return len(stalled)
