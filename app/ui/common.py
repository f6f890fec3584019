"""Streamlit pieces shared by the pages: legend, result display (table, graph, JSON), downloads, links."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st

from smals_graph.app.ui.components.graph_widget import graph_widget
from smals_graph.app.ui.escape import html_text
from smals_graph.app.ui.export_panel import export_panel, safe_filename
from smals_graph.app.ui.navigation import EXPLORE, page
from smals_graph.app.view_model import style
from smals_graph.app.view_model.view import GraphView
from smals_graph.graph_model.csv_safety import neutralise
from smals_graph.graph_model.results import Node, Path, QueryResult, Relationship, to_plain

SHAPE_GLYPH = {"dot": "●", "square": "■", "triangle": "▲", "triangleDown": "▼", "diamond": "◆", "star": "★",
               "hexagon": "⬢"}


def legend(labels: list[str] | None = None, counts: dict[str, int] | None = None,
           size_by_degree: bool = True, aggregated: bool = False, size_note: str | None = None) -> None:
    """Colour and shape per label (only the labels on screen when given), and what size means."""
    items = []
    for label, st_ in style.STYLES.items():
        if labels is not None and label not in labels:
            continue
        glyph = SHAPE_GLYPH.get(st_.shape, "●")
        n = f" ({counts[label]})" if counts and label in counts else ""
        items.append(f'<span title="{html_text(st_.description)}" style="margin-right:14px;white-space:nowrap">'
                     f'<span style="color:{st_.color};font-size:1.15em">{glyph}</span> {html_text(label)}{n}</span>')
    size = size_note or ("size grows with the number of links on screen" if size_by_degree
                         else "fixed size per label")
    dash = " · dashed border: aggregated neighbours (a count per label)" if aggregated else ""
    st.markdown(f'<div data-testid="sg-legend" style="font-size:0.9em;line-height:1.8">{"".join(items)}'
                f'<span style="color:#6b6b6b">— {html_text(size)}{dash}</span></div>', unsafe_allow_html=True)


def relationship_legend(counts: dict[str, int]) -> None:
    """The colour of each relationship type on screen, with how many are drawn (the graph colours links by type)."""
    if not counts:
        return
    items = "".join(
        f'<span style="margin-right:14px;white-space:nowrap"><span style="color:'
        f'{style.EDGE_COLORS.get(t, style.DEFAULT_EDGE_COLOR)};font-weight:bold">━━</span> {html_text(t)} ({n})</span>'
        for t, n in sorted(counts.items()))
    st.markdown(f'<div data-testid="sg-rel-legend" style="font-size:0.9em;line-height:1.8">{items}'
                '<span style="color:#6b6b6b">— links by relationship type</span></div>', unsafe_allow_html=True)


def cell(value: Any) -> Any:
    """A table cell: scalars as they are, graph values as short text, the rest as JSON."""
    if isinstance(value, Node):
        return f"({value.label} {value.key or value.id}: {style.caption(value)})"
    if isinstance(value, Relationship):
        return f"[:{value.type}]"
    if isinstance(value, Path):
        return " ".join(style.caption(n) for n in value.nodes) + f" ({len(value)} hops)"
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)) and all(v is not None and not isinstance(v, (list, tuple, dict))
                                                for v in value):
        # a list of names reads as names ("Wave SaaS · DigiCoRe – Transferts"), not as JSON with quotes
        return LIST_SEPARATOR.join(str(cell(v)) for v in value)
    return json.dumps(to_plain(value), ensure_ascii=False, default=str)


LIST_SEPARATOR = " · "


def result_frame(result: QueryResult) -> pd.DataFrame:
    columns = _unique(result.columns)
    return pd.DataFrame([[cell(v) for v in row] for row in result.rows], columns=columns)


def _unique(columns: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for c in columns:
        seen[c] = seen.get(c, 0) + 1
        out.append(c if seen[c] == 1 else f"{c} ({seen[c]})")
    return out


def result_csv(result: QueryResult) -> str:
    return result.to_csv()  # formula cells neutralised (graph_model/csv_safety.py)


def safe_csv(frame: pd.DataFrame) -> str:
    """A table as CSV, with the cells a spreadsheet would run as formulas neutralised."""
    return frame.map(lambda v: neutralise(v) if isinstance(v, str) else v).rename(
        columns=lambda c: neutralise(c) if isinstance(c, str) else c).to_csv(index=False)


def result_json(result: QueryResult) -> str:
    return json.dumps(result.to_json(), ensure_ascii=False, indent=2)


def show_result(result: QueryResult, *, key: str, filename: str = "query") -> None:
    """Table / Graph / JSON tabs, with the truncation flag, timing and downloads."""
    nodes, rels = result.graph()
    meta = f"{len(result.rows)} row(s) · {result.elapsed_ms:.1f} ms · {result.engine}"
    if result.truncated:
        st.warning(f"Truncated: only the first {len(result.rows)} rows are shown (row cap reached). "
                   "Add a LIMIT or raise the cap.", icon=":material/content_cut:")
    st.caption(meta)
    tabs = st.tabs(["Table", f"Graph ({len(nodes)} nodes)" if nodes else "Graph", "JSON"])
    with tabs[0]:
        st.dataframe(result_frame(result), hide_index=True, width="stretch",
                     height=min(38 + 35 * max(1, len(result.rows)), 460))
    with tabs[1]:
        if nodes or rels:
            view = GraphView.from_result(result, title=filename)
            graph_widget(view, key=f"{key}_graph", height=480, filename=filename)
            export_panel(view, key=f"{key}_export", filename=safe_filename(filename))
            legend(sorted({n.label for n in nodes.values()}))
        else:
            st.info("The result holds no nodes, relationships or paths: nothing to draw.")
    with tabs[2]:
        shown = result.to_json()
        if len(shown["rows"]) > 200:
            shown["rows"] = shown["rows"][:200]
            st.caption("First 200 rows; the download has them all.")
        st.json(shown, expanded=2)
    c1, c2, _ = st.columns([1, 1, 2])
    c1.download_button("Download CSV", result_csv(result), file_name=f"{filename}.csv", mime="text/csv",
                       key=f"{key}_csv")
    c2.download_button("Download JSON", result_json(result), file_name=f"{filename}.json",
                       mime="application/json", key=f"{key}_json")


def explore_link(key: str, label: str, *, icon: str | None = None, help: str | None = None) -> None:
    st.page_link(page(EXPLORE), label=label, icon=icon, query_params={"node": key}, help=help)


def explore_url(key: str) -> str:
    from urllib.parse import quote

    return "./?node=" + quote(key, safe=":")
