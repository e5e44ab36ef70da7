"""Work the task workers start by themselves on a schedule, so that no one keeps a cron line.

Each entry maps a stable name to the dotted path of a `django.tasks` Task that takes no
arguments and how often it should run, in seconds. Every worker started with
`manage.py run_worker` (`make worker`, and `make run` for the embedded engine) calls
`periodic_enqueue_due` about once a second; a due entry is claimed with one conditional
UPDATE of its PeriodicRun row and enqueued in the same transaction, so however many
workers run on however many machines, each period enqueues the task once. The task
itself decides what is due (which feeds to poll, which fact-checks go live), so running
one twice, or late, does no harm.

Periodic tasks are enqueued at the top priority where the engine has priorities, so a
backlog of imports does not delay them. To run an entry sooner, set its `next_run_at` in
the admin (Periodic runs).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.tasks.base import TASK_MAX_PRIORITY
from django.utils import timezone
from django.utils.module_loading import import_string

from articles.models import PeriodicRun

logger = logging.getLogger(__name__)

PERIODIC_TASKS: dict[str, tuple[str, int]] = {
    # Picks up imports whose worker died, finishes what is done, deletes unneeded uploads.
    "imports-sweep": ("articles.tasks.imports_sweep", settings.IMPORT_SWEEP_SECONDS),
    # Each subscription keeps its own interval and backoff; this only looks for those due.
    "feeds_poll_due": ("articles.tasks.feeds_poll_due", 60),
    # Readers see a scheduled fact-check from its time on regardless (and the page cache
    # expires at that time); this marks it published and records the moment in the trail.
    "factchecks_go_live": ("articles.tasks.factchecks_go_live", 60),
}


def periodic_enqueue_due(*, now=None) -> list[str]:
    """Enqueue every registered task that is due and that no other worker claimed; return their names."""
    now = now or timezone.now()
    known = set(PeriodicRun.objects.filter(name__in=PERIODIC_TASKS).values_list("name", flat=True))
    for name in PERIODIC_TASKS.keys() - known:
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(name=name, next_run_at=now)
        except IntegrityError:
            pass  # another worker registered it first
    enqueued = []
    for name, (path, every_seconds) in PERIODIC_TASKS.items():
        with transaction.atomic():
            claimed = PeriodicRun.objects.filter(name=name, next_run_at__lte=now).update(
                next_run_at=now + timedelta(seconds=every_seconds), last_run_at=now
            )
            if claimed:
                _first_in_line(import_string(path)).enqueue()
                enqueued.append(name)
    return enqueued


def _first_in_line(task):
    """Periodic work goes before the queue's backlog: a sweeper that waits behind the very
    chunks a dead worker left would recover them only once everything else is done."""
    return task.using(priority=TASK_MAX_PRIORITY) if task.get_backend().supports_priority else task
