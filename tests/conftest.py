"""Shared fixtures: a real embedded FalkorDB server for the session, one graph per test, the real report."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from smals_graph.graph_model.embedded import EmbeddedEngine
from smals_graph.graph_model.store import connect
from smals_graph.loader.knowledge import BUNDLED_REPORT

ROOT = Path(__file__).resolve().parent.parent
REPORT = BUNDLED_REPORT
ARTIFACTS = ROOT / "test-artifacts"


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
def small_dataset() -> dict:
    """A small hand-made dataset with hand-checked answers (tests/analytics/small_dataset.json)."""
    import json

    return json.loads((ROOT / "tests" / "analytics" / "small_dataset.json").read_text(encoding="utf-8"))


@pytest.fixture
def small_store(store, small_dataset):
    from smals_graph.loader.write import load_dataset

    load_dataset(store, small_dataset)
    return store


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def neo4j_configured() -> bool:
    return bool(os.environ.get("NEO4J_URI"))
