"""Whole-graph metrics measured once by the load and written on the nodes: the values the pages read are the
ones networkx gives on the loaded graph itself (read back from the engine, measured independently here)."""

from __future__ import annotations

import networkx as nx

from smals_graph.app.view_model import explore_view, metrics, queries
from smals_graph.graph_model import analytics, schema
from smals_graph.graph_model.nx_graph import analytic_graph, from_store


def test_the_load_writes_degree_betweenness_and_communities(loaded_store):
    eco = analytic_graph(from_store(loaded_store))
    between = nx.betweenness_centrality(eco, normalized=True)
    rows = loaded_store.read(
        f"MATCH (n:Entity) WHERE n.{schema.DEGREE_PROP} IS NOT NULL "
        f"RETURN n.id, n.{schema.DEGREE_PROP}, n.{schema.BETWEENNESS_PROP}, n.{schema.COMMUNITY_PROP}",
        max_rows=100_000).rows
    assert {row[0] for row in rows} == set(eco.nodes)  # every entity, no Problem or Edition
    for key, degree, betweenness, _ in rows:
        assert degree == eco.degree(key)
        assert abs(betweenness - between[key]) < 1e-9
    # communities: a partition of the entities whose modularity is Louvain's (not one group, not singletons)
    parts: dict[int, set[str]] = {}
    for key, _, _, community in rows:
        parts.setdefault(community, set()).add(key)
    assert sorted(len(p) for p in parts.values())[-1] == len(parts[1])  # 1 is the largest
    assert nx.community.modularity(eco, parts.values()) > 0.3
    assert queries.betweenness_samples(loaded_store) == 0  # 554 entities: exact


def test_explore_reads_the_metrics_off_the_nodes(loaded_store):
    view = explore_view.build(loaded_store, explore_view.ExploreState(node="s:wave")).view
    read = metrics.from_properties(view)
    eco = analytic_graph(from_store(loaded_store))
    keys = [n.key for n in view.nodes.values() if n.key in eco]
    assert read is not None and keys
    assert all(read["degree"][k] == eco.degree(k) for k in keys)
    top = queries.top_by_metric(loaded_store, "betweenness", top=3)
    between = nx.betweenness_centrality(eco)
    expected = sorted(eco.nodes, key=lambda k: (-between[k], -eco.degree(k), k))[:3]
    assert [r["key"] for r in top] == expected


def test_large_graphs_get_a_seeded_estimate():
    graph = nx.barabasi_albert_graph(300, 2, seed=1)
    exact, samples = analytics.betweenness(graph, exact_max=1000)
    assert samples == 0 and exact == nx.betweenness_centrality(graph, normalized=True)
    first, k = analytics.betweenness(graph, exact_max=100)
    again, _ = analytics.betweenness(graph, exact_max=100)
    assert k == analytics.BETWEENNESS_SAMPLES and first == again  # same seed, same estimate
    assert first != exact
    hubs = sorted(exact, key=exact.get, reverse=True)[:5]
    assert set(sorted(first, key=first.get, reverse=True)[:10]) >= set(hubs[:3])  # the big bridges stay on top


def test_louvain_without_isolated_nodes_numbers_them_alone():
    graph = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("d", "e"), ("e", "f"), ("f", "d"), ("c", "d")])
    graph.add_nodes_from(["x", "y"])
    index = analytics.community_index(graph)
    assert index["a"] == index["b"] == index["c"] != index["d"] == index["e"] == index["f"]
    assert {index["x"], index["y"]} == {3, 4}  # singletons after the two triangles
