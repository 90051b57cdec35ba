# Set-up commands: `make demo` needs only Python 3.11+ and make; `make test` also needs
# Chromium and LibreOffice Calc for the report and print tests (.ci/run installs them).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint docs dataset bench clean

# PYTHONWARNINGS=ignore: setuptools' advice on editable layouts is for packagers, not users.
PIP := PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip

$(VENV)/.demo-installed: pyproject.toml | $(BIN)/python
	$(PIP) -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(PIP) -e ".[test]"
	touch $@ $(VENV)/.demo-installed

demo: $(VENV)/.demo-installed  ## solve the shipped rare-earth dataset
	$(BIN)/planner solve

test: $(VENV)/.test-installed  ## run the test suite
	$(BIN)/python -m pytest -q

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .

docs: $(VENV)/.demo-installed  ## regenerate docs/workbook.md from the schema
	$(BIN)/python -m planner.workbook.docs > docs/workbook.md

dataset: $(VENV)/.demo-installed  ## rebuild inputs/rare_earths.xlsx from its script
	$(BIN)/python inputs/build_rare_earths.py

bench: $(VENV)/.demo-installed  ## speed benchmarks (figures, not pass/fail)
	$(BIN)/python tests/benchmarks/run.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
