"""Every canned query of cypher/ parses and runs with its defaults on the engine (the app's data)."""

from __future__ import annotations

import pytest

from smals_graph.graph_model.canned import load_canned

CANNED = load_canned()
MINE = [name for name in CANNED if not name.startswith("figure-")]


def test_at_least_ten_canned_queries():
    assert len(MINE) >= 10


@pytest.mark.parametrize("name", MINE)
def test_canned_query_runs(app_store, name):
    query = CANNED[name]
    result = app_store.read(query.text_for(app_store.engine), query.defaults(), timeout=30)
    assert result.columns
    if name not in ("projects_without_clients", "reuse_candidates"):
        assert result.rows, f"{name} returned nothing on the loaded report"
