# The two commands of the README: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ACOMPANA := $(BIN)/acompana
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements/constraints.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
export DEBUG ?= true
export HTTPS ?= false
PYTEST_ARGS ?= -n 2
# The suite runs with the clock at 23:30 in Lima (it keeps ticking from there): the hour at which
# a test that takes "today" from a UTC date disagrees with the program's local date.
TEST_CLOCK ?= 23:30 America/Lima

.PHONY: run test setup lint typecheck pytest messages chromium gettext pango axe clean

setup: $(STAMP) gettext pango messages

$(STAMP):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

# Translations are compiled with GNU gettext's msgfmt (Debian package: gettext).
gettext:
	@command -v msgfmt >/dev/null || { echo "Installing gettext…"; \
		(apt-get update -qq && apt-get install -y -qq gettext) >/dev/null \
		|| { echo "Please install GNU gettext (msgfmt)."; exit 1; }; }

# PDF documents are laid out by WeasyPrint, which needs Debian's Pango libraries and a font
# installed on the machine (DejaVu; no web font is fetched).
pango:
	@{ ldconfig -p | grep -q libpango-1.0.so.0 && ldconfig -p | grep -q libpangoft2-1.0.so.0 \
		&& fc-list | grep -qi dejavu; } || { echo "Installing Pango and DejaVu fonts…"; \
		(apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
			fonts-dejavu-core fontconfig) >/dev/null \
		|| { echo "Please install Debian's libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core."; exit 1; }; }

messages: $(STAMP) gettext
	cd src/acompana && ../../$(ACOMPANA) compilemessages -v0

# Browser tests drive Debian's chromium through Playwright (no browser download).
chromium:
	@command -v chromium >/dev/null || { echo "Installing chromium…"; \
		(apt-get update -qq && apt-get install -y -qq chromium) >/dev/null \
		|| { echo "Please install Debian's chromium package."; exit 1; }; }

# The browser checks inject axe-core (accessibility rules) from the npm registry, pinned in
# package-lock.json; npm ci runs again when the lock file changes. Nothing from a CDN.
axe: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Please install Node.js and npm (Debian: nodejs npm)."; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

run: setup
	$(ACOMPANA) migrate --noinput -v0
	$(ACOMPANA) demo --if-empty
	@echo "Acompaña: http://$(HOST):$(PORT)/  (the background worker runs alongside; Ctrl-C stops both)"
	@$(ACOMPANA) db_worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(ACOMPANA) runserver $(HOST):$(PORT) --noreload

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: setup chromium axe
	ACOMPANA_TEST_CLOCK="$(TEST_CLOCK)" $(BIN)/pytest $(PYTEST_ARGS)

test: setup chromium lint typecheck pytest

# Fuzz every API operation from its OpenAPI schema (Schemathesis) as a coordinator, a mentor and
# a principal, longer than the bounded run of `make test`: FUZZ_EXAMPLES examples per operation,
# a random seed, FUZZ_BUDGET seconds at most. Prints the operations covered and any failure.
.PHONY: fuzz
fuzz: setup
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-100} FUZZ_RANDOM=1 FUZZ_BUDGET=$${FUZZ_BUDGET:-3600} \
		$(BIN)/pytest src/acompana/api/tests/test_fuzz.py -p no:randomly -p no:xdist -q

clean:
	rm -rf $(VENV) var node_modules
