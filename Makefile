# Trader Login: the two quick-start commands, `make run` and `make test`.
# Both bootstrap .venv from pyproject.toml + constraints.txt on first use (and when either changes).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# The translations: .ts sources in resources/translations (edited by translators, refreshed from the code
# by `make lupdate`), compiled to .qm by the commands below that need them (never committed).
TS_DIR    := resources/translations
LANGUAGES := ja zh_TW zh_CN ru
TS        := $(foreach l,$(LANGUAGES) en,$(TS_DIR)/trader_login_$(l).ts)
QM        := $(TS:.ts=.qm)

.PHONY: run console test translations lupdate pseudo bundle gateway lint importlint pytest noqt selftest examples screenshots bootstrap clean wheel package-tree postgres operator-check

## make run: install (first time) and open the login window with the embedded demo gateway
run: $(STAMP) translations
	$(BIN)/trader-login $(RUN_ARGS)

## make console: the same login on the terminal (servers without a display)
console: $(STAMP) translations
	$(BIN)/trader-login --console $(RUN_ARGS)

## make gateway: the SLS gateway alone, with the demo users (stop with Ctrl+C)
gateway: $(STAMP)
	$(BIN)/sls-gateway serve --demo $(GATEWAY_ARGS)

# The bundle and its self-test are part of the test run on Linux, where packaging/build-linux.sh applies;
# on Windows and macOS the installers' workflow (.github/workflows/installers.yml) builds and tests them.
# (Set before the rule below: make expands a rule's prerequisites as it reads it.)
ifeq ($(shell uname -s),Linux)
TEST_BUNDLE := bundle
endif

## make test: install (first time) and run everything CI runs
test: lint importlint translations pytest noqt selftest examples operator-check $(TEST_BUNDLE)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The import rules (SPEC §1), checked on the package as it installs: the wheel's tree, unpacked.
importlint: package-tree
	cd $(PACKAGE_TREE) && PYTHONPATH=. $(abspath $(BIN))/lint-imports --config $(CURDIR)/pyproject.toml --no-cache

# The wheel a tester or packager installs, built from this checkout with this environment's setuptools
# (setup.py maps the folders into trader_login and compiles the translations into it). setuptools' own
# build folders go first: it never empties them, and a module deleted from the checkout would live on
# in the wheel. (tests/packaging/test_distribution.py builds from a clean clone, isolated, as packagers do.)
WHEEL_DIR    := build/dist
PACKAGE_TREE := build/package-tree
wheel: $(STAMP)
	rm -rf $(WHEEL_DIR) build/lib build/bdist.*
	$(BIN)/python -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation -w $(WHEEL_DIR) .

# The wheel unpacked: what import-linter and PyInstaller read (a plain folder, no import hook).
package-tree: wheel
	rm -rf $(PACKAGE_TREE)
	$(BIN)/python -m zipfile -e $(WHEEL_DIR)/trader_login-*.whl $(PACKAGE_TREE)

pytest: $(STAMP) postgres
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

## make postgres: makes sure a PostgreSQL server is installed: the gateway's tests run on PostgreSQL as well
## as SQLite, each run starting its own throw-away server in a temporary directory (tests/postgres_server.py);
## installs Debian's postgresql package where no server is found (Debian/Ubuntu, as root)
postgres:
	@$(PYTHON) -m tests.postgres_server --install

# Proves `auth` runs with Qt absent: imports every module under auth and runs the auth tests
# with PySide6 and shiboken6 made unimportable.
noqt: $(STAMP)
	$(BIN)/python tests/without_qt.py

