# Two commands do all the set-up: `make run` and `make test`.
# Each creates .venv and installs the project from this repo when needed: again whenever
# pyproject.toml changes, and from scratch when .venv was made by another Python than
# $(PYTHON) (e.g. after `make test PYTHON=python3.12`). VENV=.venv-3.12 keeps one per Python.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint bench load scale check schema clean

# Which interpreter a Python is (its base installation and version); empty if it won't run.
identify = $(shell $(1) -c 'import sys; print(sys.base_prefix, *sys.version_info[:3])' 2>/dev/null)
ifneq ($(call identify,$(PYTHON)),$(call identify,$(PY)))
CLEAR := --clear
.PHONY: $(STAMP)
endif

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(CLEAR) $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m compileall -q bot
	touch $(STAMP)

# Byte-compiled at install and before each run: where PYTHONDONTWRITEBYTECODE is set (as in
# many images) an editable install gets no .pyc files, and every start would compile the bot's
# modules again (about 0.1 s of a 650-contest start).
run: $(STAMP)
	$(PY) -m compileall -q bot
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
	rm -rf $(VENV) .venv-3.* .pytest_cache .ruff_cache
