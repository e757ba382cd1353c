# The two commands of the README: `make build` and `make test` (and `make accessibility`, the
# browser tests' axe-core check of every page). Each sets up the virtual environment it needs
# (.venv, with Python 3.11 or newer) the first time, and again whenever pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium

.PHONY: build test accessibility lint typecheck browser clean

## build: build and validate the knowledge graph of the sample records in seeds/ into build/,
## and write its site into build/site/
build: $(VENV)/.installed-run
	$(BIN)/kg build seeds --out build
	$(BIN)/kg site --store build/store --out build/site

## test: lint, type-check and run the whole test suite (in a browser too, where one is installed).
## The suite starts many Pythons (the CLI in subprocesses, the benchmark runner's children): they
## compile kg once into __pycache__, even where the environment says not to write bytecode.
test: $(VENV)/.installed-test lint typecheck browser
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest

## accessibility: axe-core on every page of the browser tests' two sites (about 800 pages, a few
## minutes); `make test` checks one page of each kind
accessibility: $(VENV)/.installed-test browser
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n0 tests/site/test_browser.py --axe-every-page \
		-k accessibility_violation

lint: $(VENV)/.installed-test
	$(BIN)/ruff check kg tests tools benchmarks
	$(BIN)/ruff format --check kg tests tools benchmarks

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

## browser: Debian's chromium for the site's browser tests, where it is missing and apt-get can
## install it (as root, or by sudo without a password); elsewhere those tests skip, saying why
browser:
	@if [ -x $(CHROMIUM) ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
		echo "make: no $(CHROMIUM) and no apt-get to install it: the browser tests will skip"; exit 0; fi; \
	if [ "$$(id -u)" -eq 0 ]; then as=""; elif sudo -n true 2>/dev/null; then as="sudo -n"; else \
		echo "make: no $(CHROMIUM), and apt-get needs root: the browser tests will skip"; exit 0; fi; \
	echo "make: installing Debian's chromium for the browser tests"; \
	$$as apt-get update -qq && $$as env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
		|| echo "make: apt-get could not install chromium: the browser tests will skip"

clean:
	rm -rf build .venv .pytest_cache .ruff_cache .hypothesis

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kirjasto-kg needs Python 3.11 or newer; run make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@
