"""Every lookup by key the app sends starts from an index, on both engines: the engines' own plans say so
(FalkorDB GRAPH.EXPLAIN; Neo4j EXPLAIN on the session's Neo4j test server). The texts are the ones the app's functions
really send, recorded on the way to the real store."""

from __future__ import annotations

from typing import Any

import pytest

from smals_graph.app.view_model import explore_view, queries
from smals_graph.graph_model.canned import load_canned

FALKOR_SEEKS = ("Node By Index Scan", "Node By Id Seek")
FALKOR_SCANS = ("All Node Scan",)
NEO4J_SEEKS = ("NodeUniqueIndexSeek", "NodeIndexSeek", "MultiNodeIndexSeek", "NodeUniqueIndexSeekByRange",
               "NodeIndexSeekByRange", "AssertingMultiNodeIndexSeek")
NEO4J_SCANS = ("AllNodesScan",)
# canned queries that look one node up by a key parameter
KEYED_CANNED = ("figure-member-ecosystem", "figure-service-users",
                "members_sharing_component", "reuse_candidates")


class Recorder:
    """The real store, noting each read's text and parameters (so the test checks what the app sends)."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.sent: list[tuple[str, dict[str, Any]]] = []

    def read(self, cypher: str, params: dict[str, Any] | None = None, **kwargs: Any):
        self.sent.append((cypher, dict(params or {})))
        return self._store.read(cypher, params, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def app_lookups(store: Any) -> list[tuple[str, str, dict[str, Any]]]:
    """(what, cypher, params) of every read the app's lookups by key send."""
    calls = {
        "node_by_key": lambda s: queries.node_by_key(s, "m:onss"),
        "nodes_by_keys": lambda s: queries.nodes_by_keys(s, ["m:onss", "s:wave"]),
        "neighbourhood": lambda s: queries.neighbourhood(s, "s:wave"),
        "neighbourhood by type": lambda s: queries.neighbourhood(s, "m:onss", rel_type="FOR"),
        "links_between": lambda s: queries.links_between(s, ["m:onss", "s:wave", "p:wave-saas"]),
        "node_details": lambda s: queries.node_details(s, "m:onss"),
        "degree_by_type": lambda s: queries.degree_by_type(s, "m:onss"),
        "compare_members": lambda s: queries.compare_members(s, "m:onss", "m:inasti"),
        "component_uses of one": lambda s: queries.component_uses(s, service_key="s:wave"),
        "component_graph": lambda s: queries.component_graph(s, "s:wave"),
        "explore open": lambda s: explore_view.build(s, explore_view.ExploreState(node="m:onss")),
    }
    found = []
    for what, call in calls.items():
        recorder = Recorder(store)
        call(recorder)
        found += [(what, cypher, params) for cypher, params in recorder.sent]
    canned = load_canned()
    for name in KEYED_CANNED:
        found.append((f"canned {name}", canned[name].text_for(store.engine), canned[name].defaults()))
    return found


def test_every_lookup_by_key_seeks_an_index_on_falkordb(sample_store):
    lookups = app_lookups(sample_store)
    assert len(lookups) > 20
    graph = sample_store.db.select_graph(sample_store.graph_name)
    for what, cypher, params in lookups:
        plan = str(graph.explain(cypher, params))
        assert any(seek in plan for seek in FALKOR_SEEKS), f"{what}: no index seek in\n{cypher}\n{plan}"
        assert not any(scan in plan for scan in FALKOR_SCANS), f"{what}: scans every node\n{cypher}\n{plan}"


def test_an_unlabelled_lookup_is_what_the_check_catches(sample_store):
    """The check can fail: the lookup the app used to send scans every node."""
    graph = sample_store.db.select_graph(sample_store.graph_name)
    plan = str(graph.explain("MATCH (n) WHERE n.id = $key RETURN n LIMIT 1", {"key": "m:onss"}))
    assert "All Node Scan" in plan and not any(seek in plan for seek in FALKOR_SEEKS)


def _operators(plan: Any) -> list[str]:
    out = [plan.get("operatorType", "").split("@")[0]]
    for child in plan.get("children", []):
        out += _operators(child)
    return out


@pytest.mark.neo4j
def test_every_lookup_by_key_seeks_an_index_on_neo4j(neo4j_graph):
    """The same lookups on the session's real Neo4j (tests/neo4j_server): EXPLAIN's plan has an index seek, on a
    graph just loaded into a database that held nothing (the planner's statistics of before the load would
    price a scan of the :Entity index like a seek: the store refreshes them after each load)."""
    from sample_dataset import sample_dataset

    from smals_graph.loader.write import load_dataset

    store = neo4j_graph.scratch()
    load_dataset(store, sample_dataset())
    timeout, store.default_timeout = store.default_timeout, 120.0  # a cold JVM on a crowded box plans slowly
    lookups = app_lookups(store)
    with store.driver.session(database=store.database) as session:
        for what, cypher, params in lookups:
            plan = session.run("EXPLAIN " + cypher, params).consume().plan
            operators = _operators(plan)
            assert not any(op in NEO4J_SCANS for op in operators), f"{what}: scans every node {operators}"
            assert any(op in NEO4J_SEEKS for op in operators), f"{what}: no index seek in {operators}\n{cypher}"
        # the check can fail on Neo4j too: the unlabelled lookup scans every node, with no seek
        unlabelled = _operators(session.run("EXPLAIN MATCH (n) WHERE n.id = $key RETURN n LIMIT 1",
                                            {"key": "m:onss"}).consume().plan)
        assert "AllNodesScan" in unlabelled and not any(op in NEO4J_SEEKS for op in unlabelled)
    store.default_timeout = timeout
    neo4j_graph.scratch()  # the next test that wants the report loads it again
