# LoanLens — the two commands that matter: `make run` and `make test`.
# Both work on a fresh Debian machine with only Python 3.11, git and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app app
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
MO     := app/translations/zh/LC_MESSAGES/messages.mo
PO     := app/translations/zh/LC_MESSAGES/messages.po

# Debian packages (installed when root and missing): the app's own (CJK fonts and pango for PDFs,
# libGL and glib for the OCR engine's OpenCV) and the tests' (Chromium, poppler's pdftotext).
RUN_DEBS  := fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libgl1 libglib2.0-0
TEST_DEBS := $(RUN_DEBS) chromium poppler-utils

.PHONY: run test install db translations system-deps test-postgres serve bench clean

$(STAMP):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,bench]'
	rm -f $(VENV)/.installed-*
	touch $@

$(MO): $(PO) $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d app/translations -D messages --statistics 2>&1 | tail -1

## install: the virtualenv with pinned dependencies and compiled translations
install: $(STAMP) $(MO)

## db: schema migrated, catalog loaded (idempotent: reloads only when the YAML changed)
db: install
	$(FLASK) db upgrade
	$(FLASK) catalog load

## run: fresh clone → virtualenv, install, database ready, app at http://127.0.0.1:5000
run: db
	@$(MAKE) --no-print-directory system-deps DEBS="$(RUN_DEBS)"
	$(FLASK) run --host 127.0.0.1 --port 5000

## serve: production server (gunicorn; BIND, WEB_CONCURRENCY, SECRET_KEY, DATABASE_URL from the environment)
serve: db
	LOANLENS_ENV=$${LOANLENS_ENV:-production} $(BIN)/gunicorn -c python:app.serving 'app:create_app()'

## bench: every benchmark in bench/ (each prints its figures; none passes or fails)
bench: install system-deps
	$(BIN)/python bench/apr.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/ocr.py

## system-deps: the Debian packages in DEBS (root installs the missing ones; otherwise they must be there)
DEBS ?= $(TEST_DEBS)
system-deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "missing Debian packages:$$missing (run make as root, or install them)"; fi; \
	fi

## test: fresh clone → everything installed → the whole suite (PostgreSQL tests: make test-postgres)
test: install system-deps
	$(BIN)/python -m pytest -m "not postgres"

## test-postgres: the database tests against a real PostgreSQL on loopback (installed and started when absent)
test-postgres: install
	url=$$(.ci/postgres.sh) && DATABASE_URL="$$url" $(BIN)/python -m pytest -m postgres

## translations: re-extract messages and update the catalogs (then translate the new entries in the .po)
translations: install
	$(BIN)/pybabel extract -F app/translations/babel.cfg -k _l -k N_ -k lazy_gettext --no-location --sort-output -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations -D messages --no-fuzzy-matching

clean:
	-.ci/postgres.sh stop
	rm -rf $(VENV) instance .pytest_cache .hypothesis .pgdata
