# Set-up and everyday commands. Every target creates the environment if it is missing,
# so `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT := build
PLUGIN_VENV := .venv-plugins
PLUGIN_BIN := $(PLUGIN_VENV)/bin
PLUGIN_STAMP := $(PLUGIN_VENV)/.installed

.PHONY: demo test lint docs bench fuzz clean env chromium plugins plugin-tests
PLUGIN_DIRS := $(patsubst %/pyproject.toml,%,$(wildcard plugins/*/pyproject.toml))

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,docs]"
	touch $(STAMP)

env: $(STAMP)

# The quarterly cycle on the bundled example: each quarter's returns (police, council, pre-NRM
# provider) are ingested into a fresh store and the plan, rated from them, is recorded; the
# returns grid shows what is late; the board report says what changed since the first quarter.
DEMO_STORE := $(OUT)/northshire.duckdb
PLAN := examples/northshire-plan.yaml

demo: $(STAMP)
	@mkdir -p $(OUT)
	@rm -f $(DEMO_STORE)
	@for q in q1 q2; do \
		for agency in police council provider; do \
			$(BIN)/aspcore ingest examples/quarter/2018-19-$$q/$$agency.csv --schema indicator-return \
				--plan $(PLAN) --store $(DEMO_STORE) || exit 1; \
		done; \
		$(BIN)/aspcore ingest examples/quarter/2018-19-$$q/pre-nrm-monthly.csv \
			--schema pre-nrm-monitoring --store $(DEMO_STORE) || exit 1; \
		case $$q in q1) day=2018-08-31;; q2) day=2018-11-30;; esac; \
		$(BIN)/aspcore check $(PLAN) --as-of $$day --store $(DEMO_STORE) --record $(DEMO_STORE) \
			--fail-on never > $(OUT)/northshire-check-$$q.txt || exit 1; \
	done
	$(BIN)/aspcore history $(DEMO_STORE)
	$(BIN)/aspcore returns status $(PLAN) --as-of 2018-11-30 --store $(DEMO_STORE)
	$(BIN)/aspcore report $(PLAN) --as-of 2018-11-30 --store $(DEMO_STORE) --since 2018-08-31 \
		-o $(OUT)/northshire-board.html -o $(OUT)/northshire-board.xlsx
	$(BIN)/aspcore report examples/northshire-indicators.yaml --as-of 2019-03-31 \
		--data events=examples/case-events.csv -o $(OUT)/northshire-outcomes.html
	@echo
	@echo "Board report, rated from the stored returns, with the changes since the first quarter:"
	@echo "  $(CURDIR)/$(OUT)/northshire-board.html (and .xlsx)"
	@echo "Each quarter's check: $(CURDIR)/$(OUT)/northshire-check-q1.txt and -q2.txt"
	@echo "Outcomes for survivors, computed from case events: $(CURDIR)/$(OUT)/northshire-outcomes.html"

# For development: the plugins under plugins/, editable in .venv, so `aspcore plugins` there
# lists them and edits take effect at once.
plugins: $(STAMP)
	@for p in $(PLUGIN_DIRS); do $(BIN)/pip install --quiet -e "$$p[test]" || exit 1; done

# CI for the plugins, in an environment of their own as a user has it: aspcore without its test
# extras, each plugin installed (not editable) with its own [test] extra, so a dependency a
# plugin uses but does not declare fails here.  The environment is made once (again when a
# pyproject changes); the packages are reinstalled from the working tree on every run.
$(PLUGIN_STAMP): pyproject.toml $(PLUGIN_DIRS:%=%/pyproject.toml)
	rm -rf $(PLUGIN_VENV)
	$(PYTHON) -m venv $(PLUGIN_VENV)
	$(PLUGIN_BIN)/pip install --quiet --upgrade pip
	$(PLUGIN_BIN)/pip install --quiet .
	$(PLUGIN_BIN)/pip install --quiet $(PLUGIN_DIRS:%="%[test]")
	touch $(PLUGIN_STAMP)

# Each plugin's own tests, then a plugin made by `aspcore new-plugin`: it installs, its tests
# pass, `aspcore plugins` lists it and its README's commands run as written.
plugin-tests: $(PLUGIN_STAMP)
	$(PLUGIN_BIN)/pip install --quiet --no-deps --force-reinstall . $(PLUGIN_DIRS)
	@for p in $(PLUGIN_DIRS); do (cd $$p && $(CURDIR)/$(PLUGIN_BIN)/pytest -q -p no:cacheprovider) || exit 1; done
	$(PLUGIN_BIN)/pytest -q -p no:cacheprovider plugins/test_new_plugin.py

lint: $(STAMP)
	$(BIN)/ruff check src tests plugins
	$(BIN)/ruff format --check src tests plugins
	$(BIN)/mypy
	@for p in $(PLUGIN_DIRS); do (cd $$p && $(CURDIR)/$(BIN)/mypy) || exit 1; done

# The report test renders in headless Chromium (Debian's package).
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: lint chromium plugin-tests
	$(BIN)/pytest -q -n auto --dist loadgroup --spark --hypothesis-profile=ci

docs: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir $(OUT)/site

# The fuzzing suite's long run (`make test` runs it with 500 examples a target): 14,300 hostile
# inputs for each of its 7 targets, 100,100 in all; every one must give a finding or aspcore's
# own error, never a traceback.  Then as many expressions over numbers at float64's edges, on
# which the two expression backends must agree.
FUZZ_EXAMPLES ?= 14300
fuzz: $(STAMP)
	ASPCORE_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -p no:cacheprovider tests/fuzz \
		tests/expr/test_differential.py::test_backends_agree_at_float_edges

# Benchmarks (not part of `make test`): ratios against hand-written polars and peers.
bench: $(STAMP)
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(PLUGIN_VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
