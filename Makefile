# Two commands for a fresh machine: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench eval seed-check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/commune-news demo

test: $(STAMP) lint
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src pipelines tests
	$(BIN)/ruff format --check src pipelines tests
	$(BIN)/mypy src/extract src/scrape pipelines

eval: $(STAMP)
	$(BIN)/commune-news eval tests/fixtures

seed-check: $(STAMP)
	$(PYTHON) ../shared/tools/seed_check.py ../shared/seeds/000_43e91cfe993e9ca8.txt --cli $(BIN)/commune-news

bench: $(STAMP)
	$(BIN)/python -m pipelines.bench
	$(BIN)/python -m pipelines.bench_crawl
	$(BIN)/python -m pipelines.bench_parse
	$(BIN)/python -m pipelines.bench_pipeline

clean:
	rm -rf $(VENV) data/*.db data/*.db-* data/metadata.json
