# newsflow — one command each for a newcomer.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export AIRFLOW__CORE__LOAD_EXAMPLES := False

.PHONY: install demo test lint airflow bench clean stop

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

airflow: install
	$(BIN)/python -m newsflow airflow-ui

bench: install
	$(BIN)/python -m newsflow bench extract
	$(BIN)/python -m newsflow bench nlp

stop:
	-$(BIN)/python -m newsflow db stop

clean: stop
	rm -rf .newsflow .pytest_cache .ruff_cache
