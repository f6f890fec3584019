"""App fixtures: the sample dataset loaded once per session into its own graph of the session engine, and the
data the app itself reads (graph "smals" of the session engine: the bundled report)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sample_dataset import sample_dataset

from smals_graph.graph_model.connect import connect
from smals_graph.graph_model.store import DEFAULT_GRAPH
from smals_graph.loader.knowledge import BUNDLED_REPORT

REPORT = BUNDLED_REPORT


@pytest.fixture(scope="session")
def sample_store(engine_dir: Path):
    """The sample dataset (tests/app/sample_dataset.py) in graph `app_sample`. Tests must not write to it."""
    from smals_graph.loader.write import load_dataset

    s = connect("embedded:", data_dir=engine_dir, graph="app_sample")
    load_dataset(s, sample_dataset())
    yield s
    s.clear()
    s.close()


@pytest.fixture(scope="session")
def app_dataset():
    """What the app is tested on: the bundled report."""
    from smals_graph.loader.parse import parse_report

    return parse_report(REPORT)


@pytest.fixture(scope="session")
def app_data_dir(engine_dir: Path, app_dataset):
    """A data directory whose default graph ("smals", what the app opens) holds `app_dataset`."""
    from smals_graph.loader.write import load_dataset

    s = connect("embedded:", data_dir=engine_dir, graph=DEFAULT_GRAPH)
    load_dataset(s, app_dataset)
    s.close()
    yield engine_dir


@pytest.fixture(scope="session")
def app_store(app_data_dir: Path):
    s = connect("embedded:", data_dir=app_data_dir, graph=DEFAULT_GRAPH)
    yield s
    s.close()
