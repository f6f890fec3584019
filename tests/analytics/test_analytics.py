"""Analytics on graphs whose answers were worked out by hand (see the comments), not copied from output."""

from __future__ import annotations

import networkx as nx
import pytest

from smals_graph.graph_model import analytics
from smals_graph.graph_model.nx_graph import analytic_graph


def _simple(edges, kinds=None):
    graph = nx.Graph()
    for a, b in edges:
        graph.add_edge(a, b, rel_types=["X"])
    for key in graph:
        graph.nodes[key].update(kind=(kinds or {}).get(key, "Member"), caption=key.upper())
    return graph


def test_centrality_on_a_path_and_a_star():
    # a - b - c: b is on the only shortest path between a and c -> betweenness 1 (normalised), ends 0;
    # degree centrality: b links to 2 of 2 others -> 1.0, a and c -> 0.5.
    rows = {r.key: r for r in analytics.centrality(_simple([("a", "b"), ("b", "c")]))}
    assert rows["b"].betweenness == pytest.approx(1.0)
    assert rows["a"].betweenness == rows["c"].betweenness == 0.0
    assert rows["b"].degree_centrality == pytest.approx(1.0)
    assert rows["a"].degree_centrality == pytest.approx(0.5)
    # star with centre h and 4 leaves: every one of the C(4,2)=6 leaf pairs goes through h -> 6/6 = 1.
    star = analytics.centrality(_simple([("h", x) for x in "pqrs"]))
    assert star[0].key == "h" and star[0].betweenness == pytest.approx(1.0) and star[0].degree == 4


def test_bridge_between_two_triangles():
    # triangles {a,b,c} and {x,y,z} joined by c-x: c and x are the bridges.
    # Pairs (one side, other side) = 3*3 = 9, all through c and x. Betweenness of c (unnormalised):
    # 9 pairs crossing minus the 3 that start at c = 6... plus none inside; x likewise. Normalised by
    # (n-1)(n-2)/2 = 10 -> 0.6.
    edges = [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")]
    rows = analytics.centrality(_simple(edges))
    assert {rows[0].key, rows[1].key} == {"c", "x"}
    assert rows[0].betweenness == pytest.approx(0.6)
    # Louvain splits the two triangles, the same way with the same seed.
    parts = analytics.communities(_simple(edges))
    assert sorted(sorted(c.keys) for c in parts) == [["a", "b", "c"], ["x", "y", "z"]]
    assert [c.keys for c in parts] == [c.keys for c in analytics.communities(_simple(edges))]
    assert parts[0].kinds == {"Member": 3}
    assert "3 nodes" in parts[0].description


def test_jaccard():
    assert analytics.jaccard({"a", "b", "c"}, {"b", "c", "d"}) == pytest.approx(2 / 4)
    assert analytics.jaccard(set(), set()) == 0.0


def test_shortest_path_in_the_small_report(small_graph):
    eco = analytic_graph(small_graph)
    # ONEM -FOR- Wave SaaS -USES- (Java or Angular) -USES- INAMI's project -FOR- INAMI: 4 steps, no shorter way
    steps = analytics.shortest_path(eco, "m:onem", "m:inami")
    assert len(steps) == 5
    assert steps[0].key == "m:onem" and steps[1].key == "p:wave-saas"
    assert steps[2].key in {"t:java", "t:angular"} and steps[3].key == "p:inami-case"
    assert steps[1].via == "FOR" and steps[2].via == "USES"
    # Problems and editions are not part of the ecosystem
    assert "e:2025" not in eco and not any(k.startswith("q:") for k in eco)
    assert analytics.resolve(eco, "onem") == "m:onem"
    assert analytics.resolve(eco, "Wave") == "s:wave"


def test_member_profiles_follow_projects_and_statements(small_graph):
    profiles = analytics.member_profiles(small_graph)
    onss = profiles["m:onss"]
    # ONSS: Wave SaaS (java, angular, postgresql; docrepo, gcloud) + DigiCoRe (java, camunda; wave)
    assert set(onss.technologies) == {"t:java", "t:angular", "t:postgresql", "t:camunda"}
    assert set(onss.components) == {"s:docrepo", "s:gcloud-aaas", "s:wave"}
    # ONEM uses G-Cloud AaaS through Wave SaaS and by its own statement (line 61): two pieces of evidence
    assert sorted(e.line for e in profiles["m:onem"].components["s:gcloud-aaas"]) == [61, 100]
    # similarity on technologies: ONSS {java, angular, postgresql, camunda}, ONEM {java, angular, postgresql}
    # -> 3/4; INAMI {java, angular, camunda, python} vs ONSS -> 3/5
    sims = {(s.a, s.b): s.score for s in analytics.similarity(profiles, on="technologies")}
    assert sims[("m:onem", "m:onss")] == pytest.approx(0.75)
    assert sims[("m:inami", "m:onss")] == pytest.approx(0.6)
    assert sims[("m:fedris", "m:spf")] == pytest.approx(0.5)  # {python, postgresql} vs {python}


def test_who_could_reuse_wave_next(small_graph):
    # Only ONSS uses Wave (DigiCoRe, line 120, p. 40). Candidates by technology Jaccard with ONSS:
    # ONEM 3/4, INAMI 3/5, FEDRIS {python, postgresql} -> 1/5; SPF {python} shares nothing -> left out.
    found = analytics.reuse_opportunities(small_graph, "s:wave")
    assert [(o.member, round(o.score, 3)) for o in found] == [("m:onem", 0.75), ("m:inami", 0.6),
                                                              ("m:fedris", 0.2)]
    inami = found[1]
    assert inami.peer == "m:onss"
    assert [name for name, _, _ in inami.shared_technologies] == ["Angular", "Camunda", "Java"]
    assert [(e.line, e.page) for e in inami.peer_evidence] == [(120, 40)]
    reasons = " ".join(inami.reasons())
    assert "line 120, p. 40" in reasons and "Camunda" in reasons and "share no reusable component" in reasons
    assert found[0].pair_shares_components == ["Document Repository", "G-Cloud AaaS"]


def test_pairs_with_similar_stacks_and_no_shared_component(small_graph):
    pairs = analytics.unshared_pairs(small_graph)
    # INAMI-ONSS (3/5) comes first; ONEM-ONSS share components and are left out; FEDRIS-SPF have none to offer
    assert (pairs[0].a, pairs[0].b) == ("m:inami", "m:onss")
    assert pairs[0].b_only_components == ["Document Repository", "G-Cloud AaaS", "Wave"]
    keys = {(p.a, p.b) for p in pairs}
    assert ("m:onem", "m:onss") not in keys and ("m:fedris", "m:spf") not in keys


def test_metrics(small_graph):
    eco = analytic_graph(small_graph)
    degree = analytics.metric(eco, "degree")
    assert degree["p:wave-saas"] == 7.0  # 2 clients + 3 technologies + 2 components
    community = analytics.metric(eco, "community")
    assert set(community) == set(eco) and min(community.values()) == 1.0
    with pytest.raises(ValueError):
        analytics.metric(eco, "nope")
