# Two commands for a fresh machine (see README):
#   make run    install Rebound into .venv and launch it
#   make test   install Rebound with its test tools into .venv and run the whole suite
PYTHON ?= python3
VENV ?= .venv

.PHONY: run test lint bench screenshots clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

run: $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet --disable-pip-version-check .
	$(VENV)/bin/rebound

test: $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[test]'
	$(VENV)/bin/pytest -n 2

lint: $(VENV)/bin/python
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
