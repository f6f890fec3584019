"""Engine-neutral result values. The app, the CLI and the loader see only these, never driver classes."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from typing import Any

from .csv_safety import neutralise
from .schema import LABEL_NAMES


@dataclass(frozen=True)
class Node:
    id: str  # the engine's own id as a string (FalkorDB: int id; Neo4j: elementId)
    labels: tuple[str, ...]
    properties: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def key(self) -> str | None:
        """The schema's deterministic key (`id` property), stable across reloads and engines."""
        value = self.properties.get("id")
        return None if value is None else str(value)

    @property
    def label(self) -> str:
        """The label that names what the node is: its first schema label (not the common :Entity)."""
        for label in self.labels:
            if label in LABEL_NAMES:
                return label
        return self.labels[0] if self.labels else ""

    @property
    def view_key(self) -> str:
        """The deterministic key when the node has one, else the engine id (prefixed so it cannot clash)."""
        return self.key or f"_engine:{self.id}"

    @property
    def caption(self) -> str:
        """A member's acronym, else the name (or title, or key): the one caption of a node, whole."""
        for name in ("acronym", "name", "title", "id"):
            value = self.properties.get(name)
            if value:
                return str(value)
        return f"{':'.join(self.labels)} {self.id}"

    def to_json(self) -> dict[str, Any]:
        return {"kind": "node", "id": self.id, "labels": list(self.labels), "properties": _plain(self.properties)}


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    start: str  # Node.id of the start node
    end: str
    properties: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "relationship",
            "id": self.id,
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "properties": _plain(self.properties),
        }


@dataclass(frozen=True)
class Path:
    nodes: tuple[Node, ...]
    relationships: tuple[Relationship, ...]

    def __len__(self) -> int:
        return len(self.relationships)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "path",
            "nodes": [n.to_json() for n in self.nodes],
            "relationships": [r.to_json() for r in self.relationships],
        }


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    elapsed_ms: float = 0.0
    engine: str = ""

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=False)) for row in self.rows]

    def column(self, name: str) -> list[Any]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def scalar(self) -> Any:
        return self.rows[0][0] if self.rows and self.rows[0] else None

    def graph(self) -> tuple[dict[str, Node], dict[str, Relationship]]:
        """Every node and relationship found anywhere in the rows (inside lists, maps and paths too)."""
        nodes: dict[str, Node] = {}
        rels: dict[str, Relationship] = {}
        for row in self.rows:
            for value in row:
                _collect(value, nodes, rels)
        return nodes, rels

    def to_csv(self, *, raw: bool = False) -> str:
        """The one CSV form of a result, for the CLI and the app's download alike; cells a spreadsheet would
        run as formulas are neutralised unless `raw` (graph_model/csv_safety.py)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        cell = csv_cell if raw else (lambda value: neutralise(csv_cell(value)))
        writer.writerow(self.columns if raw else [neutralise(c) for c in self.columns])
        writer.writerows([cell(v) for v in row] for row in self.rows)
        return buffer.getvalue()

    def to_json(self) -> dict[str, Any]:
        return {
            "columns": self.columns,
            "rows": [[to_plain(v) for v in row] for row in self.rows],
            "truncated": self.truncated,
            "elapsed_ms": round(self.elapsed_ms, 3),
            "engine": self.engine,
        }


@dataclass
class GraphStats:
    labels: dict[str, int]
    relationship_types: dict[str, int]

    @property
    def nodes(self) -> int:
        return sum(self.labels.values())

    @property
    def relationships(self) -> int:
        return sum(self.relationship_types.values())


def _collect(value: Any, nodes: dict[str, Node], rels: dict[str, Relationship]) -> None:
    if isinstance(value, Node):
        nodes[value.id] = value
    elif isinstance(value, Relationship):
        rels[value.id] = value
    elif isinstance(value, Path):
        for n in value.nodes:
            nodes[n.id] = n
        for r in value.relationships:
            rels[r.id] = r
    elif isinstance(value, (list, tuple)):
        for item in value:
            _collect(item, nodes, rels)
    elif isinstance(value, dict):
        for item in value.values():
            _collect(item, nodes, rels)


def csv_cell(value: Any) -> str:
    """One CSV cell: null is an empty cell, text as is, anything else as JSON."""
    plain = to_plain(value)
    if plain is None:
        return ""
    return plain if isinstance(plain, str) else json.dumps(plain, ensure_ascii=False)


def to_plain(value: Any) -> Any:
    """A JSON-serialisable form of any result value."""
    if isinstance(value, (Node, Relationship, Path)):
        return value.to_json()
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)  # temporal and spatial values: their ISO text


def _plain(props: dict[str, Any]) -> dict[str, Any]:
    return {k: to_plain(v) for k, v in props.items()}


@dataclass
class PlanNode:
    """One operator of an engine's plan; the counts are there only for a profiled run."""

    operator: str
    details: str = ""
    children: list[PlanNode] = field(default_factory=list)
    rows: int | None = None  # records produced
    time_ms: float | None = None
    db_hits: int | None = None

    def walk(self, depth: int = 0) -> list[tuple[int, PlanNode]]:
        out = [(depth, self)]
        for child in self.children:
            out.extend(child.walk(depth + 1))
        return out

    def to_json(self) -> dict[str, Any]:
        return {"operator": self.operator, "details": self.details, "rows": self.rows, "time_ms": self.time_ms,
                "db_hits": self.db_hits, "children": [c.to_json() for c in self.children]}


@dataclass
class QueryPlan:
    """What the engine will do (explain) or did (profile) for a query: a tree of operators, root = last."""

    engine: str
    root: PlanNode
    profiled: bool = False
    elapsed_ms: float = 0.0
    writes: bool = False  # the engine plans writes: the read path would refuse to run it

    def operators(self) -> list[str]:
        return [node.operator for _, node in self.root.walk()]

    def text(self) -> str:
        """The tree as indented lines, with counts when profiled."""
        lines = []
        for depth, node in self.root.walk():
            counts = []
            if node.rows is not None:
                counts.append(f"{node.rows} rows")
            if node.db_hits is not None:
                counts.append(f"{node.db_hits} db hits")
            if node.time_ms is not None:
                counts.append(f"{node.time_ms:.3f} ms")
            tail = f"  [{', '.join(counts)}]" if counts else ""
            details = f"  {node.details}" if node.details else ""
            lines.append(("    " * (depth - 1) + "└── " if depth else "") + node.operator + details + tail)
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {"engine": self.engine, "profiled": self.profiled, "writes": self.writes, "elapsed_ms": round(self.elapsed_ms, 3),
                "root": self.root.to_json()}

__all__ = ["GraphStats", "Node", "Path", "PlanNode", "QueryPlan", "QueryResult", "Relationship", "csv_cell",
    "to_plain"]
