"""The Query page's schema panel, read from the live graph on either engine: labels, relationship types (with the
labels at their ends) and property keys, each with a count, and the query a click on each puts in the editor.

The names come from `db.labels()`, `db.relationshipTypes()` and `db.propertyKeys()` (both engines have them); the
counts from plain Cypher, the same on both."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from smals_graph.graph_model.store import Store

__all__ = ["SchemaSummary", "TypeSummary", "label_query", "property_query", "read_schema", "type_query"]

HIDDEN_LABELS = {"Entity"}  # the common label of keyed nodes: every other label already says what a node is
_LIMIT = 25
_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class TypeSummary:
    name: str
    count: int
    ends: list[tuple[str, str, int]] = field(default_factory=list)  # (start label, end label, count)


@dataclass
class SchemaSummary:
    labels: list[tuple[str, int]]
    types: list[TypeSummary]
    properties: list[tuple[str, int]]  # key, nodes + relationships that have it


def quoted(name: str) -> str:
    """A label, type or key as Cypher reads it: backticks unless it is a plain name."""
    return name if _PLAIN_NAME.match(name) else "`" + name.replace("`", "``") + "`"


def label_query(label: str) -> str:
    return f"MATCH (n:{quoted(label)}) RETURN n LIMIT {_LIMIT}"


def type_query(rel_type: str) -> str:
    return f"MATCH p=()-[r:{quoted(rel_type)}]->() RETURN p LIMIT {_LIMIT}"


def property_query(key: str) -> str:
    return f"MATCH (n) WHERE n.{quoted(key)} IS NOT NULL RETURN n LIMIT {_LIMIT}"


def _names(store: Store, procedure: str) -> list[str]:
    rows = store.read(f"CALL {procedure}()", max_rows=100_000, timeout=30).rows
    return sorted({str(row[0]) for row in rows if row and row[0] is not None})


def read_schema(store: Store) -> SchemaSummary:
    """Names from the engine's procedures, counts from one pass each over nodes, relationships and keys."""
    # `_Staged_*`, `_Retired`: a Neo4j load's staging labels (graph_model/neo4j_store.py), not the graph's
    label_names = [n for n in _names(store, "db.labels") if n not in HIDDEN_LABELS and not n.startswith("_")]
    type_names = _names(store, "db.relationshipTypes")
    key_names = [k for k in _names(store, "db.propertyKeys") if not k.startswith("_")]  # load bookkeeping

    label_counts = dict(store.read("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*)",
                                   max_rows=100_000, timeout=30).rows)
    labels = [(name, int(label_counts.get(name, 0))) for name in label_names]

    ends: dict[str, list[tuple[str, str, int]]] = {name: [] for name in type_names}
    type_counts = dict(store.read("MATCH ()-[r]->() RETURN type(r), count(r)", max_rows=100_000, timeout=30).rows)
    pairs = store.read(
        "MATCH (a)-[r]->(b) UNWIND labels(a) AS la UNWIND labels(b) AS lb WITH type(r) AS t, la, lb, r "
        "WHERE NOT la IN $hidden AND NOT lb IN $hidden RETURN t, la, lb, count(r) ORDER BY t, la, lb",
        {"hidden": sorted(HIDDEN_LABELS)}, max_rows=100_000, timeout=30).rows
    for rel_type, start, end, count in pairs:
        ends.setdefault(rel_type, []).append((start, end, int(count)))
    types = [TypeSummary(name, int(type_counts.get(name, 0)), ends.get(name, [])) for name in type_names]

    node_keys = dict(store.read("MATCH (n) UNWIND keys(n) AS k RETURN k, count(*)", max_rows=100_000,
                                timeout=30).rows)
    rel_keys = dict(store.read("MATCH ()-[r]->() UNWIND keys(r) AS k RETURN k, count(*)", max_rows=100_000,
                               timeout=30).rows)
    properties = [(key, int(node_keys.get(key, 0)) + int(rel_keys.get(key, 0))) for key in key_names]
    return SchemaSummary(labels, types, properties)
