# Two commands do everything on a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test demo bench lint typecheck clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check paypro_async tests examples benchmarks
	$(BIN)/ruff format --check paypro_async tests examples benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy paypro_async

test: lint typecheck
	$(BIN)/pytest

# `make bench BENCH_ARGS=--quick` for a smoke run; see benchmarks/README.md for the flags.
# The test extra already holds aiohttp (the fast transport and the hand-written baseline).
bench: $(STAMP)
	$(BIN)/python benchmarks/micro.py
	$(BIN)/python benchmarks/transports.py $(BENCH_ARGS)

demo: $(STAMP)
	$(BIN)/python benchmarks/demo.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
