# Set-up is implicit: every target first makes sure .venv/ holds the project and its
# dependencies (re-installed when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint setup system-deps

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/handoff demo

# Two workers (pytest-xdist) for the two cores of the firm's and CI's machines: the whole
# suite, slow integration tests included, in about 10 minutes (620 s on 1 December 2026 on
# a shared 2-core machine at load average 4-4.7; 1,542 s before the stores expensive to
# build - migrated schema, drafted sample firm, case story - were made once per session and
# copied per test: tests/conftest.py StoreTemplates).
test: $(STAMP)
	$(VENV)/bin/pytest -n 2

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Optional system packages for the browser test and PDF conversion (Debian, as root).
system-deps:
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium libreoffice-writer-nogui poppler-utils fonts-dejavu-core
