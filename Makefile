# Set-up and everyday commands. Every target creates the environment if it is missing,
# so `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT := build

.PHONY: demo test lint typecheck docs bench clean env

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,docs]"
	touch $(STAMP)

env: $(STAMP)

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/aspcore check examples/northshire-plan.yaml --as-of 2018-11-30 --fail-on never
	@echo
	@echo "Plan checked: examples/northshire-plan.yaml"

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

docs: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir $(OUT)/site

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
