"""Settings for `make bench-engines`: the project's settings, with the task engine named by BENCH_ENGINE.

db (django-tasks-db, the embedded default), procrastinate (the production engine),
celery (django-tasks-celery on RabbitMQ, acks late), rq (django-tasks-rq on Redis).
Celery and RQ are installed from requirements-bench.txt only.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")
if os.environ.get("BENCH_ENGINE") == "procrastinate":
    os.environ["DJANGO_TASKS_QUEUE"] = "1"

from factcheck.settings import *  # noqa: E402, F403
from factcheck.settings import INSTALLED_APPS, TASKS  # noqa: E402

ENGINE = os.environ.get("BENCH_ENGINE", "db")
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "13"))
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"

if ENGINE == "celery":
    TASKS["default"]["BACKEND"] = "django_tasks_celery.CeleryBackend"
    TASKS["default"]["OPTIONS"] = {"CELERY_APP": "bench.celery_app.app"}
    CELERY_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_RESULT_EXTENDED = True
    # A message is acknowledged only once its task finished, and given back if the worker dies.
    CELERY_TASK_ACKS_LATE = True
    CELERY_TASK_REJECT_ON_WORKER_LOST = True
    CELERY_WORKER_PREFETCH_MULTIPLIER = 1
elif ENGINE == "rq":
    INSTALLED_APPS = [*INSTALLED_APPS, "django_rq", "django_tasks_rq"]
    TASKS["default"]["BACKEND"] = "django_tasks_rq.RQBackend"
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
