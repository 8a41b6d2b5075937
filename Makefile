# Set-up and everyday commands. Every target creates the environment if it is missing,
# so `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT := build

.PHONY: demo test lint docs bench clean env chromium plugins
PLUGIN_DIRS := $(patsubst %/pyproject.toml,%,$(wildcard plugins/*/pyproject.toml))

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,docs]"
	touch $(STAMP)

env: $(STAMP)

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/aspcore check examples/northshire-plan.yaml --as-of 2018-11-30 --fail-on never
	$(BIN)/aspcore report examples/northshire-plan.yaml --as-of 2018-11-30 \
		-o $(OUT)/northshire-board.html -o $(OUT)/northshire-board.xlsx
	$(BIN)/aspcore report examples/northshire-indicators.yaml --as-of 2019-03-31 \
		--data events=examples/case-events.csv -o $(OUT)/northshire-outcomes.html
	@echo
	@echo "Board report: $(CURDIR)/$(OUT)/northshire-board.html (and .xlsx)"
	@echo "Outcomes for survivors, computed from case events: $(CURDIR)/$(OUT)/northshire-outcomes.html"

# The adapter plugins under plugins/ install into the same environment, so their entry points
# are seen by `aspcore plugins` and their own test suites run in CI.
plugins: $(STAMP)
	@for p in $(PLUGIN_DIRS); do $(BIN)/pip install --quiet -e "$$p[test]" || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check src tests plugins
	$(BIN)/ruff format --check src tests plugins
	$(BIN)/mypy
	@for p in $(PLUGIN_DIRS); do (cd $$p && $(CURDIR)/$(BIN)/mypy) || exit 1; done

# The report test renders in headless Chromium (Debian's package).
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: lint chromium plugins
	$(BIN)/pytest -q
	@for p in $(PLUGIN_DIRS); do (cd $$p && $(CURDIR)/$(BIN)/pytest -q) || exit 1; done

docs: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir $(OUT)/site

# Benchmarks (not part of `make test`): ratios against hand-written polars and peers.
bench: $(STAMP)
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
