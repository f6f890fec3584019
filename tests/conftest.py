"""Shared fixtures: a real embedded FalkorDB server for the session, one graph per test, the real report."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from smals_graph.graph_model.connect import connect
from smals_graph.graph_model.embedded import EmbeddedEngine
from smals_graph.loader.grammar import CACHE_ENV as PARSE_CACHE_ENV
from smals_graph.loader.knowledge import BUNDLED_REPORT

ROOT = Path(__file__).resolve().parent.parent
REPORT = BUNDLED_REPORT
ARTIFACTS = ROOT / "test-artifacts"
sys.path.insert(0, str(ROOT / "tests" / "neo4j_server"))

import neo4j_test_server  # noqa: E402

NEO4J_ENV = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE", "SMALS_GRAPH_URI")
REUSE_NEO4J = "SMALS_GRAPH_TEST_NEO4J"  # the ready line's JSON of a test server started by hand
_own_parse_cache: list[str] = [""]  # the parse cache folder this session made (removed at its end)
_neo4j: neo4j_test_server.Pending | None = None  # the session's Neo4j test server, started after collection


APPTEST_TOKEN = "apptest-" + "t" * 24  # the app's login token for in-process AppTest runs (app/ui/login.py)


def pytest_configure(config: pytest.Config) -> None:
    """A Neo4j the developer's shell points at is never touched: tests reach Neo4j only through `neo4j_server`.
    AppTest runs log in as a browser would, with `?token=` (tests of the login itself clear it)."""
    for name in NEO4J_ENV:
        os.environ.pop(name, None)
    # parses of the French model kept for this session only (the user's cache is never read): the first test
    # that reads the report runs the real model, later ones and the CLI subprocesses reuse its parses
    if not os.environ.get(PARSE_CACHE_ENV):
        import tempfile

        os.environ[PARSE_CACHE_ENV] = _own_parse_cache[0] = tempfile.mkdtemp(prefix="smals-graph-parses-")
    os.environ.pop("SMALS_GRAPH_APP_LOGIN", None)
    os.environ["SMALS_GRAPH_APP_TOKEN"] = APPTEST_TOKEN
    from streamlit.testing.v1 import AppTest

    if not getattr(AppTest.run, "_logs_in", False):
        original = AppTest.run

        def run(self, *args, **kwargs):
            if getattr(self, "log_in", True):
                self.query_params.setdefault("token", APPTEST_TOKEN)
            return original(self, *args, **kwargs)

        run._logs_in = True
        AppTest.run = run


def pytest_collection_finish(session: pytest.Session) -> None:
    """Boot the Neo4j test server as soon as a selected test needs it: the JVM starts while the first tests run."""
    global _neo4j
    if os.environ.get(REUSE_NEO4J):
        return
    if _neo4j is None and any(item.get_closest_marker("neo4j") for item in session.items):
        _neo4j = neo4j_test_server.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    global _neo4j
    if _neo4j is not None:
        _neo4j.stop()
        _neo4j = None
    if _own_parse_cache[0]:
        import shutil

        shutil.rmtree(_own_parse_cache[0], ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def french_parses() -> None:
    """The French model runs once, in this process, on the report and the test editions: the parses land in the
    session's cache folder, so the CLI and app subprocesses read them instead of each loading the model (seconds
    of CPU each, minutes on a loaded machine)."""
    from smals_graph.graph_model.errors import ReportError
    from smals_graph.loader.parse import parse_report

    for path in (REPORT, ROOT / "tests" / "fixtures" / "variant-2031.fr.txt",
                 ROOT / "tests" / "fixtures" / "hostile-2031.fr.txt"):
        try:
            parse_report(path)
        except ReportError:
            pass  # an edition the loader refuses: what it parsed before refusing is kept all the same


@pytest.fixture(scope="session")
def neo4j_server() -> neo4j_test_server.Neo4jServer:
    """The session's real Neo4j (tests/neo4j_server): Bolt on 127.0.0.1, auth on, a generated password."""
    global _neo4j
    if os.environ.get(REUSE_NEO4J):  # a test server kept running between runs (README: testing with Neo4j)
        import json

        info = json.loads(os.environ[REUSE_NEO4J])
        return neo4j_test_server.Neo4jServer(None, info["uri"], info["username"], info["password"], Path())
    if _neo4j is None:  # a test that needs Neo4j without the marker
        _neo4j = neo4j_test_server.start()
    try:
        return _neo4j.wait()
    except neo4j_test_server.Neo4jServerError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def neo4j_env(neo4j_server, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD of the test server, for this test only."""
    for name, value in neo4j_server.env().items():
        monkeypatch.setenv(name, value)
    return neo4j_server.env()


class Neo4jGraph:
    """What the single database of the Neo4j test server holds: tests that write mark it, the report
    fixture reloads it when needed (Neo4j Community has one user database, so there is no graph per test)."""

    def __init__(self, server: neo4j_test_server.Neo4jServer) -> None:
        from smals_graph.graph_model.neo4j_store import Neo4jStore

        # reads default to 30 s, not 5: a JVM on a loaded 2-core box can take that long (runaway tests set theirs)
        self.store = Neo4jStore(server.uri, user=server.username, password=server.password, database=None,
                                timeout=30.0)
        self.holds_report = False
        self.loads = 0  # how many times the report was loaded (engine ids change with each load)

    def scratch(self):
        self.holds_report = False
        self.store.clear()
        return self.store

    def report(self, dataset):
        if not self.holds_report:
            from smals_graph.loader.write import load_dataset

            self.store.clear()
            load_dataset(self.store, dataset)
            self.holds_report = True
            self.loads += 1
        return self.store


@pytest.fixture(scope="session")
def neo4j_graph(neo4j_server) -> Neo4jGraph:
    graph = Neo4jGraph(neo4j_server)
    yield graph
    graph.store.close()


@pytest.fixture
def neo(neo4j_graph: Neo4jGraph):
    """The Neo4j store, empty; tests may write to it."""
    store = neo4j_graph.scratch()
    yield store
    neo4j_graph.scratch()


@pytest.fixture
def neo4j_loaded(neo4j_graph: Neo4jGraph, dataset):
    """The Neo4j store holding the bundled report (loaded once, again only after a test wrote). Read only."""
    return neo4j_graph.report(dataset)


@pytest.fixture(scope="session")
def engine_dir(tmp_path_factory: pytest.TempPathFactory):
    """A data directory with a running embedded engine, stopped cleanly at the end of the session."""
    directory = tmp_path_factory.mktemp("engine")
    engine = EmbeddedEngine(directory)
    engine.ensure_running()
    yield directory
    engine.stop()


@pytest.fixture
def store(engine_dir: Path, request: pytest.FixtureRequest):
    """A store on a graph of its own (named after the test), deleted afterwards."""
    name = "t_" + re.sub(r"[^A-Za-z0-9_]", "_", request.node.name)[:80]
    s = connect("embedded:", data_dir=engine_dir, graph=name)
    s.clear()
    yield s
    s.clear()
    s.close()


@pytest.fixture(scope="session")
def dataset():
    """The bundled 2025 report, parsed."""
    from smals_graph.loader.parse import parse_report

    return parse_report(REPORT)


@pytest.fixture(scope="session")
def loaded_store(engine_dir: Path, dataset):
    """A store holding the bundled report, loaded once per session. Tests must not write to it."""
    from smals_graph.loader.write import load_dataset

    s = connect("embedded:", data_dir=engine_dir, graph="smals_loaded")
    load_dataset(s, dataset)
    yield s
    s.close()


@pytest.fixture(scope="session")
def small_dataset():
    """A small hand-made dataset with hand-checked answers (tests/analytics/small_dataset.json)."""
    import json

    from smals_graph.loader.model import Dataset

    return Dataset.from_json(json.loads((ROOT / "tests" / "analytics" / "small_dataset.json").read_text(encoding="utf-8")))


@pytest.fixture
def small_store(store, small_dataset):
    from smals_graph.loader.write import load_dataset

    load_dataset(store, small_dataset)
    return store


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

