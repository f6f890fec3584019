"""Data exports read back with networkx (and csv): same nodes, edges and provenance attributes."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest

from smals_graph.graph_model import export
from smals_graph.graph_model.nx_graph import from_store, from_view


@pytest.fixture
def graph(small_store):
    return from_store(small_store)


def test_counts_of_the_small_graph(graph):
    # 21 nodes (see test_snapshot); relationships: FOR 6 (Wave SaaS has 2 clients, 4 others 1 each)
    # + USES 12 technology links (3+2+4+2+1) + REUSES 3 + member USES 1 + CONCERNS 1 (problem on line 141,
    # inside the INAMI project's block) = 23
    assert graph.number_of_nodes() == 21
    assert graph.number_of_edges() == 23


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_round_trip(graph, tmp_path, fmt):
    path = export.export(graph, fmt, tmp_path / f"g.{fmt}")[0]
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    wave_saas = back.nodes["p:wave-saas"]
    assert wave_saas["kind"] == "Project" and wave_saas["page"] == 39 and wave_saas["line"] == 100
    assert wave_saas["edition"] == 2025
    assert wave_saas["clients_raw"] == "ONSS; ONEM"  # list-valued property joined
    onss = back.nodes["m:onss"]
    assert onss["caption"] == "ONSS" and onss["category"] == "A"
    reuses = [d for a, b, d in back.edges(data=True) if a == "p:digicore" and b == "s:wave"]
    assert len(reuses) == 1
    assert reuses[0]["rel_type"] == "REUSES" and reuses[0]["page"] == 40 and reuses[0]["line"] == 120
    statement = [d for a, b, d in back.edges(data=True) if a == "m:onem" and b == "s:gcloud-aaas"][0]
    assert statement["quote"] == "L'ONEM utilise G-Cloud AaaS." and statement["line"] == 61
    if fmt == "gexf":
        assert wave_saas["label"] == "Wave SaaS"  # what Gephi shows


def test_csv_and_json(graph, tmp_path):
    nodes_path, edges_path = export.write_csv(graph, tmp_path / "out.csv")
    assert nodes_path.name == "out.csv" and edges_path.name == "out.edges.csv"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "out.edges.csv"]
    with nodes_path.open(encoding="utf-8") as handle:
        nodes = list(csv.DictReader(handle))
    with edges_path.open(encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle))
    assert len(nodes) == 21 and len(edges) == 23
    row = next(r for r in edges if r["source"] == "p:digicore" and r["target"] == "s:wave")
    assert (row["rel_type"], row["line"], row["page"]) == ("REUSES", "120", "40")
    doc = json.loads(export.write_json(graph, tmp_path / "g.json").read_text(encoding="utf-8"))
    back = nx.node_link_graph(doc, edges="edges")
    assert back.number_of_edges() == 23 and back.nodes["p:wave-saas"]["clients_raw"] == ["ONSS", "ONEM"]
    files = export.export_bytes(graph, "csv")
    assert set(files) == {"nodes.csv", "edges.csv"}
    assert export.export_bytes(graph, "graphml")["graph.graphml"].startswith(b"<?xml")


def test_view_export_keeps_positions(small_view):
    graph = from_view(small_view)
    assert graph.number_of_nodes() == len(small_view.nodes)
    some = next(iter(small_view.nodes.values()))
    assert (graph.nodes[some.key]["x"], graph.nodes[some.key]["y"]) == small_view.positions[some.id]
