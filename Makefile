# `make run` and `make test` set everything up on a fresh machine; the other targets are steps of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := FLASK_APP=run.py $(BIN)/flask
CHROMIUM := /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test setup dev-setup translations extract-messages migrate demo db-check chromium pdf-libs lint bench loadtest lock clean

run: setup pdf-libs translations migrate demo
	ARM_CONFIG=development $(FLASK) run --host $(HOST) --port $(PORT)

test: dev-setup translations chromium pdf-libs
	$(BIN)/python -m pytest

setup: $(VENV)/.runtime-installed

dev-setup: $(VENV)/.dev-installed

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

translations: setup
	$(BIN)/pybabel -q compile -d arm/translations

# Re-extract the Finnish source strings and merge them into the Swedish and English catalogues.
extract-messages: dev-setup
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location --sort-output --no-wrap -o arm/translations/messages.pot .
	$(BIN)/pybabel -q update -i arm/translations/messages.pot -d arm/translations --no-fuzzy-matching --ignore-obsolete --no-wrap

migrate: setup
	ARM_CONFIG=development $(FLASK) db upgrade

demo: setup
	ARM_CONFIG=development $(FLASK) arm load-demo

# Models and migrations agree: `flask db check` on a throw-away database upgraded to the newest revision
# (on a database that is behind, Alembic only answers "Target database is not up to date").
db-check: setup
	@tmp=$$(mktemp -d); ARM_INSTANCE_PATH=$$tmp ARM_CONFIG=development $(FLASK) db upgrade >/dev/null 2>&1 \
	  && ARM_INSTANCE_PATH=$$tmp ARM_CONFIG=development $(FLASK) db check; status=$$?; rm -rf $$tmp; exit $$status

# Browser tests drive Debian's Chromium; Playwright's own browser download does not work here.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi

# The meeting papers' PDFs are drawn by WeasyPrint, which needs Pango (with HarfBuzz's subsetting) and a font.
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-libs:
	@if ! dpkg -s $(PDF_LIBS) >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(PDF_LIBS); \
	fi

lint: dev-setup
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r arm -c pyproject.toml

# Not part of `make test` (a smoke version of each is): BENCH_ARGS / LOAD_ARGS pass options, e.g.
# BENCH_ARGS="--database-url postgresql://…" for PostgreSQL; see python -m benchmarks.run --help.
bench: dev-setup translations pdf-libs
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

loadtest: dev-setup translations
	$(BIN)/python -m benchmarks.load $(LOAD_ARGS)

# Re-pin requirements*.txt after changing requirements*.in.
lock:
	rm -rf /tmp/arm-lock && $(PYTHON) -m venv /tmp/arm-lock
	/tmp/arm-lock/bin/pip install --quiet -r requirements.in
	{ echo "# Pinned runtime set: pip freeze of requirements.in. Regenerate with 'make lock'."; /tmp/arm-lock/bin/pip freeze; } > requirements.txt
	/tmp/arm-lock/bin/pip freeze > /tmp/arm-lock/runtime.txt
	/tmp/arm-lock/bin/pip install --quiet -r requirements-dev.in
	{ echo "# Pinned test and lint tools: pip freeze of requirements-dev.in less requirements.txt."; echo "-r requirements.txt"; \
	  /tmp/arm-lock/bin/pip freeze | grep -vxF -f /tmp/arm-lock/runtime.txt; } > requirements-dev.txt

clean:
	rm -rf $(VENV) .pytest_cache
