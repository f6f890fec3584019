"""A small dataset with hand-checked answers, loaded into a real embedded graph."""

from __future__ import annotations

import pytest


@pytest.fixture
def small_graph(small_store):
    from graph_model.nx_graph import from_store

    return from_store(small_store)
