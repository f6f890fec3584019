"""Engine-neutral forms of results, so that what FalkorDB and Neo4j answer can be compared.

Engine ids (FalkorDB's integers, Neo4j's element ids) are replaced by the schema key of the node they name;
relationships become (type, start key, end key, properties); the load's mark and time (`_load`, `loaded_at`) are dropped
(each engine was loaded at its own moment). Nothing else is forgiven: labels, property values and types, row counts and, where the
query orders them, row order must be the same.
"""

from __future__ import annotations

import json
import re
from typing import Any

from smals_graph.graph_model.dialect import code_only
from smals_graph.graph_model.results import Node, Path, Relationship
from smals_graph.graph_model.store import Store

LOAD_TIME = ("_load", "loaded_at")  # the load's own mark and time: each engine was loaded at its own moment


class Keys:
    """Engine id -> schema key of every node of a store."""

    def __init__(self, store: Store) -> None:
        rows = store.read("MATCH (n) RETURN n", max_rows=1_000_000, timeout=60).rows
        self.of = {row[0].id: (row[0].key or f"?{row[0].id}") for row in rows}

    def __call__(self, engine_id: str) -> str:
        return self.of.get(engine_id, f"?{engine_id}")


def props(properties: dict[str, Any]) -> dict[str, Any]:
    return {k: plain(v, None) for k, v in sorted(properties.items()) if k not in LOAD_TIME}


def plain(value: Any, keys: Keys | None) -> Any:
    """A JSON-comparable, engine-neutral form of one result value."""
    if isinstance(value, Node):
        return {"node": value.key, "labels": sorted(value.labels), "props": props(value.properties)}
    if isinstance(value, Relationship):
        assert keys is not None, "relationships need the id -> key map"
        return {"rel": value.type, "start": keys(value.start), "end": keys(value.end),
                "props": props(value.properties)}
    if isinstance(value, Path):
        return {"path": [plain(n, keys) for n in value.nodes],
                "rels": [plain(r, keys) for r in value.relationships]}
    if isinstance(value, dict):
        return {str(k): plain(v, keys) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [plain(v, keys) for v in value]
    if isinstance(value, float):
        return round(value, 9)
    return value


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def rows_of(result: Any, keys: Keys, unordered_columns: set[str] = frozenset()) -> list[Any]:
    """Rows in neutral form; the lists of `unordered_columns` (collect() without an order) sorted."""
    out = []
    for row in result.rows:
        cells = []
        for column, cell in zip(result.columns, row, strict=True):
            value = plain(cell, keys)
            if column in unordered_columns and isinstance(value, list):
                value = sorted(value, key=canonical)
            cells.append(value)
        out.append(cells)
    return out


_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_RETURN = re.compile(r"\bRETURN\b", re.IGNORECASE)


def final_order_by(cypher: str) -> bool:
    """Whether the rows are ordered: an ORDER BY after the last RETURN (an ORDER BY inside a WITH only
    chooses which rows are kept)."""
    code = code_only(cypher)
    returns = list(_RETURN.finditer(code))
    if not returns:
        return False
    return bool(_ORDER_BY.search(code, returns[-1].end()))


def collected_columns(cypher: str, columns: list[str]) -> set[str]:
    """Columns holding a collect() (whose order Cypher leaves to the engine)."""
    code = code_only(cypher)
    found = set()
    for column in columns:
        if re.search(r"collect\s*\((?:(?!\bAS\b).)*?\)\s+AS\s+" + re.escape(column) + r"\b", code,
                     re.IGNORECASE | re.DOTALL):
            found.add(column)
    return found


def compared(result: Any, keys: Keys, cypher: str) -> list[Any] | list[str]:
    """The rows as they must match: in order when the query orders them, else as a sorted multiset."""
    rows = rows_of(result, keys, collected_columns(cypher, result.columns))
    if final_order_by(cypher):
        return rows
    return sorted(canonical(r) for r in rows)
