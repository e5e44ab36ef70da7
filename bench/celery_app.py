"""The Celery app for `make bench-engines` (BENCH_ENGINE=celery)."""

import os

import django
from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.engine_settings")
django.setup()

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
# django-tasks-celery registers each django.tasks Task with Celery when its module is imported.
app.conf.imports = ["articles.tasks", "bench.engine_tasks"]

# django-tasks-celery registers a Task when the backend validates it, which happens while
# articles.tasks is first imported: before this app exists, when the worker imports it.
# Register every Task of those modules on this app explicitly.
from django.tasks import Task, task_backends  # noqa: E402
from django_tasks_celery.register import ensure_celery_task  # noqa: E402

import articles.tasks  # noqa: E402
import bench.engine_tasks  # noqa: E402

for module in (articles.tasks, bench.engine_tasks):
    for value in vars(module).values():
        if isinstance(value, Task):
            ensure_celery_task(value, app, task_backends["default"])
