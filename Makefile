# Setup is automatic: every target below creates .venv and installs threadtui into it first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# An editable install writes no bytecode files, and none are written at all where
# PYTHONDONTWRITEBYTECODE is set; compiling here keeps the app's start as quick as an installed one.
run: $(STAMP)
	$(BIN)/python -m compileall -q tui/threadtui
	$(BIN)/threadtui seeds/hn-thread-dump.txt

test: $(STAMP)
	$(BIN)/python -m pytest -n 2

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache

screenshots: $(STAMP)
	$(BIN)/python screenshots/generate.py
