# replicate: two commands for a new user.
#   make demo   create .venv if missing, install the runtime dependencies only, run the synthetic
#               demo cohort -> reports/demo/index.html
#   make test   create .venv if missing, install with the test extra, run ruff, mypy --strict
#               and pytest
#   make lab    install JupyterLab (the lab extra) and open the notebooks
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SUM    := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# one stamp per extra, tied to pyproject.toml: an edited pyproject.toml reinstalls
RUNTIME_STAMP := $(VENV)/.installed-runtime-$(SUM)
TEST_STAMP    := $(VENV)/.installed-test-$(SUM)
LAB_STAMP     := $(VENV)/.installed-lab-$(SUM)

.PHONY: demo test lab bench templates clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.installed-runtime-*
	touch $(RUNTIME_STAMP)

$(TEST_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-test-* $(VENV)/.installed-runtime-*
	touch $(TEST_STAMP) $(RUNTIME_STAMP)

$(LAB_STAMP): $(RUNTIME_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	rm -f $(VENV)/.installed-lab-*
	touch $(LAB_STAMP)

demo: $(RUNTIME_STAMP)
	$(BIN)/replicate demo

test: $(TEST_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy --strict src/replicate
	$(BIN)/pytest -q

lab: $(LAB_STAMP)
	$(BIN)/jupyter lab notebooks/

bench: $(TEST_STAMP)
	for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

templates: $(RUNTIME_STAMP)
	$(BIN)/replicate templates --out data-templates

clean:
	rm -rf reports/*/ reports/.*build* .pytest_cache .mypy_cache .ruff_cache
