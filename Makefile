# The two commands of the README: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run test setup migrate data lint format browser bench schema clean

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

setup: $(STAMP)
	@mkdir -p var

## run: set up, migrate, load the demo data (on a new database it first loads the reference data, dated the
## plan's issue date, so the register has a past too), bring the reference data up to date, and serve on :8000
run: setup
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py load_demo_data
	DEBUG=true $(PY) manage.py load_reference_data
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

## browser: make sure the programs the tests drive are installed (Debian's packages): Chromium for the browser
## tests, LibreOffice and poppler-utils to open the letters and exports as their readers will (and make every
## document's PDF, core/pdf.py), Liberation Serif (fonts-liberation2) for Times New Roman in those PDFs
browser:
	@missing=""; \
	  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing="$$missing chromium"; \
	  command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui libreoffice-calc-nogui"; \
	  command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	  fc-list 2>/dev/null | grep -q "Liberation Serif" || missing="$$missing fonts-liberation2"; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing Debian's$$missing for the tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) || \
	      echo "WARNING: could not install$$missing; the tests that need them are skipped (and fail under CI)"; \
	  fi

## test: set up, then lint, check migrations, and run the whole suite (SQLite, or DATABASE_URL)
test: setup browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true SECRET_KEY=ci-makemigrations-check $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n auto --dist loadfile

lint:
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

## bench: with BENCH_DATABASE_URL (PostgreSQL holding load_demo_data or generate_scale_data), the pages under
## gunicorn (scripts/benchmark.py --server; BENCH_ARGS adds e.g. --save/--baseline); without it, the quick
## in-process run on a throwaway SQLite. The server mode installs wrk (Debian) for its throughput runs
bench: setup
	@if [ -n "$$BENCH_DATABASE_URL" ] && ! command -v wrk >/dev/null 2>&1; then \
	  echo "Installing Debian's wrk: the load generator, one C process beside the measured workers"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) || \
	    echo "WARNING: could not install wrk; the throughput runs use client processes instead"; \
	fi
	@if [ -n "$$BENCH_DATABASE_URL" ]; then \
	  $(PY) scripts/benchmark.py --server --database-url "$$BENCH_DATABASE_URL" $(BENCH_ARGS); \
	else \
	  echo "BENCH_DATABASE_URL is not set: quick mode on SQLite. For the gunicorn/PostgreSQL benchmark see docs/performance.md."; \
	  DEBUG=true $(PY) scripts/benchmark.py; \
	fi

clean:
	rm -rf $(VENV) var test-artifacts
