"""A small dataset with hand-checked answers, loaded into a real embedded graph."""

from __future__ import annotations

import pytest


@pytest.fixture
def small_graph(small_store):
    from smals_graph.graph_model.nx_graph import from_store

    return from_store(small_store)
