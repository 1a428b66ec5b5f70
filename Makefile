# 医保参保助手 — the two commands: `make run` and `make test`.
# Python 3.10 comes from pyenv (the global python3 is 3.11, which Rasa 3.6 does not support).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

PY310 := $(shell for p in $$(pyenv root 2>/dev/null)/versions/3.10.*/bin/python3.10 $$(command -v python3.10 2>/dev/null); do \
	[ -x "$$p" ] && "$$p" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null && { echo "$$p"; break; }; done)

# Rasa and the action server import bot/ and actions/ from the checkout; no telemetry (no network here).
export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
RASA := $(VENV)/bin/rasa
PROJECT := --config bot/config.yml --domain bot/domain --data data
MODEL := models/assistant.tar.gz

.PHONY: run test lint validate model test-understanding test-nlu test-stories test-miniprogram browser services nginx cluster bench bench-load bench-turn clean

$(PY):
	@if [ -z "$(PY310)" ]; then echo "Python 3.10 not found (looked in pyenv versions and PATH)." >&2; exit 1; fi
	@echo ">> creating $(VENV) with $(PY310)"
	$(PY310) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip setuptools wheel

$(STAMP): pyproject.toml | $(PY)
	@echo ">> installing the project and its pinned dependencies (first time takes a few minutes)"
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# Train only when the model is missing or its inputs changed (bot/model.py hashes them).
model: $(STAMP)
	@if $(PY) -m bot.model stale; then \
		echo ">> training the Rasa model (about 2-4 minutes on 2 cores)"; \
		time $(RASA) train $(PROJECT) --out models --fixed-model-name assistant && $(PY) -m bot.model stamp; \
	fi

run: model
	@mkdir -p var
	$(PY) -m bot.serve

lint: $(STAMP)
	$(VENV)/bin/ruff check .

validate: $(STAMP)
	$(RASA) data validate $(PROJECT) --fail-on-warnings

test-nlu: model
	$(RASA) test nlu --model $(MODEL) --domain bot/domain --nlu tests/nlu/test_nlu.yml --out var/results/nlu
	$(PY) -m bot.nlu_report var/results/nlu --min-intent-macro-f1 0.90

test-stories: model
	ASSISTANT_TODAY=2024-11-20 $(PY) -m bot.serve actions -- $(RASA) test core --model $(MODEL) --stories tests/test_stories.yml \
		--endpoints bot/endpoints.yml --fail-on-prediction-errors --out var/results/core

# The browser tests drive Debian's chromium (never a downloaded browser build); the ledger tests also
# run on the PostgreSQL this machine kind provides at 127.0.0.1:5432 (started here if it stopped).
browser:
	@[ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -q "Noto Sans CJK" || { echo ">> installing Debian's chromium and CJK fonts for the browser tests"; \
		$$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq && \
		$$( [ "$$(id -u)" = 0 ] || echo sudo ) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null; }

# The scale-out tests and `make cluster` put Debian's nginx in front of two Rasa servers (deploy/).
nginx:
	@[ -x /usr/sbin/nginx ] || { echo ">> installing Debian's nginx for the scale-out tests"; \
		$$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -qq && \
		$$( [ "$$(id -u)" = 0 ] || echo sudo ) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null; }

services:
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || { echo ">> starting PostgreSQL"; \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; }

test: lint validate model browser services nginx
	$(PY) -m pytest
	$(MAKE) --no-print-directory test-understanding test-nlu test-stories test-miniprogram

# The WeChat and Alipay mini-program components (miniprogram/): Node tests with miniprogram-simulate and
# the platforms' type definitions, installed from the committed lock file.
test-miniprogram:
	cd miniprogram && npm ci --no-audit --no-fund --loglevel=error && npm test

# Reading residents: per-fact precision/recall on the held-out set, replies to the form's questions.
test-understanding: $(STAMP)
	$(PY) -m tests.understanding.report

bench: $(STAMP) services
	$(PY) benchmarks/bench_cli.py
	$(PY) -m ledger.bench --url sqlite:///var/bench-ledger.db --out benchmarks/results/ledger-sqlite.json
	$(PY) -m ledger.bench --url postgresql+psycopg2://postgres@127.0.0.1:5432/test --out benchmarks/results/ledger-postgresql.json

# The assistant against a bare `rasa init` bot (trained once under var/floor), same load, interleaved:
# benchmarks/results/load.json. About 5 minutes (the first run also trains the floor bot).
bench-load: model services nginx
	$(PY) benchmarks/bench_load.py

# What a turn costs, part by part (action-server round trips, the reply check, the tracker save, reading):
# benchmarks/results/turn.json. About a minute.
bench-turn: model
	$(PY) benchmarks/bench_turn.py

# Two Rasa servers and two action servers behind nginx on loopback, the production profile
# (deploy/env.example; PostgreSQL role and database `yibao` created when missing). SIGTERM/Ctrl-C stops it.
cluster: model services nginx
	$(PY) -m deploy.cluster provision
	$(PY) -m deploy.cluster run

clean:
	rm -rf $(VENV) var models .rasa .pytest_cache .hypothesis
