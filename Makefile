# Every target installs what it needs first, so each works on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench serve clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# The system packages are checked on every install: a venv may outlive them (a new machine
# with the work tree kept). The script returns at once when they are there.
install: $(STAMP)
	bash scripts/install-system-deps.sh

demo: install
	$(BIN)/python -m harvester demo

test: install lint
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python -m harvester.demo.bench

# The publication: metadata, the project's plugin and templates (datasette/); no suggested
# facets (a query per column on every table page, seconds on a national database). Read-only
# and immutable in production: see docs/publishing.md. Written for Datasette 0.65.
DATASETTE_OPTIONS := -m datasette/metadata.yml --plugins-dir datasette/plugins \
	--template-dir datasette/templates --setting suggest_facets off

serve: install
	@echo "the dashboard: http://127.0.0.1:8001/dashboard"
	$(BIN)/datasette data/harvest.db $(DATASETTE_OPTIONS) -p 8001

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache .hypothesis
