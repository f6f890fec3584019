"""Data exports of a networkx graph (see `graph_model.nx_graph`): GraphML and GEXF for Gephi and yEd, CSV nodes
and edges, JSON. Provenance (`edition`, `line`, `page`) stays on every node and edge as attributes.

GraphML and GEXF accept only scalar attributes: list values are joined with "; " and missing values dropped.
In GEXF `label` is the node's caption and the edge's type (what Gephi shows); the relationship type is also kept
as `rel_type` on every edge in every format.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path
from typing import Any

import networkx as nx

from .csv_safety import neutralise
from .errors import ConfigError

FORMATS = ("graphml", "gexf", "csv", "json")
LIST_SEPARATOR = "; "
_SCALARS = (str, int, float, bool)


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple, set)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, _SCALARS):
        return value
    return str(value)


def flattened(graph: nx.MultiDiGraph, *, for_gexf: bool = False) -> nx.MultiDiGraph:
    """A copy whose attributes are all scalars, with one type per attribute name (GraphML needs that)."""
    out = nx.MultiDiGraph()
    out.graph.update({k: _flat(v) for k, v in graph.graph.items() if v is not None})
    node_rows = {n: {k: _flat(v) for k, v in d.items() if v is not None} for n, d in graph.nodes(data=True)}
    edge_rows = [(a, b, key, {k: _flat(v) for k, v in d.items() if v is not None})
                 for a, b, key, d in graph.edges(keys=True, data=True)]
    _unify_types(list(node_rows.values()))
    _unify_types([row for *_, row in edge_rows])
    for node, attrs in node_rows.items():
        if for_gexf:
            attrs["label"] = attrs.get("caption", str(node))
        out.add_node(node, **attrs)
    for a, b, key, attrs in edge_rows:
        if for_gexf:
            attrs["label"] = attrs.get("rel_type", "")
            attrs.pop("type", None)  # GEXF's own edge attribute (directed/undirected)
        out.add_edge(a, b, key=key, **attrs)
    return out


def _unify_types(rows: list[dict[str, Any]]) -> None:
    """When one attribute has values of different types across rows, write it as text everywhere."""
    kinds: dict[str, set[type]] = {}
    for row in rows:
        for k, v in row.items():
            kinds.setdefault(k, set()).add(type(v))
    mixed = {k for k, types in kinds.items() if len(types) > 1 and types != {int, float}}
    numeric_mixed = {k for k, types in kinds.items() if types == {int, float}}
    for row in rows:
        for k in mixed & row.keys():
            row[k] = str(row[k])
        for k in numeric_mixed & row.keys():
            row[k] = float(row[k])


def write_file(path: str | Path, data: bytes) -> Path:
    """Write an export without ever following a link planted at its target: refuse a symlink there, write a
    fresh temporary file in the same folder (O_EXCL, no-follow) and rename it over the target. An existing
    file keeps its mode; a new one is 0644."""
    from .datadir import write_private

    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        mode = 0o644
    else:
        if stat.S_ISLNK(info.st_mode):
            raise ConfigError(f"Refusing to write {path}: it is a symbolic link (an export never follows one; "
                              "remove it or choose another --out).")
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(f"Refusing to write {path}: it is not a regular file.")
        mode = stat.S_IMODE(info.st_mode)
    write_private(path, data, mode=mode)
    return path


def write_graphml(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    return write_file(path, export_bytes(graph, "graphml")["graph.graphml"])


def write_gexf(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    return write_file(path, export_bytes(graph, "gexf")["graph.gexf"])


def _columns(rows: list[dict[str, Any]], first: tuple[str, ...]) -> list[str]:
    seen: list[str] = [c for c in first]
    for row in rows:
        for k in row:
            if k not in seen:
                seen.append(k)
    return seen


def _safe_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: neutralise(v) if isinstance(v, str) else v for k, v in row.items()}


def csv_tables(graph: nx.MultiDiGraph, *, raw: bool = False) -> tuple[str, str]:
    """(nodes.csv, edges.csv) texts. Nodes: `key` first; edges: `source`, `target`, `rel_type` first. Cells a
    spreadsheet would run as formulas are neutralised unless `raw` (graph_model/csv_safety.py)."""
    node_rows = [{"key": n, **{k: _flat(v) for k, v in d.items() if v is not None}}
                 for n, d in graph.nodes(data=True)]
    edge_rows = [{"source": a, "target": b, **{k: _flat(v) for k, v in d.items() if v is not None}}
                 for a, b, d in graph.edges(data=True)]
    texts = []
    for rows, first in ((node_rows, ("key", "kind", "caption")), (edge_rows, ("source", "target", "rel_type"))):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=_columns(rows, first), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows if raw else [_safe_row(row) for row in rows])
        texts.append(buffer.getvalue())
    return texts[0], texts[1]


def csv_paths(path: str | Path) -> tuple[Path, Path]:
    """Where the CSV export writes: `DIR/nodes.csv` and `DIR/edges.csv` when `path` is a directory (or has no
    suffix); else the nodes in the file asked for, `x.csv`, and the relationships beside it in `x.edges.csv`
    (the file named on the command line is the one a person opens first)."""
    path = Path(path)
    if path.is_dir() or not path.suffix:
        return path / "nodes.csv", path / "edges.csv"
    return path, path.with_name(path.stem + ".edges.csv")


def write_csv(graph: nx.MultiDiGraph, path: str | Path, *, raw: bool = False) -> tuple[Path, Path]:
    nodes_path, edges_path = csv_paths(path)
    nodes_path.parent.mkdir(parents=True, exist_ok=True)
    nodes_text, edges_text = csv_tables(graph, raw=raw)
    write_file(nodes_path, nodes_text.encode("utf-8"))
    write_file(edges_path, edges_text.encode("utf-8"))
    return nodes_path, edges_path


def json_document(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """networkx node-link data (lists kept as lists), readable back with `nx.node_link_graph(doc, edges="edges")`."""
    return nx.node_link_data(graph, edges="edges")


def write_json(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    text = json.dumps(json_document(graph), ensure_ascii=False, indent=2, default=str) + "\n"
    return write_file(path, text.encode("utf-8"))


def export(graph: nx.MultiDiGraph, fmt: str, path: str | Path, *, raw_csv: bool = False) -> list[Path]:
    """Write `graph` in one of FORMATS; returns the files written (never through a planted link)."""
    fmt = fmt.lower()
    if fmt == "graphml":
        return [write_graphml(graph, path)]
    if fmt == "gexf":
        return [write_gexf(graph, path)]
    if fmt == "csv":
        return list(write_csv(graph, path, raw=raw_csv))
    if fmt == "json":
        return [write_json(graph, path)]
    raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")


def export_bytes(graph: nx.MultiDiGraph, fmt: str) -> dict[str, bytes]:
    """The same exports in memory (for download buttons): file name -> content."""
    fmt = fmt.lower()
    if fmt == "csv":
        nodes_text, edges_text = csv_tables(graph)
        return {"nodes.csv": nodes_text.encode("utf-8"), "edges.csv": edges_text.encode("utf-8")}
    if fmt == "json":
        return {"graph.json": json.dumps(json_document(graph), ensure_ascii=False, indent=2,
                                         default=str).encode("utf-8")}
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flattened(graph), buffer, encoding="utf-8", prettyprint=True, named_key_ids=True)
    elif fmt == "gexf":
        nx.write_gexf(flattened(graph, for_gexf=True), buffer, encoding="utf-8", prettyprint=True)
    else:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return {f"graph.{fmt}": buffer.getvalue()}

__all__ = ["FORMATS", "LIST_SEPARATOR", "csv_paths", "csv_tables", "export", "export_bytes", "flattened",
    "json_document", "write_csv", "write_gexf", "write_graphml", "write_json"]
