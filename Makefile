# GovLearn — two commands: `make run` (set up everything and serve) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Exported so the settings' default base URL (links, certificate URLs and QR codes) names this port.
export PORT
# Two test workers (pytest-xdist), one per core; files stay whole on one worker. Override with
# PYTEST_ARGS='-n 0 tests/people' to run a part serially.
PYTEST_ARGS ?= -n 2 --dist loadfile
export DJANGO_SETTINGS_MODULE ?= config.settings.dev
# Debian packages the project needs: Chromium for browser tests, CJK fonts for Chinese PDFs,
# gettext for translations, poppler for PDF checks, PostgreSQL and Redis servers that the scale-out
# tests start on free ports of their own (bench/servers.py).
# HAProxy balances the topology's two web nodes (bench/cluster.py).
SYSTEM_PACKAGES := chromium fonts-noto-cjk fonts-wqy-microhei gettext poppler-utils postgresql redis-server haproxy

.PHONY: run test bench scale-test install system-deps node-deps assets migrate demo lint messages clean worker serve fonts

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# Installs what is missing when we can (root, or passwordless sudo); otherwise says what to install.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else \
	  echo "!! Missing Debian packages:$$missing — install them with apt-get (browser tests and Chinese PDFs need them)."; exit 0; fi; \
	echo "Installing Debian packages:$$missing"; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null

# The CJK font certificates print with: Noto Sans CJK (fonts-noto-cjk) cut and converted to TrueType
# outlines once, because WeasyPrint subsets CFF fonts ~20x slower (see certificates/fonts.py).
CJK_FONT := var/fonts/GovLearnCJKSans-Regular.ttf
$(CJK_FONT): certificates/fonts.py | $(VENV)/.installed
	$(BIN)/python manage.py build_cjk_font --force

fonts: system-deps $(CJK_FONT)

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

node-deps: node_modules/.installed

# The chart library, bundled from npm (pinned in package.json) with only the chart types the
# dashboards draw; built, not committed (static/vendor/ is ignored), and served from our own origin.
ECHARTS_BUNDLE := static/vendor/echarts.js
$(ECHARTS_BUNDLE): assets/echarts.js package-lock.json | node-deps
	node_modules/.bin/esbuild assets/echarts.js --bundle --minify --format=iife --target=es2019 \
	  --legal-comments=eof --log-level=warning --outfile=$@

assets: $(ECHARTS_BUNDLE)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

run: system-deps install fonts assets demo
	@echo ""
	@echo "GovLearn is starting at http://127.0.0.1:$(PORT)  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@echo "Demo accounts: admin, expert1, manager1, organizer1, learner1 … learner20"
	@echo "Password for every demo account: $$($(BIN)/python -c 'import os; print(os.environ.get("DEMO_PASSWORD","GovLearn-2026"))')"
	@echo "Staff accounts use two-factor authentication; authenticator secret: $$($(BIN)/python -c 'import os; print(os.environ.get("DEMO_TOTP_SECRET","GOVLEARNDEMOSTAFFTOTPSECRETKEYAB"))') (current code: $(BIN)/python manage.py demo_totp)"
	@echo ""
	@trap 'kill 0' EXIT INT TERM; \
	$(BIN)/python manage.py db_worker --interval 1 --no-reload & \
	$(BIN)/python manage.py run_scheduler & \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install node-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py check

# The exported DJANGO_SETTINGS_MODULE (dev, for `make run`) would outrank pyproject's setting in
# pytest-django, so the suite names its settings here.
test: system-deps install fonts node-deps assets lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: system-deps install fonts node-deps
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m bench

# The scale-out topology of bench/cluster.py (two web nodes behind HAProxy, task workers, a
# scheduler, PostgreSQL primary and replica, Redis, S3): its test, then the contest spike through
# the balancer, across both nodes and with one node killed mid-contest; fails if a rule breaks.
# Full sizes: make scale-test SCALE_ARGS='--contestants 1000 --duration 150' (or '--large').
SCALE_ARGS ?= --contestants 200 --duration 60
scale-test: system-deps install fonts
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m pytest -n 0 -p no:cacheprovider tests/scale
	$(BIN)/python -m bench.contest_spike --cluster --runs balanced,killed --fail $(SCALE_ARGS)

messages: install
	cd $(CURDIR) && $(BIN)/python manage.py makemessages -l zh_Hans -l en --no-obsolete \
	  --ignore='.venv/*' --ignore='node_modules/*' --ignore='tests/*' --ignore='bench/*'
	$(BIN)/python manage.py compilemessages --ignore='.venv/*' --ignore='node_modules/*'

clean:
	rm -rf $(VENV) node_modules var staticfiles
