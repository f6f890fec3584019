"""The store's graph (or any set of result nodes and relationships) as a networkx graph.

Node keys are the schema's deterministic keys (`m:onss`, `p:wave-saas`...), so a graph built from one engine
matches the graph built from another and from a later reload. Attributes, on every node:

    kind      the node's schema label (Member, Project...)       labels   every label, ';'-joined
    caption   the short text a view shows (acronym or name)      engine_id the engine's own id (views key on it)
    ...       every property of the node, provenance (`edition`, `line`, `page`) included

and on every edge: `rel_type` (FOR, USES...), `rel_id` (engine id) and every property. Values keep their
Python types here (lists stay lists); `graph_model.export` flattens them for file formats.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from . import schema
from .results import Node, Relationship

if TYPE_CHECKING:  # pragma: no cover
    from .store import Store

WHOLE_NODES = "MATCH (n) RETURN n"
WHOLE_RELATIONSHIPS = "MATCH ()-[r]->() RETURN r"
ANALYTIC_LABELS = (schema.MEMBER, schema.ORGANIZATION, schema.PROJECT, schema.TECHNOLOGY, schema.SERVICE)


def to_networkx(nodes: Iterable[Node], relationships: Iterable[Relationship]) -> nx.MultiDiGraph:
    """A MultiDiGraph of the given nodes and the relationships between them, inserted in sorted key order
    (so algorithms that depend on iteration order give the same answer every time)."""
    graph = nx.MultiDiGraph()
    by_engine_id: dict[str, str] = {}
    for node in sorted(nodes, key=lambda n: n.view_key):
        key = node.view_key
        by_engine_id[node.id] = key
        attrs = dict(node.properties)
        attrs.pop("_load", None)
        attrs.update(kind=node.label, labels=";".join(node.labels), caption=node.caption,
                     engine_id=node.id)
        graph.add_node(key, **attrs)
    rels = [r for r in relationships if r.start in by_engine_id and r.end in by_engine_id]
    for rel in sorted(rels, key=lambda r: (by_engine_id[r.start], r.type, by_engine_id[r.end], r.id)):
        attrs = dict(rel.properties)
        attrs.pop("_load", None)
        attrs.update(rel_type=rel.type, rel_id=rel.id)
        graph.add_edge(by_engine_id[rel.start], by_engine_id[rel.end], key=f"{rel.type}:{rel.id}", **attrs)
    return graph


def from_store(store: Store, *, labels: Iterable[str] | None = None, timeout: float = 60.0,
               max_rows: int = 1_000_000) -> nx.MultiDiGraph:
    """The whole graph of a store (optionally only nodes with one of `labels`)."""
    nodes_result = store.read(WHOLE_NODES, timeout=timeout, max_rows=max_rows)
    rels_result = store.read(WHOLE_RELATIONSHIPS, timeout=timeout, max_rows=max_rows)
    nodes, _ = nodes_result.graph()
    _, rels = rels_result.graph()
    wanted = set(labels) if labels is not None else None
    chosen = [n for n in nodes.values() if wanted is None or set(n.labels) & wanted]
    return to_networkx(chosen, rels.values())


def from_result(result: Any) -> nx.MultiDiGraph:
    """Every node and relationship found in a QueryResult."""
    nodes, rels = result.graph()
    return to_networkx(nodes.values(), rels.values())


def from_view(view: Any) -> nx.MultiDiGraph:
    """A GraphView (app.view) as networkx, with its on-screen positions as `x`, `y` node attributes."""
    graph = to_networkx(view.nodes.values(), view.relationships.values())
    for _key, data in graph.nodes(data=True):
        pos = view.positions.get(data["engine_id"])
        if pos is not None:
            data["x"], data["y"] = float(pos[0]), float(pos[1])
    if getattr(view, "title", ""):
        graph.graph["title"] = view.title
    return graph


def analytic_graph(graph: nx.MultiDiGraph, labels: Iterable[str] = ANALYTIC_LABELS) -> nx.Graph:
    """The undirected simple graph that the analytics measure: the ecosystem's entities only (no Problem or
    Edition nodes, no DUPLICATE_OF), one edge per connected pair, `rel_types` listing what joined them."""
    wanted = set(labels)
    simple = nx.Graph()
    for key, data in graph.nodes(data=True):
        if data.get("kind") in wanted:
            simple.add_node(key, **data)
    for a, b, data in graph.edges(data=True):
        if a in simple and b in simple and data.get("rel_type") != schema.DUPLICATE_OF and a != b:
            if simple.has_edge(a, b):
                types = simple[a][b]["rel_types"]
                if data["rel_type"] not in types:
                    types.append(data["rel_type"])
            else:
                simple.add_edge(a, b, rel_types=[data["rel_type"]])
    return simple

__all__ = ["ANALYTIC_LABELS", "WHOLE_NODES", "WHOLE_RELATIONSHIPS", "analytic_graph", "from_result",
    "from_store", "from_view", "to_networkx"]
