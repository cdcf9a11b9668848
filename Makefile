# `make run` and `make test` do everything on a fresh machine: venv, pinned dependencies, model, index.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
INSTALLED := $(VENV)/.installed
PORT ?= 8000
export PORT

.PHONY: setup model index run test lint system-deps bench-deps eval bench load durability flood clean

$(PY):
	@echo "==> creating $(VENV)"
	python3 -m venv $(VENV)

# Torch's CPU build goes in first, so nothing later pulls a multi-GB CUDA build.
$(INSTALLED): pyproject.toml constraints.txt | $(PY)
	@echo "==> installing torch (CPU build)"
	$(PIP) install --progress-bar off torch==2.13.0
	@echo "==> installing the project and pinned dependencies (constraints.txt)"
	$(PIP) install --progress-bar off -c constraints.txt -e '.[dev]'
	@touch $(INSTALLED)
	@echo "==> set-up done: $$($(PY) -c 'import sys; print(sys.version.split()[0])') in $(VENV)"

setup: $(INSTALLED)

model: setup
	@$(PY) -m app provision-model

index: model
	@$(PY) -m app check-index || $(PY) -m app build-index

run: index
	@echo "==> serving on http://127.0.0.1:$(PORT) (OpenAPI at /docs)"
	@$(PY) -m app serve

lint: setup
	@echo "==> ruff and mypy"
	@$(VENV)/bin/ruff check app evals tests bench
	@$(VENV)/bin/mypy app evals bench

# Test-only system packages from Debian: chromium (driven by Playwright, never a browser download) and a CJK font for
# the browser tests; postgresql and redis-server for the DATABASE_URL and REDIS_URL tests (each test run starts its
# own servers in temp folders).
SYSTEM_PACKAGES := chromium fonts-wqy-microhei postgresql redis-server
system-deps:
	@if ! command -v chromium >/dev/null || ! fc-list :lang=zh 2>/dev/null | grep -q . || \
	    ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v redis-server >/dev/null; then \
	  echo "==> installing Debian packages for the tests: $(SYSTEM_PACKAGES)"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo "sudo -n"); \
	  $$SUDO apt-get install -y -q $(SYSTEM_PACKAGES) >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q $(SYSTEM_PACKAGES) >/dev/null; } || \
	  echo "could not install $(SYSTEM_PACKAGES): the browser, PostgreSQL and Redis tests will be skipped, saying why"; \
	fi

test: index lint system-deps
	@echo "==> pytest"
	@$(VENV)/bin/pytest -q

eval: index
	@for set in evals/*.jsonl; do echo "==> $$set"; $(PY) -m evals $$set --report evals/reports/$$(basename $$set .jsonl).json || status=1; done; exit $${status:-0}

# wrk (Debian package) is the load generator, installed here like the test packages.
bench-deps:
	@if ! command -v wrk >/dev/null; then \
	  echo "==> installing Debian's wrk (the load generator)"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo "sudo -n"); \
	  $$SUDO apt-get install -y -q wrk >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q wrk >/dev/null; } || \
	  echo "could not install wrk: the throughput rows will be skipped, saying why"; \
	fi

bench: index bench-deps
	@echo "==> installing the bench extra (LangChain baseline)"
	@$(PIP) install --progress-bar off -q -c constraints.txt -e '.[dev,bench]'
	@$(PY) -m bench.run

# 8 clients for 60 s on mixed endpoints over loopback; latency percentiles per endpoint, errors vs intended 429s.
load: index
	@$(PY) -m bench.load

# Concurrent feedback writers, kill -9 of the server mid-load, restart: every acknowledged write must be there.
durability: index
	@$(PY) -m bench.durability

# The break test's floods against a real server: 130,000 client addresses, 20,000 made-up methods.
flood: index
	@$(PY) -m bench.flood

clean:
	rm -rf $(VENV) .models index/*.faiss index/*.jsonl index/manifest.json
