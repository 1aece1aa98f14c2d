# Two commands do all the set-up: `make run` and `make test`.
# Each creates .venv and installs the project from this repo when needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench load scale check schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m bot run

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: $(STAMP)
	$(PY) -m bot bench

load: $(STAMP)
	$(PY) benchmarks/load.py

scale: $(STAMP)
	$(PY) benchmarks/scale.py

check: $(STAMP)
	$(PY) -m bot check

schema: $(STAMP)
	$(PY) -m bot schema

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
