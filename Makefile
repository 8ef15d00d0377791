# replicate: two commands for a new user.
#   make demo   create .venv if missing, install, run the synthetic demo cohort -> reports/demo/index.html
#   make test   create .venv if missing, install with test extras, run ruff, mypy --strict and pytest
#   make lab    open the notebooks in JupyterLab
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test lab bench templates clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/replicate demo

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy --strict src/replicate
	$(BIN)/pytest -q

lab: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,lab]'
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

templates: $(STAMP)
	$(BIN)/replicate templates --out data-templates

clean:
	rm -rf reports/*/ reports/.*build* .pytest_cache .mypy_cache .ruff_cache
