# expatcare: two commands do all set-up on a fresh machine.
#   make run    the product (SQLite, demo data, server on 127.0.0.1:$PORT)
#   make test   lint, types, import contracts, all tests on SQLite and PostgreSQL, browser tests
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/expatcare
PYTEST_WORKERS ?= 2

.PHONY: run test bootstrap lint typecheck contracts test-sqlite test-postgres test-alone test-e2e bench demo clean

$(PY_STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=24"
	$(BIN)/python -m pip install -q -c requirements.lock -e ".[dev]"
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

bootstrap: $(PY_STAMP) $(NODE_STAMP)

run: bootstrap
	$(BIN)/expatcare serve --port $(PORT)

lint: bootstrap
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: bootstrap
	$(BIN)/mypy src tests

contracts: bootstrap
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=expatcare.settings.test $(BIN)/expatcare makemigrations --check --dry-run

test-sqlite: bootstrap
	DJANGO_SETTINGS_MODULE=expatcare.settings.test $(BIN)/expatcare collectstatic --noinput -v0
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q

# Tests that start servers of their own and load them (schemathesis against a live server, the
# fault tests with a throwaway PostgreSQL, Redis, SMTP and gunicorn): one at a time, after the
# parallel suite, so they never compete with it for the two cores or restart a shared server.
test-alone: bootstrap
	$(BIN)/pytest -q -p no:xdist -p no:cacheprovider -m "fuzz or faults"

# PostgreSQL runs everything but the browser tests, which already ran once on SQLite, and the
# tests of `test-alone` (a command-line `-m` replaces the one in pytest's addopts).
test-postgres: bootstrap
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  DATABASE_URL=$(PG_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) -q -m "not e2e and not fuzz and not faults" -p no:cacheprovider; \
	else echo "PostgreSQL does not answer on 127.0.0.1:5432: skipping the PostgreSQL run"; fi

test: bootstrap
	@scripts/ensure-system-deps
	$(MAKE) lint typecheck contracts
	$(MAKE) test-sqlite
	$(MAKE) test-alone
	$(MAKE) test-postgres

bench: bootstrap
	$(BIN)/python tests/bench/bench_rules.py
	$(BIN)/python tests/bench/bench_web.py

demo: bootstrap
	$(BIN)/expatcare demo

clean:
	rm -rf $(VENV) node_modules var/static
