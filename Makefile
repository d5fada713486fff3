# Two commands on a fresh machine:
#   make serve   set up, build the bundled example edition and serve it on 127.0.0.1
#   make test    set up and run every test (unit, flows, Pyodide, end-to-end)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000

.PHONY: setup serve build test test-fast bench check clean

$(BIN)/infoshare: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/infoshare

serve: setup
	$(BIN)/infoshare serve --partnership partnerships/example --port $(PORT)

build: setup
	$(BIN)/infoshare build

check: setup
	$(BIN)/infoshare check flows

test: setup
	$(BIN)/python scripts/ensure_browser.py
	$(BIN)/python -m pytest
	@# The project's reference texts sit beside a checkout in ../shared; portal text must not copy them.
	@if [ -x ../shared/tools/copycheck ]; then ../shared/tools/copycheck content flows partnerships; fi

test-fast: setup
	$(BIN)/python -m pytest -m "not e2e and not pyodide"

bench: setup
	$(BIN)/python scripts/ensure_browser.py
	$(BIN)/python scripts/bench.py

clean:
	rm -rf site build dist .pytest_cache
