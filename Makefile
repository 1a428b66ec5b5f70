# 医保参保助手 — the two commands: `make run` and `make test`.
# Python 3.10 comes from pyenv (the global python3 is 3.11, which Rasa 3.6 does not support).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

PY310 := $(shell for p in $$(pyenv root 2>/dev/null)/versions/3.10.*/bin/python3.10 $$(command -v python3.10 2>/dev/null); do \
	[ -x "$$p" ] && "$$p" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null && { echo "$$p"; break; }; done)

.PHONY: run test lint bench clean

$(PY):
	@if [ -z "$(PY310)" ]; then echo "Python 3.10 not found (looked in pyenv versions and PATH)." >&2; exit 1; fi
	@echo ">> creating $(VENV) with $(PY310)"
	$(PY310) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip setuptools wheel

$(STAMP): pyproject.toml | $(PY)
	@echo ">> installing the project and its pinned dependencies (first time takes a few minutes)"
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	@echo ">> 医保参保助手: policy engine demo (the Rasa dialog arrives with issue #3)"
	$(PY) -m policies demo

lint: $(STAMP)
	$(VENV)/bin/ruff check .

test: lint
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/bench_cli.py

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
