# Two commands on a fresh machine (Python >= 3.10 and make):
#   make lab    create .venv if needed, install requirements.txt, open JupyterLab on notebooks/
#   make test   the same environment plus the test extras, then the whole test suite
# Helpers: make app (the explorers as a Voila app), make nav (regenerate notebook navigation),
#          make execute (re-run and store notebooks), make bench.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
# Per-cell limit for notebook execution: a hung kernel fails in minutes, not hours.
CELL_TIMEOUT ?= 120
VOILA_PORT ?= 8866
PYTEST_ARGS ?=

.PHONY: lab app app-zh test env test-env js js-env execute nav bench clean catalogues check-translations translations-report zh hub-env bench-hub

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

# Stamps re-run the install only when what it installs from has changed.
$(VENV)/.lab-stamp: $(BIN)/python requirements.txt pyproject.toml
	$(PIP) install -r requirements.txt
	touch $@

# Test extras, which students never need: `test` (pytest, nbval, playwright for the browser tests, ...),
# `binder` (repo2docker, to check what Binder builds), `i18n` (Babel, fonttools: the catalogues and
# the CJK font), `hub` (JupyterHub, nbgitpuller, the idle culler) and `site` (Sphinx, MyST-NB: the
# website and PDF tests).
$(VENV)/.test-stamp: $(VENV)/.lab-stamp pyproject.toml
	$(PIP) install -e '.[test,binder,i18n,hub,site]'
	touch $(VENV)/.site-stamp $@

# The explorers' npm tools (package.json, pinned by package-lock.json): esbuild bundles the ES modules
# (tools/build_js.py; the bundles ship in the package, so students never need node) and axe-core
# checks accessibility in the browser tests. Installed into node_modules/ (git-ignored), never globally.
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
js-env: node_modules/.package-lock.json

# Rebuild the explorers' bundles and their exported labels after editing lossnotes/widgets/js/.
js: $(VENV)/.test-stamp js-env
	$(BIN)/python tools/build_js.py

env: $(VENV)/.lab-stamp
test-env: $(VENV)/.test-stamp

# JupyterHub's proxy for tests/test_hub.py and `make bench-hub` (docs/hub.md): configurable-http-proxy
# from npm, installed into the project-local .hub/ (git-ignored), never globally.
CHP := .hub/node_modules/.bin/configurable-http-proxy
$(CHP):
	npm install --prefix .hub --no-audit --no-fund --loglevel=error configurable-http-proxy@5
hub-env: $(CHP)

# JupyterLab refuses to start as root without --allow-root (containers, CI machines).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: $(VENV)/.lab-stamp
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/

# App mode for presenting: the explorers of notebooks/app.ipynb, without code, at http://localhost:8866
app: $(VENV)/.lab-stamp
	$(BIN)/voila notebooks/app.ipynb --port=$(VOILA_PORT)

# The same app in Chinese (中文版): notebooks/zh/app.ipynb
app-zh: $(VENV)/.lab-stamp
	$(BIN)/voila notebooks/zh/app.ipynb --port=$(VOILA_PORT)

# --dist loadfile: each file stays on one worker. nbval needs a notebook's cells in order in one
# kernel (plain -n 2 splits notebooks: NameErrors), and the browser tests share one server and browser.
test: $(VENV)/.test-stamp hub-env js-env check-translations
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval --nbval-current-env --nbval-cell-timeout=$(CELL_TIMEOUT) \
		--nbval-sanitize-with tests/nbval_sanitize.cfg $(PYTEST_ARGS)

# Re-execute every notebook of both editions in a fresh kernel and store the outputs (normalised metadata).
execute: $(VENV)/.test-stamp
	$(BIN)/python tools/execute_notebooks.py notebooks/*.ipynb $(wildcard notebooks/zh/*.ipynb)

# The Chinese edition (translations/README.md). `zh` builds notebooks/zh/ from notebooks/ and
# translations/zh/ (execute them afterwards: `make execute`); `check-translations` fails, listing the
# cells, when a translation is stale, missing or orphaned, or zh code differs beyond comments/strings.
# Every notebook has its translation file, so the check is strict (TRANSLATIONS_CHECK_ARGS=--partial
# skips notebooks that have none yet, while a new notebook waits for its translation).
TRANSLATIONS_CHECK_ARGS ?=
zh: $(VENV)/.test-stamp
	$(BIN)/python tools/translations.py build
check-translations: $(VENV)/.test-stamp
	$(BIN)/python tools/translations.py check $(TRANSLATIONS_CHECK_ARGS)
	$(BIN)/python tools/catalogues.py check
translations-report: $(VENV)/.test-stamp
	$(BIN)/python tools/translations.py report

# The package's gettext catalogues: extract the marked strings, update the .po, compile the .mo.
catalogues: $(VENV)/.test-stamp
	$(BIN)/python tools/catalogues.py

# Regenerate the header/footer navigation, badges and Colab install cell of every notebook.
nav: $(VENV)/.lab-stamp
	$(BIN)/python tools/navigation.py notebooks/*.ipynb

# Side-by-side benchmarks (see benchmarks/README.md). The test extras bring what they need
# (scipy, nbclient, ipykernel); torch is optional: without it its rows are skipped, with a note.
# BENCH_ARGS=--quick for a smoke run, --only sliders,numerics for a subset.
BENCH_ARGS ?=
bench: $(VENV)/.test-stamp
	$(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

# Load test of a real JupyterHub: N simulated students (benchmarks/README.md, docs/hub.md).
# BENCH_HUB_ARGS=--students 10 for one class size; --seconds 20 for shorter slider phases.
BENCH_HUB_ARGS ?=
bench-hub: $(VENV)/.test-stamp hub-env
	$(BIN)/python benchmarks/bench_hub.py $(BENCH_HUB_ARGS)

# The course website and PDFs of both editions, from the stored notebooks (nothing is executed):
# build/site/index.html (English; Chinese under build/site/zh/) and build/pdf/lossnotes-{en,zh}.pdf.
# MathJax comes from the npm package `mathjax`, installed once into build/npm; the PDFs are printed by
# Debian's chromium (apt-get install chromium fonts-noto-cjk). See README "Website and PDF".
# `make site pdf` builds each edition's Sphinx environment once (the PDF reuses the website's).
$(VENV)/.site-stamp: $(VENV)/.lab-stamp pyproject.toml
	$(PIP) install -e '.[site]'
	touch $@
site: $(VENV)/.site-stamp
	$(BIN)/python tools/build_site.py
pdf: $(VENV)/.site-stamp
	$(BIN)/python tools/build_pdf.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
