# Two commands: `make run` (load the bundled report into the embedded engine and open the app) and
# `make test` (everything the tests need, then every test). .ci/run calls `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
# setuptools warns on every editable install that a folder named like the package may shadow it: ours are
# mapped on purpose (smals_graph.* -> the top-level folders), so that one notice is silenced, nothing else
PIP := PYTHONWARNINGS='ignore:Editable installation' $(BIN)/pip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-fast install install-test browser neo4j-parser neo4j-server jdk editor-bundle lint load app clean

run: install load app

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed, found " + sys.version' 
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PIP) install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

load: install
	$(BIN)/smals-graph load

app: install
	$(BIN)/smals-graph app --port $(PORT)

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser of its own).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# Neo4j's own Cypher parser (npm @neo4j-cypher/language-support, pinned in package-lock.json).
neo4j-parser:
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Node.js and npm for Neo4j's Cypher parser"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	@[ -d tests/neo4j_parser/node_modules/@neo4j-cypher/language-support ] || \
	  (cd tests/neo4j_parser && npm ci --no-audit --no-fund --loglevel=error)

# The Query page's editor bundle (committed in app/ui/components/cypher_editor/dist, so `pip install` needs no npm):
# rebuild it after changing frontend/src or the pinned versions in frontend/package-lock.json.
EDITOR := app/ui/components/cypher_editor/frontend
editor-bundle:
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Node.js and npm to build the editor"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	cd $(EDITOR) && npm ci --no-audit --no-fund --loglevel=error && npm run build
	@ls -l app/ui/components/cypher_editor/dist

# A real Neo4j for the tests (tests/neo4j_server): Neo4j Community 5.26 from Maven Central into ~/.m2, built
# once; the test session starts it. Neo4j is GPLv3: fetched for the tests only, never shipped.
NEO4J_SERVER := tests/neo4j_server
NEO4J_JAR := $(NEO4J_SERVER)/target/neo4j-test-server.jar
MVN ?= mvn

jdk:
	@v=$$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'); \
	if [ -z "$$v" ] || [ "$${v%%.*}" -lt 17 ] || ! command -v $(MVN) >/dev/null 2>&1; then \
	  echo "Installing a JDK 17 and Maven for the Neo4j test server (found java '$$v')"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null || { \
	  echo "Install a JDK 17+ and Maven 3.8+: sudo apt-get install openjdk-17-jdk-headless maven"; exit 1; }; fi

neo4j-server: $(NEO4J_JAR)

$(NEO4J_JAR): $(NEO4J_SERVER)/pom.xml $(shell find $(NEO4J_SERVER)/src -name '*.java')
	@$(MAKE) --no-print-directory jdk
	cd $(NEO4J_SERVER) && $(MVN) -B -q package
	@touch $@

# ruff, the import contracts of .importlinter (the layers: graph_model < loader < app; Streamlit only in app.ui),
# mypy (strictness in pyproject.toml; it reads the tree as smals_graph.* through .typecheck/'s symlinks) and
# vulture (dead code; vulture_whitelist.py lists what it cannot see used)
lint: install-test
	$(BIN)/ruff check graph_model loader app tests benchmarks
	$(BIN)/lint-imports
	@mkdir -p .typecheck/smals_graph && for d in graph_model loader cypher app; do ln -sfn ../../$$d .typecheck/smals_graph/$$d; done
	$(BIN)/mypy -p smals_graph
	$(BIN)/vulture

# The loop of a change: every test that needs neither a browser nor Neo4j nor its Cypher parser (no Chromium,
# JDK, Maven or Node).
test-fast: install-test
	$(BIN)/python -m pytest -p no:cacheprovider -m "not browser and not neo4j and not neo4j_parser" $(PYTEST_ARGS)

test: install-test browser neo4j-parser neo4j-server lint
	$(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) tests/neo4j_parser/node_modules $(EDITOR)/node_modules $(NEO4J_SERVER)/target test-artifacts
