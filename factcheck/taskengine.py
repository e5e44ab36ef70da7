"""What our tasks need from the task engine beyond the django.tasks API: retries and recovery.

`retrying` gives every task the same policy, retry with exponential backoff up to
TASKS_MAX_ATTEMPTS: an engine that retries by itself (procrastinate, through
`factcheck.procrastinate_backend`) is left to do it; on one that does not
(django-tasks-db), the failed task is enqueued again with `run_after`. If even that
fails (the database is down), the periodic sweeper finds the stalled batch later.

`engine_recover_stalled` puts back in the queue the tasks of workers that died, for
engines that can tell (procrastinate keeps a heartbeat per worker).
"""

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import task_backends
from django.utils import timezone

logger = logging.getLogger(__name__)


def retry_delay(attempt: int) -> timedelta:
    """Seconds to wait after failed attempt number `attempt` (1, 2, …): base × 2^(attempt-1), at most an hour."""
    return timedelta(seconds=min(3600, settings.TASKS_RETRY_BASE_SECONDS * 2 ** (attempt - 1)))


def retrying(func):
    """Retry the task `func` (which takes context) with backoff when it raises."""

    @functools.wraps(func)
    def run(context, *args, _attempt: int = 1, **kwargs):
        try:
            return func(context, *args, **kwargs)
        except Exception:
            backend = task_backends[context.task_result.task.backend]
            if getattr(backend, "retries_failed_tasks", False):
                raise  # the engine schedules the retry itself
            if _attempt >= settings.TASKS_MAX_ATTEMPTS:
                logger.exception("%s failed %d times; giving up", func.__name__, _attempt)
                raise
            delay = retry_delay(_attempt)
            try:
                context.task_result.task.using(run_after=timezone.now() + delay).enqueue(
                    *args, _attempt=_attempt + 1, **kwargs
                )
            except Exception:
                logger.exception("could not queue a retry of %s; the sweeper will pick the work up", func.__name__)
            else:
                logger.warning("%s failed (attempt %d); retrying in %s", func.__name__, _attempt, delay, exc_info=True)
            raise

    return run


def engine_recover_stalled() -> int:
    """Queue again the tasks that dead workers were running; return how many."""
    backend = task_backends["default"]
    recover = getattr(backend, "recover_stalled", None)
    return recover() if recover is not None else 0
