import logging
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.tasks import task_backends
from django.utils.crypto import get_random_string

from articles.periodic import periodic_enqueue_due

logger = logging.getLogger(__name__)

_RESTART_DELAY_SECONDS = 2


class Command(BaseCommand):
    """Run one background worker for the configured task engine, and the periodic tasks.

    With the embedded engine (django-tasks-db) it runs the database worker loop; with
    DJANGO_TASKS_QUEUE=1 a procrastinate worker. Either way a scheduler thread enqueues
    the entries of `articles.periodic.PERIODIC_TASKS` when they fall due (claimed in the
    database, so many workers fire each once). If the database goes away the worker
    waits and starts again rather than exiting. Start as many as you like, on any
    machine that reaches the database.
    """

    help = "Run a background task worker (and the periodic tasks) for the configured task engine."

    def add_arguments(self, parser):
        parser.add_argument("--queue", default="default", help="Queue to take tasks from (default: default).")
        parser.add_argument(
            "--concurrency", type=int, default=1, help="Tasks run at once in this process (procrastinate only)."
        )
        parser.add_argument("--no-periodic", action="store_true", help="Do not enqueue the periodic tasks.")
        parser.add_argument(
            "--periodic-only",
            action="store_true",
            help="Only enqueue the periodic tasks (for an engine whose own workers run the tasks).",
        )
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls when idle.")

    def handle(self, *args, queue, concurrency, no_periodic, periodic_only, interval, **options):
        logging.getLogger("articles").setLevel(logging.INFO)
        if periodic_only:
            self.stdout.write("periodic tasks only")
            _scheduler()
        if not no_periodic:
            threading.Thread(target=_scheduler, name="periodic", daemon=True).start()
        backend = task_backends["default"]
        name = type(backend).__name__
        self.stdout.write(f"worker started: {name}, queue {queue}" + ("" if no_periodic else ", periodic tasks on"))
        while True:
            try:
                if name == "ProcrastinateBackend":
                    _run_procrastinate(queue, concurrency)
                    return
                _run_database(queue, interval)
                return
            except Exception as error:  # noqa: BLE001 - the engines raise their own connection errors
                # A database restart: wait for it instead of leaving the queue without a worker.
                logger.warning("worker lost the database (%s); starting again in %ss", error, _RESTART_DELAY_SECONDS)
                connection.close()
                time.sleep(_RESTART_DELAY_SECONDS)


def _run_database(queue: str, interval: float) -> None:
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=[queue],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )
    worker.configure_signals()
    worker.run()


def _run_procrastinate(queue: str, concurrency: int) -> None:
    from procrastinate.contrib.django import app

    heartbeat = max(1.0, settings.TASKS_STALLED_WORKER_SECONDS / 5)
    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(
            queues=[queue],
            concurrency=concurrency,
            update_heartbeat_interval=heartbeat,
            stalled_worker_timeout=settings.TASKS_STALLED_WORKER_SECONDS,
        )


def _scheduler() -> None:
    while True:
        try:
            periodic_enqueue_due()
        except Exception:
            logger.exception("could not enqueue the periodic tasks; trying again")
            connection.close()  # it may be a dead connection: the next round opens a new one
        close_old_connections()
        time.sleep(1)
