# The two commands of the README, and the production-like stack.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := $(shell python3 -m pip install --quiet uv >/dev/null 2>&1; command -v uv 2>/dev/null || echo "python3 -m uv")
endif
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes side by side (pytest-xdist): most tests wait on PostgreSQL, a browser or a
# worker, so three keep two cores busy; an idle one takes tests a busy one has not begun.
# Bytecode is compiled and kept (even where the shell says not to write it): the run starts
# some forty Python processes, each of which would otherwise compile Django and the portal.
TEST_WORKERS ?= 3

.PHONY: run test setup lint messages prod-check prod bench bench-load bench-events

setup:
	$(UV) sync --frozen --compile-bytecode
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv -v0; fi
	DATABASE_URL=$${DATABASE_OWNER_URL:-$$DATABASE_URL} $(PY) manage.py migrate --noinput -v0

run: setup
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test:
	$(UV) sync --frozen --compile-bytecode
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv -v0; fi
	PYTHONDONTWRITEBYTECODE= $(UV) run --frozen pytest -n $(TEST_WORKERS) --dist worksteal

lint:
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

messages:
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=staticfiles --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

# Production-like stack: PostgreSQL + Redis from the environment, gunicorn, worker, beat.
prod-check:
	DJANGO_ENV=production $(PY) manage.py check --deploy --fail-level WARNING

prod: setup
	DJANGO_ENV=production $(PY) manage.py collectstatic --noinput -v0
	$(UV) run --frozen honcho start

# Pages under concurrent load (gunicorn, production settings) against a minimal Django floor.
# Needs PostgreSQL and Redis; DATABASE_URL must name a database containing "bench".
bench-load:
	$(UV) sync --frozen --compile-bytecode
	$(PY) bench/load_bench.py $(BENCH_ARGS)

# A fair's registration and door rushes under gunicorn; DATABASE_URL as for bench-load.
bench-events:
	$(PY) bench/events_bench.py $(BENCH_ARGS)