# The testers' example repository (examples/: its own `app` package, tests and pytest.ini), run as a
# tester runs it: this checkout's wheel installed into a fresh virtual environment with pytest and
# pytest-qt (the project's pins), the folder copied outside the checkout, and the suite run both ways a
# tester starts it, `python -m pytest` (the current folder first on sys.path) and plain `pytest`.
TESTER_VENV := build/tester-venv
examples: wheel
	rm -rf $(TESTER_VENV)
	$(PYTHON) -m venv $(TESTER_VENV)
	$(TESTER_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt \
	  $(WHEEL_DIR)/trader_login-*.whl pytest pytest-qt
	@dir=$$(mktemp -d) && cp -r examples/. "$$dir" && cd "$$dir" && \
	  echo "examples, python -m pytest:" && \
	  QT_QPA_PLATFORM=offscreen $(abspath $(TESTER_VENV))/bin/python -m pytest -q -p no:cacheprovider && \
	  echo "examples, pytest:" && \
	  QT_QPA_PLATFORM=offscreen $(abspath $(TESTER_VENV))/bin/pytest -q -p no:cacheprovider; \
	  status=$$?; rm -rf "$$dir"; exit $$status

## make operator-check: the operator's install, proven: this checkout's wheel installed with the postgres extra
## into a fresh virtual environment (as `pip install 'trader-login[postgres]'`), its sls-gateway serving a
## throw-away PostgreSQL database (password in PGPASSWORD), and a demo user's login over HTTPS
# The wheel is named by its file, with the extra: a package of the same name on an index cannot stand in.
OPERATOR_VENV := build/operator-venv
operator-check: wheel postgres
	rm -rf $(OPERATOR_VENV)
	$(PYTHON) -m venv $(OPERATOR_VENV)
	$(OPERATOR_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt \
	  --find-links $(WHEEL_DIR) "$$(ls $(WHEEL_DIR)/trader_login-*.whl)[postgres]"
	$(OPERATOR_VENV)/bin/python tests/operator_check.py

# The installers' smoke test, run from the source tree: window offscreen, keychain, dscuser's DSC+ login.
selftest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/trader-login --self-test

## make screenshots: every page and emulator tab in each language (docs/screenshots/<lang>/, English also at
## the top), at scale 2 (docs/screenshots/hidpi/), the emulators following each kind of login (following/); installs CJK fonts where missing (Debian, as root)
screenshots: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m trader_login.app.screenshots --lang all $(SCREENSHOT_ARGS)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m trader_login.app.screenshots --scale 2
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m trader_login.app.following_screenshots

## make bundle: the one-folder app (build/bundle/trader-login/) built by PyInstaller, and its --self-test
bundle: $(STAMP) package-tree
	VENV=$(VENV) PACKAGE_TREE=$(PACKAGE_TREE) packaging/build-linux.sh

## make pseudo: the pseudo-localised catalogue (every text 40 % longer) the layout test uses
pseudo: $(STAMP)
	$(BIN)/python -m trader_login.app.pseudo_locale build/pseudo/trader_login_pseudo.qm

## make translations: compile the .ts sources into the .qm files the app loads
translations: $(QM)

$(TS_DIR)/%.qm: $(TS_DIR)/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

## make lupdate: refresh the .ts sources from the code (new texts come in unfinished, gone ones go)
lupdate: $(STAMP)
	$(BIN)/pyside6-lupdate $(sort $(shell find app ui -name '*.py')) -no-obsolete -locations none \
	  -ts $(foreach l,$(LANGUAGES),$(TS_DIR)/trader_login_$(l).ts)
	$(BIN)/pyside6-lupdate $(sort $(shell find app ui -name '*.py')) -no-obsolete -locations none \
	  -pluralonly -ts $(TS_DIR)/trader_login_en.ts
	@# PySide6 6.11's lupdate misses the count of QCoreApplication.translate(context, text, "", n): say so
	@# at once if an entry lost its plural forms (restore it from git: `git diff resources/translations`).
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider tests/ui/test_translations.py \
	  -k every_count_text_keeps_its_plural_forms

bootstrap: $(STAMP)

# The first run says what it is doing rather than keeping a minute of silence: a line per step, then pip's
# own lines (each package as it is collected, downloaded and installed). Once the stamp is newer than its
# sources the rule does not run at all: later runs print nothing of it and start at once.
$(STAMP): pyproject.toml setup.py constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Trader Login needs Python 3.11 or newer; this is " + sys.version.split()[0] + " (set PYTHON=/path/to/python3.11)")'
	@if test -x $(BIN)/python; then \
	  echo "Updating $(VENV): pyproject.toml, setup.py or constraints.txt changed (up to a minute)..."; \
	else \
	  echo "Setting up $(VENV) (first run, about a minute; later runs skip this)..."; \
	  echo "[1/2] Creating the virtual environment with $(PYTHON) ($$($(PYTHON) -c 'import platform; print(platform.python_version())'))"; \
	  $(PYTHON) -m venv $(VENV) || { \
	    echo "Could not create a virtual environment with '$(PYTHON) -m venv'."; \
	    echo "On Debian/Ubuntu install the venv module first: sudo apt install python3-venv"; \
	    rm -rf $(VENV); exit 1; }; \
	fi
	@echo "[2/2] Installing Trader Login and its dependencies into $(VENV) (PySide6, the largest, is about 200 MB):"
	@$(BIN)/python -m pip install --disable-pip-version-check -c constraints.txt -e '.[dev,postgres]'
	@touch $(STAMP)
	@echo "$(VENV) is ready."

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build *.egg-info
