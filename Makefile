# Intelligent Center — everything a fresh machine needs, from two commands: `make run`, `make test`;
# `make serve` runs the production stack (gunicorn + task worker) from the environment or `.env`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
MANAGE := $(BIN)/python manage.py

.PHONY: run serve test install assets system-deps browser-deps migrate demo lint format messages clean

# What `make run` serves is the site's address (absolute URLs, the LTI tool's URLs, the default
# Wagtail Site after migrate) unless SITE_BASE_URL says otherwise: `make run PORT=8123` just works.
run migrate demo: export SITE_BASE_URL ?= http://$(HOST):$(PORT)

run: install assets system-deps migrate demo ## Install, migrate, load the demo, serve on http://127.0.0.1:8000
	@echo "Serving on http://$(HOST):$(PORT)/  (English: http://$(HOST):$(PORT)/en/, admin: /admin/)"
	$(MANAGE) runserver $(HOST):$(PORT)

# Production: settings from the environment or .env (honcho reads it for every step), the cache
# table (first: migrations save pages, and a save clears the page cache), migrations, static
# files, then gunicorn and the task worker in the foreground (deploy/Procfile).
# One Ctrl-C stops both. Knobs: WEB_CONCURRENCY, GUNICORN_THREADS, GUNICORN_TIMEOUT (.env.example).
HONCHO := $(BIN)/honcho --procfile deploy/Procfile --app-root .
serve: export DJANGO_SETTINGS_MODULE ?= intelligent_center.settings.production
serve: export PATH := $(CURDIR)/$(BIN):$(PATH)
serve: export HOST := $(HOST)
serve: install assets system-deps staticfiles/staticfiles.json ## The production stack on http://$(HOST):$(PORT) (see README: Deployment)
	$(HONCHO) run python manage.py createcachetable
	$(HONCHO) run python manage.py migrate --noinput
	$(HONCHO) start --port $(PORT)

# Static files are collected again only when a source changed (the first run takes a minute).
STATIC_SOURCES := $(shell find static */static -type f 2>/dev/null) package-lock.json
staticfiles/staticfiles.json: $(STATIC_SOURCES) $(VENV)/.installed
	$(HONCHO) run python manage.py collectstatic --noinput --verbosity 0
	touch $@

test: install assets system-deps browser-deps ## Run the whole test suite
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

assets: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Pango for WeasyPrint's PDF reports (Debian's packages; skipped when already present).
system-deps:
	@ldconfig -p | grep -q 'libpangoft2-1.0.so' || { \
		echo "Installing Debian's Pango for PDF reports..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; }

# Debian's Chromium for the browser checks (Playwright drives it; it never downloads a browser),
# and the Thai Loma font the tests use to draw Thai PDFs.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -f /usr/share/fonts/truetype/tlwg/Loma.ttf || { \
		echo "Installing Debian's Thai Loma font for the test PDFs..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-tlwg-loma-ttf >/dev/null; }

migrate: install
	$(MANAGE) migrate --noinput

demo: install
	$(MANAGE) load_demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext (apt-get install gettext); the compiled .mo files are committed.
messages: install
	$(MANAGE) makemessages -l th -l en --ignore=.venv --ignore=node_modules
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles
