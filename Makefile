# HWB Portal: everyday commands. `make help` lists them.
#
# Versions live in pyproject.toml (Python) and package-lock.json (npm); the targets below install
# from those and re-install only when they change (stamp files).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
RUN_ADDR ?= 127.0.0.1:8000
PYTEST_ARGS ?=
# Two pytest-xdist workers, a file each at a time (module fixtures such as the demo load once per file):
# the suite is half browser tests, half database tests, and one process leaves a core idle.
# TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2
TEST_WORKERS_ARGS := $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile)
BENCH_ARGS ?=
# make backup BACKUP_ROOT=/elsewhere; make restore BACKUP=backups/hwb-backup-YYYYMMDD-HHMMSS [REPLACE=1]
BACKUP ?=
REPLACE ?=

PY_STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
# Inside static/dist, so that `npm run clean` (or deleting the folder) also forgets the build.
ASSETS_STAMP := static/dist/.built
ASSET_SOURCES := package.json $(shell find static/src -type f 2>/dev/null)

.PHONY: help venv install assets run worker test lint bench backup restore clean distclean check-chromium

help:
	@echo "make install    .venv from pyproject.toml (Python 3.12+) and node_modules from package-lock.json"
	@echo "make run        migrate, load the demo data and serve http://$(RUN_ADDR) (DEBUG=true on SQLite"
	@echo "                unless DATABASE_URL / REDIS_URL are set; with REDIS_URL, also run make worker)"
	@echo "make worker     a Celery worker (needs REDIS_URL)"
	@echo "make test       the test suite on PostgreSQL, Redis and a throwaway S3 server; extra pytest"
	@echo "                arguments in PYTEST_ARGS"
	@echo "make lint       ruff check and ruff format --check"
	@echo "make bench      scripts/bench.py on PostgreSQL and Redis; extra arguments in BENCH_ARGS"
	@echo "make backup     the database and the stored files into a dated folder under BACKUP_ROOT (backups/)"
	@echo "make restore BACKUP=folder  into an empty database and storage (REPLACE=1: over what is there)"
	@echo "make clean      remove build output and caches; make distclean also removes .venv and node_modules"

venv: $(PY_STAMP)

install: $(PY_STAMP) $(NPM_STAMP)

# The dependency lists are read from pyproject.toml and installed directly: the project itself is
# not a package (`packages = []`), so an editable install would add nothing but an egg-info folder.
$(PY_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || { \
		echo "Python 3.12 or newer is needed; '$(PYTHON)' is: $$($(PYTHON) --version 2>&1)."; \
		echo "With pyenv: 'pyenv install 3.12' (the .python-version file then selects it here),"; \
		echo "or name one: make PYTHON=/path/to/python3.12 $(MAKECMDGOALS)"; \
		exit 1; }
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "$(VENV) was made with an older Python: making it again"; rm -rf $(VENV); fi
	@if [ ! -x $(PY) ]; then echo "$(PYTHON) -m venv $(VENV)"; $(PYTHON) -m venv $(VENV); fi
	$(PY) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
		print('\n'.join(p['dependencies'] + p['optional-dependencies']['dev']))" > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(VENV)/requirements.txt
	@touch $@

$(NPM_STAMP): package-lock.json package.json
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js 20 or newer (Debian: apt-get install -y nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

assets: $(ASSETS_STAMP)

$(ASSETS_STAMP): $(NPM_STAMP) $(ASSET_SOURCES)
	npm run build
	@touch $@

# DEBUG=true unless set: a newcomer's run needs no SECRET_KEY and serves on plain HTTP.
run: install assets
	export DEBUG=$${DEBUG:-true} PUBLIC_URL=$${PUBLIC_URL:-http://$(RUN_ADDR)}; \
	$(PY) manage.py migrate; \
	$(PY) manage.py load_demo; \
	if [ -z "$${REDIS_URL:-}" ]; then $(PY) manage.py clock & fi; \
	exec $(PY) manage.py runserver $(RUN_ADDR)

worker: install
	@[ -n "$${REDIS_URL:-}" ] || { echo "make worker needs REDIS_URL (and DATABASE_URL) set as for make run."; \
		echo "Without REDIS_URL, make run executes tasks in the web process and needs no worker."; exit 1; }
	export DEBUG=$${DEBUG:-true} PUBLIC_URL=$${PUBLIC_URL:-http://$(RUN_ADDR)}; \
	mkdir -p .tmp; exec $(BIN)/celery -A config worker -B -l info --schedule .tmp/celerybeat-schedule

# scripts/with-services.sh points DATABASE_URL and REDIS_URL at servers that answer, starting
# throwaway ones if need be, and starts a throwaway S3 server (SeaweedFS, from .venv) for the tests
# marked s3 and multinode. Playwright drives a browser from the live_server's thread, hence
# DJANGO_ALLOW_ASYNC_UNSAFE (for tests only).
test: install assets check-chromium
	DJANGO_ALLOW_ASYNC_UNSAFE=true scripts/with-services.sh $(PY) -m pytest $(TEST_WORKERS_ARGS) $(PYTEST_ARGS)

check-chromium:
	@[ -x /usr/bin/chromium ] || { echo "The browser tests drive Debian's Chromium, and /usr/bin/chromium is missing:"; \
		echo "    apt-get install -y chromium"; exit 1; }

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install assets
	TEST_S3=none scripts/with-services.sh $(PY) scripts/bench.py $(BENCH_ARGS)

# The database and storage are those of the environment (DATABASE_URL, the storage settings), as for
# make run: core/backups.py says what a backup holds.
backup: venv
	$(PY) manage.py backup $(if $(BACKUP_ROOT),--into "$(BACKUP_ROOT)")

restore: venv
	@[ -n "$(BACKUP)" ] || { echo "Name the backup's folder: make restore BACKUP=backups/hwb-backup-YYYYMMDD-HHMMSS"; exit 1; }
	$(PY) manage.py restore "$(BACKUP)" $(if $(REPLACE),--replace)

clean:
	rm -rf static/dist staticfiles .pytest_cache .ruff_cache *.egg-info bench-results .tmp
	find . \( -path ./.venv -o -path ./node_modules -o -path ./.git \) -prune -o \
		-type d -name __pycache__ -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules
