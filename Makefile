# make run  -- set up (first time) and run the main job on the default scenario
# make test -- set up (first time) and run every check: ruff, mypy, pytest
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages the tests need: Chromium for the browser tests (driven by Playwright), and Noto's
# Arabic faces so that Chromium draws the Arabic report and dashboard with a proper Arabic font
APT_PACKAGES := chromium fonts-noto-core

.PHONY: run test setup system-deps node-deps lint typecheck pytest bench docs messages clean

run: $(STAMP)
	$(BIN)/gigawatt run
	$(BIN)/gigawatt report -o out/openai-2025.html
	@echo
	@echo "Next: the gigawatt command lives in $(VENV). Activate it once per shell,"
	@echo "    source $(VENV)/bin/activate"
	@echo "then run, for example,  gigawatt run --samples 50000  (or call $(BIN)/gigawatt directly)."

test: $(STAMP) system-deps node-deps lint typecheck pytest

setup: $(STAMP) system-deps node-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e '.[dev]'
	touch $(STAMP)

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

# The Squiggle peer of the benchmarks (npm registry); node and npm come from Debian when missing
node-deps:
	@if [ ! -d benchmarks/squiggle/node_modules ]; then \
	  command -v npm >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; }; \
	  npm ci --prefix benchmarks/squiggle --no-audit --no-fund --loglevel=error; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy src

pytest: $(STAMP)
	$(BIN)/pytest -n 2 -q

bench: $(STAMP) node-deps
	$(BIN)/python -m benchmarks

docs: $(STAMP)
	$(BIN)/gigawatt fields -o docs/fields.md
	$(BIN)/gigawatt fields --embed docs/model.md
	$(BIN)/gigawatt outputs -o docs/outputs.md
	$(BIN)/gigawatt fidelity --embed docs/fidelity.md

# The strings to translate: write src/gigawatt/i18n/locales/gigawatt.pot, merge it into every catalog,
# and list what each language still lacks
messages: $(STAMP)
	$(BIN)/python -m gigawatt.i18n.extract

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
