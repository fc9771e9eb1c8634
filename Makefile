# Tandem: `make run` serves the demo on http://127.0.0.1:8000; `make test` runs the whole suite.
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format messages check-messages bench-matching worker demo clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/axe-core/axe.min.js: package.json
	@if command -v npm >/dev/null 2>&1; then npm install --no-audit --no-fund --silent; \
	else echo "npm not found: the browser accessibility tests will be skipped."; fi

run: $(VENV)/.installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

demo: $(VENV)/.installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo

worker: $(VENV)/.installed
	$(PY) manage.py db_worker

test: $(VENV)/.installed node_modules/axe-core/axe.min.js
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Refresh the French catalogue from the code, then compile it (the .mo is committed so a first run needs no gettext).
messages: $(VENV)/.installed
	$(PY) manage.py makemessages --locale fr --no-obsolete --no-location --ignore '.venv/*' --ignore 'node_modules/*'
	$(PY) manage.py compilemessages --locale fr --ignore '.venv/*'

check-messages: $(VENV)/.installed
	scripts/check-translations

bench-matching: $(VENV)/.installed
	$(PY) -m tandem.matching.engine.bench

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
