# The two commands of the README: `make build` and `make test`. Each sets up the virtual
# environment it needs (.venv, with Python 3.11 or newer) the first time, and again whenever
# pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test lint typecheck clean

## build: build and validate the knowledge graph of the sample records in seeds/ into build/
build: $(VENV)/.installed-run
	$(BIN)/kg build seeds --out build

## test: lint, type-check and run the whole test suite
test: $(VENV)/.installed-test lint typecheck
	$(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check kg tests tools benchmarks
	$(BIN)/ruff format --check kg tests tools benchmarks

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

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
