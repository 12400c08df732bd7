# The two quick-start targets: `make run` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= 2
# mypy calls every conftest.py `conftest`: `mypy` checks all the rest ([tool.mypy] in
# pyproject.toml), then each sub-folder's conftest.py gets a run of its own.
MYPY   := $(BIN)/mypy && for f in tests/*/conftest.py; do $(BIN)/mypy "$$f" || exit 1; done

.PHONY: install run test lint bench schema reference clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Open the facilitator console on the bundled flagship scenario.
run: install
	$(BIN)/wargame run

## Lint, type-check and run the whole test suite.
test: install
	$(BIN)/ruff check engine players tests bench
	$(MYPY)
	$(BIN)/python -m pytest -n $(JOBS) -q

lint: install
	$(BIN)/ruff check engine players tests bench
	$(MYPY)

## Run the benchmarks; prints a table and writes bench/results.json.
bench: install
	$(BIN)/python -m bench

## Regenerate the committed JSON Schema.
schema: install
	$(BIN)/wargame schema > schema/scenario.schema.json

## Regenerate the field reference in docs/authoring.md.
reference: install
	$(BIN)/python -m engine.format.reference_doc

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
