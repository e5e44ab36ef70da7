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
