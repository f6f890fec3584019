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


def _with_isolated(graph: nx.Graph, count: int) -> nx.Graph:
    graph = nx.relabel_nodes(graph, {n: f"n{n:04d}" for n in graph})
    graph.add_nodes_from(f"lone{i}" for i in range(count))
    return graph


def test_the_matrix_walk_is_brandes():
    """Sparse-matrix Brandes from every linked source is networkx's exact (unnormalised) betweenness."""
    graph = _with_isolated(nx.barabasi_albert_graph(200, 2, seed=3), 5)
    linked = sorted(k for k in graph if graph.degree(k))
    summed = analytics.brandes(graph, linked, nodes=linked)
    exact = nx.betweenness_centrality(graph, normalized=False)  # undirected: each pair counted once
    assert all(abs(summed.get(k, 0.0) / 2 - exact[k]) < 1e-6 for k in graph)
    assert max(exact.values()) > 100  # not a graph where every value is 0


def test_the_estimate_samples_linked_sources_only():
    """Unlinked nodes (most members of a large graph) are never sampled: with as many samples as linked
    nodes the estimate is the exact value, normalised over all nodes."""
    graph = _with_isolated(nx.karate_club_graph(), 60)  # 34 linked nodes < BETWEENNESS_SAMPLES
    estimate, samples = analytics.betweenness(graph, exact_max=50)
    exact = nx.betweenness_centrality(graph, normalized=True)
    assert samples == 34
    assert all(abs(estimate[k] - exact[k]) < 1e-9 for k in graph)
    assert estimate["lone0"] == 0.0


def test_louvain_above_the_threshold_is_compiled_seeded_and_labelled():
    graph = nx.relabel_nodes(nx.connected_caveman_graph(30, 6), lambda n: f"c{n:03d}")  # 30 cliques of 6
    small, method = analytics.louvain_parts(graph, nx_max=10_000)
    assert method == analytics.LOUVAIN_NETWORKX
    assert small == [sorted(p) for p in nx.community.louvain_communities(graph, seed=analytics.DEFAULT_SEED)]
    big, method = analytics.louvain_parts(graph, nx_max=100)
    assert method == analytics.LOUVAIN_SKNETWORK
    assert big == analytics.louvain_parts(graph, nx_max=100)[0]  # the same graph, the same groups
    assert sorted(len(p) for p in big) == [6] * 30  # each cave is a community
    assert nx.community.modularity(graph, big) > 0.8
    other, _ = analytics.louvain_parts(graph, seed=7, nx_max=100)  # another seed shuffles the node order
    assert sorted(len(p) for p in other) == [6] * 30


def test_the_edition_says_how_the_metrics_were_measured(loaded_store):
    assert queries.community_method(loaded_store) == analytics.LOUVAIN_NETWORKX  # 554 entities
    text = queries.describe_metrics(queries.betweenness_samples(loaded_store), queries.community_method(loaded_store))
    assert text == "Measured by the load: degree, betweenness is exact, communities by louvain (networkx)."
    assert "estimate from 200 sampled sources" in queries.describe_metrics(200, analytics.LOUVAIN_SKNETWORK)


def test_the_louvain_threshold_counts_linked_nodes_only():
    """Many unlinked members (every edition lists them all) do not switch a small ecosystem to the compiled
    Louvain: the Analytics page's "another seed" groups as the load did."""
    graph = _with_isolated(nx.connected_caveman_graph(10, 5), 3000)
    _, method = analytics.louvain_parts(graph, nx_max=100)
    assert method == analytics.LOUVAIN_NETWORKX
    parts = analytics.communities(graph, seed=5)
    assert sum(1 for c in parts if len(c.keys) == 5) == 10 and len(parts) == 10 + 3000
