"""Two editions of the report: the bundled 2025 one and a next-year one made from it (next_year.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from next_year import make_next_edition  # noqa: E402


@pytest.fixture(scope="session")
def next_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from smals_graph.loader.knowledge import BUNDLED_REPORT

    path = tmp_path_factory.mktemp("editions") / "rapport-2026.fr.txt"
    path.write_text(make_next_edition(Path(BUNDLED_REPORT).read_text(encoding="utf-8")), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def next_dataset(next_report: Path):
    from smals_graph.loader.parse import parse_report

    return parse_report(next_report)


@pytest.fixture
def two_editions(store, dataset, next_dataset):
    """The embedded engine holding both editions (a graph of the test's own)."""
    from smals_graph.loader.write import load_dataset

    load_dataset(store, [next_dataset, dataset])  # any order: editions are sorted by year
    return store


@pytest.fixture
def neo4j_two_editions(neo, dataset, next_dataset):
    from smals_graph.loader.write import load_dataset

    load_dataset(neo, [dataset, next_dataset])
    return neo
