# newsflow — one command each for a newcomer.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export AIRFLOW__CORE__LOAD_EXAMPLES := False

.PHONY: install demo test lint airflow airflow-cli bench train-attribution clean stop

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) (Python 3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: install
	$(BIN)/python -m newsflow demo

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

airflow: install
	$(BIN)/python -m newsflow airflow-ui

# The Airflow CLI on the home `make airflow` wrote (its airflow.cfg and newsflow.env), e.g.
# make airflow-cli ARGS="dags list". Starts the embedded PostgreSQL (the metadata) if it is down.
AIRFLOW_HOME_DIR := $(abspath $(or $(NEWSFLOW_DATA_DIR),.newsflow))/airflow
airflow-cli: install
	@test -f $(AIRFLOW_HOME_DIR)/newsflow.env || { echo "run 'make airflow' once first"; exit 1; }
	@$(BIN)/python -c "from newsflow.warehouse import db; db.start_embedded()"
	@set -a && . $(AIRFLOW_HOME_DIR)/newsflow.env && set +a && \
	  AIRFLOW_HOME=$(AIRFLOW_HOME_DIR) PATH=$(abspath $(BIN)):$$PATH $(BIN)/airflow $(ARGS)

bench: install
	$(BIN)/python -m newsflow bench extract
	$(BIN)/python -m newsflow bench nlp

# Rebuild the committed attribution tagger from PolNeAR's train split (../shared/data/polnear/train):
# pre-annotation once, then 5 epochs, seed 13; ~10-20 min on 2 cores. Install never trains.
train-attribution: install
	$(BIN)/python -m newsflow train attribution

# `make airflow` first (its stop is waited for; what a killed one left is ended), then the embedded
# PostgreSQL: no component may outlive the database it hangs on.
stop:
	-$(BIN)/python -m newsflow db stop

clean: stop
	rm -rf .newsflow .pytest_cache .ruff_cache
