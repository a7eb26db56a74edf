# Two commands matter: `make run` and `make test`. Both set up .venv on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NPM ?= npm
NODE_BIN ?= node_modules/.bin

# `make run PORT=8080 HOST=127.0.0.1`; set with `:=` so a shell's own $HOST (the machine name) is ignored.
PORT := 5000
HOST := 0.0.0.0

.PHONY: run test lint lint-now lock demo check bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The venv gets uv (pinned with its hashes in requirements/tools.txt): it installs the locks in
# seconds where pip took minutes. Its own target, so a venv made before uv came gets it too.
$(BIN)/uv: requirements/tools.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/tools.txt
	touch $@

# Every install takes the exact versions (and hashes) of a lock file in requirements/, made from
# pyproject.toml by `make lock` (`uv pip sync`: exactly those, nothing else); the project itself is
# then installed without its dependencies (again after a change of pyproject.toml: its entry point).
# `--compile-bytecode` as pip does: otherwise every server and command started right after a fresh
# install compiles Flask, reportlab and the rest again.
UV_SYNC = $(BIN)/uv pip sync --quiet --require-hashes --compile-bytecode --python $(BIN)/python
UV_PROJECT = $(BIN)/uv pip install --quiet --no-deps --python $(BIN)/python -e .
$(VENV)/.installed: requirements/lock.txt pyproject.toml | $(BIN)/uv
	$(UV_SYNC) requirements/lock.txt
	$(UV_PROJECT)
	$(BIN)/python run.py prepare-screening
	touch $@

$(VENV)/.installed-test: requirements/test-lock.txt pyproject.toml | $(BIN)/uv
	$(UV_SYNC) requirements/test-lock.txt
	$(UV_PROJECT)
	$(BIN)/python run.py prepare-screening
	touch $@ $(VENV)/.installed

# Refresh the lock files after a change of pyproject.toml's dependencies (needs PyPI; pip-tools is
# in the test extra). PyPI alone: a local mirror in the pip configuration does not leak into them.
LOCK = PIP_CONFIG_FILE=/dev/null $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--index-url https://pypi.org/simple --no-emit-index-url --no-emit-find-links
lock: $(VENV)/.installed-test
	$(LOCK) --upgrade -o requirements/lock.txt pyproject.toml
	$(LOCK) --upgrade --extra test --extra gevent -o requirements/test-lock.txt pyproject.toml
	$(LOCK) --upgrade -o requirements/tools.txt requirements/tools.in

run: $(VENV)/.installed
	$(BIN)/python run.py serve --host $(HOST) --port $(PORT)

# pytest-xdist: one worker more than there are cores, because browser and server tests spend part of
# their time waiting for their subprocesses (docs/testing.md has the figures);
# a module's tests stay on one worker (loadfile), so the server and the browser a module uses start
# once per worker. `--durations`: the slowest (docs/testing.md).
TEST_WORKERS ?= $(shell $(PYTHON) -c "import os; print((os.cpu_count() or 1) + 1)")
test: lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=15 tests

# ESLint for static/js, at the versions package-lock.json pins (npm ci: no network after this).
node_modules/.installed: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund --loglevel=error
	touch $@

# ruff (style, errors, imports, bugbear, pyupgrade) and mypy, configured in pyproject.toml; ESLint
# (eslint.config.mjs) for the browser scripts.
lint: $(VENV)/.installed-test node_modules/.installed
	@$(MAKE) --no-print-directory lint-now

# The checks alone, with the tools installed already, e.g. from a shared venv:
# `make lint-now BIN=/path/to/.venv/bin` (after `npm ci` here for ESLint).
lint-now:
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(NODE_BIN)/eslint static/js

check: $(VENV)/.installed
	$(BIN)/python run.py check-sessions

demo: $(VENV)/.installed
	$(BIN)/python run.py demo

bench: $(VENV)/.installed-test
	$(BIN)/python bench/load.py --phones 1000
	$(BIN)/python bench/export.py

screenshots: $(VENV)/.installed-test
	LEERSESSIE_SCREENSHOTS_DIR=docs/screenshots $(BIN)/python -m pytest tests/test_browser.py tests/test_editor_browser.py tests/test_editor_keyboard.py -q

clean:
	rm -rf $(VENV) .pytest_cache node_modules
