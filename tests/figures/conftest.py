"""Figures and exports on the small hand-made dataset (tests/analytics/small_dataset.json) in a real graph."""

from __future__ import annotations

import pytest

VIEW_QUERY = "MATCH (a)-[r]->(b) WHERE NOT a:Problem RETURN a, r, b"


@pytest.fixture
def small_view(small_store):
    from smals_graph.app.view_model.view import GraphView

    result = small_store.read(VIEW_QUERY)
    return GraphView.from_result(result, title="Small ecosystem: members, projects and components")


@pytest.fixture
def store_uri(small_store) -> str:
    """A URI the CLI can open for this test's own graph."""
    return small_store.connection_uri()
