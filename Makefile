# Two commands matter: `make run` and `make test`. Both set up .venv on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test demo check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python run.py serve

test: $(STAMP)
	$(BIN)/python -m pytest tests

check: $(STAMP)
	$(BIN)/python run.py check-sessions

demo: $(STAMP)
	$(BIN)/python run.py demo

bench: $(STAMP)
	$(BIN)/python bench/load.py --phones 1000
	$(BIN)/python bench/export.py

clean:
	rm -rf $(VENV) .pytest_cache
