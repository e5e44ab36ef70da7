# The README's two commands: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

# Django 6 needs Python 3.12+. Try python3.13 / python3.12 on PATH (a pyenv shim that
# cannot run counts as missing), then pyenv's versions folder, newest first.
FIND_PYTHON := for c in python3.13 python3.12 \
	  $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -Vr); do \
	  if command -v $$c >/dev/null 2>&1 && \
	     $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	    echo $$c; exit 0; fi; done; exit 1

.PHONY: help run test test-browser lint bench bench-extraction bench-import bench-pages bench-engines worker clean

help:
	@echo "make run      set up .venv, migrate SQLite, import seeds, create demo accounts, serve on http://$(HOST):$(PORT)"
	@echo "make test     set up .venv and run the whole test suite"
	@echo "make lint     ruff"
	@echo "make worker   one background worker (DJANGO_TASKS_QUEUE=1: the production engine, procrastinate)"
	@echo "make bench    every benchmark (bench-extraction, bench-import, bench-pages); bench-engines compares task engines"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@PYTHON=$$($(FIND_PYTHON)) || { echo "Python 3.12 or newer not found (PATH or pyenv)." >&2; exit 1; }; \
	  echo "Using $$PYTHON ($$($$PYTHON --version))"; \
	  [ -x $(PY) ] || $$PYTHON -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed

run: export DJANGO_DEBUG ?= 1
run: venv
	$(PY) manage.py migrate --noinput
	@if [ -f articles/management/commands/import_articles.py ]; then \
	  $(PY) manage.py import_articles seeds/ || true; \
	else echo "(the importer has not landed yet: seeds not imported)"; fi
	$(PY) manage.py create_demo_accounts
	@echo "Starting the background task worker and the web server on http://$(HOST):$(PORT)/"
	@trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py run_worker >/dev/null 2>&1 & WORKER=$$!; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

test-browser: venv
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: bench-extraction bench-import bench-pages

bench-extraction: venv
	PYTHON=$(PY) bash bench/bench_extraction.sh

bench-import: venv
	$(PY) bench/bench_import.py
	$(PY) bench/bench_import_workers.py

bench-pages: venv
	bash bench/bench_pages.sh

# One worker for the configured engine, with the periodic tasks; start one per core, on any machine.
worker: venv
	$(PY) manage.py run_worker

$(VENV)/.bench-installed: requirements-bench.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-bench.txt
	@touch $@

# Crash test and throughput of the task engines (needs PostgreSQL, Redis and RabbitMQ on this machine).
bench-engines: $(VENV)/.bench-installed
	$(PY) bench/bench_engines.py $(BENCH_ENGINES_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache staticfiles
