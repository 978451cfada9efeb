PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: install install-dev run test test-fast test-dev lint typecheck bench eval web serve clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

install: $(STAMP)

install-dev: $(DEVSTAMP)

run: $(STAMP)
	$(BIN)/polemos analyze examples/articles.jsonl --summary

test: $(DEVSTAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/bandit -r src -ll -q
	$(BIN)/python -m pytest -m "not dev"; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

# floors on development data (own gold sets tuned against): regression checks for developers, not a CI gate
test-dev: $(DEVSTAMP)
	$(BIN)/python -m pytest -m dev

# unit tests only: no model load, no gold-set floors, no subprocesses (markers set in tests/conftest.py)
test-fast: $(DEVSTAMP)  # property tests with 60 examples each here; `make test` runs 200
	POLEMOS_FUZZ_EXAMPLES=60 $(BIN)/python -m pytest -m "not model and not eval and not slow"; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/bandit -r src -ll -q

WEBSTAMP := $(VENV)/.installed-web

$(WEBSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[web]'
	touch $@

web:
	src/polemos/web/frontend/build.sh

serve: $(STAMP) $(WEBSTAMP) web
	@test -f polemos.duckdb || $(BIN)/polemos analyze examples/articles.jsonl --summary
	$(BIN)/polemos serve

bench: $(STAMP)
	$(BIN)/polemos bench

eval: $(STAMP)
	$(BIN)/polemos eval all

clean:
	rm -rf $(VENV) polemos.duckdb .pytest_cache
