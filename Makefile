# LoanLens — the two commands that matter: `make run` and `make test`.
# Both work on a fresh Debian machine with only Python 3.11, git and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app app
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)

.PHONY: run test install db translations serve bench system-deps test-postgres clean

$(STAMP):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,bench]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

## run: fresh clone → virtualenv, install, database ready, app at http://127.0.0.1:5000
run: install
	$(FLASK) run --host 127.0.0.1 --port 5000

## test: fresh clone → everything installed → the whole suite
test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis
