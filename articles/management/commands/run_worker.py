import asyncio
import contextlib
import logging
import signal
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.tasks import task_backends
from django.utils import timezone
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
    """A procrastinate worker that starts again when it stops of its own accord.

    procrastinate stops a worker whose heartbeat or listener query fails, which a database
    restart does; if the database is back by the time it shuts down it returns as if told
    to stop. Only SIGTERM or SIGINT ends this loop, so a restart never leaves the queue
    without its worker.
    """
    from procrastinate.worker import Worker

    app = _worker_app()
    heartbeat = max(1.0, settings.TASKS_STALLED_WORKER_SECONDS / 5)
    told_to_stop = asyncio.Event()
    current: list[Worker] = []

    def stop():
        told_to_stop.set()
        for worker in current:
            worker.stop()

    async def serve():
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop)
        async with app.open_async():
            while not told_to_stop.is_set():
                worker = Worker(
                    app=app,
                    queues=[queue],
                    concurrency=concurrency,
                    update_heartbeat_interval=heartbeat,
                    stalled_worker_timeout=settings.TASKS_STALLED_WORKER_SECONDS,
                    install_signal_handlers=False,
                )
                current[:] = [worker]
                reconciler = asyncio.create_task(_requeue_orphans(app, worker, every=heartbeat * 2))
                try:
                    await worker.run()
                except Exception as error:  # noqa: BLE001 - the connector raises its own errors
                    logger.warning("worker lost the database (%s)", error)
                finally:
                    reconciler.cancel()
                if not told_to_stop.is_set():
                    logger.warning("worker stopped on its own; starting again in %ss", _RESTART_DELAY_SECONDS)
                    await asyncio.sleep(_RESTART_DELAY_SECONDS)

    asyncio.run(serve())


def _worker_app():
    """An app of the worker's own, on procrastinate's async worker connector.

    The project's app keeps its Django connector, which is thread-safe: the scheduler
    thread and the tasks (run in threads) enqueue through it. Swapping the shared app's
    connector instead (`replace_connector`) had them drive the worker's asyncio pool from
    other threads, which left the event loop asleep up to 30 s at a time.
    """
    from procrastinate import App
    from procrastinate.contrib.django import app

    from factcheck.procrastinate_backend import DurableJobManager

    own = App(connector=app.connector.get_worker_connector(), import_paths=app.import_paths)
    own.tasks = app.tasks
    own.job_manager = DurableJobManager(own.connector)
    return own


async def _requeue_orphans(app, worker, *, every: float) -> None:
    """Queue again the jobs the database says this worker runs, but which it does not.

    A job's row says `doing` under this worker while the worker no longer holds it when
    recording its outcome, or handing it out, failed halfway (a database restart). The
    worker's heartbeat goes on, so the stalled-worker sweep never picks such a job up.
    A job has to be seen orphaned twice in a row: one that is being handed out right now
    is in the database a moment before it is in the worker.
    """
    from procrastinate import exceptions

    suspects: set[int] = set()
    while True:
        await asyncio.sleep(every)
        if worker.worker_id is None:
            continue
        try:
            rows = await app.connector.execute_query_all_async(
                query="SELECT id FROM procrastinate_jobs WHERE status = 'doing' AND worker_id = %(worker_id)s",
                worker_id=worker.worker_id,
            )
            # procrastinate keeps no public list of the jobs a worker runs; pinned in requirements.txt.
            held = {context.job.id for context in worker._running_jobs.values()}
            orphans = {row["id"] for row in rows} - held
            for job_id in orphans & suspects:
                logger.warning("job %s was left doing with no one running it; queueing it again", job_id)
                with contextlib.suppress(exceptions.ConnectorException):  # it finished meanwhile
                    await app.job_manager.retry_job_by_id_async(job_id, retry_at=timezone.now())
            suspects = orphans
        except exceptions.ConnectorException as error:
            logger.warning("could not look for orphaned jobs (%s)", error)


def _scheduler() -> None:
    while True:
        try:
            periodic_enqueue_due()
        except Exception:
            logger.exception("could not enqueue the periodic tasks; trying again")
            connection.close()  # it may be a dead connection: the next round opens a new one
        close_old_connections()
        time.sleep(1)
