"""'Export this view': the graph on screen as a slide figure (PNG, SVG, PDF at a size preset, scale and
background, with title, legend and source footnote), as an offline interactive HTML file, or as data
(GraphML, GEXF, CSV, JSON) — the same positions, colours and captions as the screen."""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from smals_graph.app.figures import PRESETS, FigureOptions, figure_bytes, render
from smals_graph.app.figures.html import html_document
from smals_graph.app.view_model.view import GraphView
from smals_graph.graph_model import export, nx_graph

MIMES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


def safe_filename(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "view"


def figure_options(view: GraphView, **choices: object) -> FigureOptions:
    """Figure options that keep what the screen shows: metric sizes and colour groups travel with the view."""
    return FigureOptions(sizes=view.sizes, size_metric=view.size_metric, groups=view.groups,
                         group_title=view.group_title, size_by_degree=view.size_by_degree,
                         **choices)  # type: ignore[arg-type]


def figure_files(view: GraphView, options: FigureOptions) -> dict[str, bytes]:
    """PNG, SVG and PDF of one drawing of the view (the same figure, so the formats agree)."""
    figure = render(view, options)
    return {fmt: figure_bytes(figure, fmt, options) for fmt in MIMES}


@st.fragment
def export_panel(view: GraphView, *, key: str, filename: str) -> None:
    """An expander under a graph view; it reruns on its own, so the view stays as it is while you choose."""
    with st.expander("Export this view — figure for slides, interactive HTML, or data", icon=":material/download:"):
        c1, c2, c3 = st.columns(3)
        size = c1.selectbox("Size", list(PRESETS), key=f"{key}_size",
                            help="slide-16x9 1920×1080, slide-4x3 1600×1200, a4-landscape 3508×2480 (300 dpi), "
                                 "square 1080×1080")
        scale = c2.selectbox("Scale (PNG)", [1, 2, 3], index=1, key=f"{key}_scale")
        background = c3.selectbox("Background", ["white", "dark", "transparent"], key=f"{key}_bg")
        title = st.text_input("Title", value=view.title, key=f"{key}_title")
        t1, t2, t3 = st.columns(3)
        legend = t1.toggle("Legend", value=True, key=f"{key}_legend")
        footnote = t2.toggle("Source footnote", value=True, key=f"{key}_foot")
        edge_labels = t3.toggle("Relationship labels", value=False, key=f"{key}_edges")
        b1, b2 = st.columns(2)
        # both requests persist (per view): pressing one button must not take away the other's downloads
        signature = view_signature(view)
        wants = st.session_state.setdefault(f"{key}_wants", {})
        if wants.get("view") != signature:
            wants.clear()
            wants["view"] = signature
        if b1.button("Render the figure", key=f"{key}_render", icon=":material/image:"):
            wants["figure"] = True
        if b2.button("Prepare the data files", key=f"{key}_data", icon=":material/table:"):
            wants["data"] = True
        if wants.get("figure"):
            options = figure_options(view, size=size, scale=scale, background=background, title=title or None,
                                     legend=legend, footnote=footnote, edge_labels=edge_labels)
            cache_key = (signature, repr(options))
            cached = st.session_state.get(f"{key}_files")
            if not cached or cached[0] != cache_key:
                with st.spinner("Drawing…"):
                    cached = (cache_key, figure_files(view, options))
                st.session_state[f"{key}_files"] = cached
            files = cached[1]
            st.image(files["png"], caption=f"{filename}.png — what the other formats contain too")
            columns = st.columns(4)
            for column, (fmt, content) in zip(columns, files.items(), strict=False):
                column.download_button(fmt.upper(), content, file_name=f"{filename}.{fmt}", mime=MIMES[fmt],
                                       key=f"{key}_dl_{fmt}", on_click="ignore")
            columns[3].download_button("HTML (offline)", html_document(view, title or None), on_click="ignore",
                                       file_name=f"{filename}.html", mime="text/html", key=f"{key}_dl_html")
        if wants.get("data"):
            _data_downloads(view, key=key, filename=filename)


def view_signature(view: GraphView) -> str:
    """Changes when what is drawn changes (nodes, relationships, positions, sizes, colours)."""
    import hashlib
    import json

    body = [sorted(view.nodes), sorted(view.relationships), sorted(view.positions.items()),
            sorted((view.sizes or {}).items()), sorted((view.groups or {}).items()), view.title]
    return hashlib.sha1(json.dumps(body, default=str).encode()).hexdigest()[:16]


def _data_downloads(view: GraphView, *, key: str, filename: str) -> None:
    st.caption("The view's data, with provenance (edition, line, page) as attributes:")
    graph = nx_graph.from_view(view)
    columns = st.columns(len(export.FORMATS))
    for column, fmt in zip(columns, export.FORMATS, strict=True):
        for name, content in export.export_bytes(graph, fmt).items():
            column.download_button(name, content, file_name=f"{filename}-{name}", key=f"{key}_data_{name}",
                                   on_click="ignore")


@st.fragment
def chart_panel(chart: str, data: Any, *, key: str, filename: str) -> None:
    """The slide figure of a chart (app/figures/charts.py) shown on a page, same choices as for a graph."""
    from smals_graph.app.figures.charts import CHARTS, render_chart

    with st.expander(f"Export as a figure — {CHARTS[chart].title.lower()}", icon=":material/bar_chart:"):
        c1, c2, c3 = st.columns(3)
        size = c1.selectbox("Size", list(PRESETS), key=f"{key}_size")
        scale = c2.selectbox("Scale (PNG)", [1, 2, 3], index=1, key=f"{key}_scale")
        background = c3.selectbox("Background", ["white", "dark", "transparent"], key=f"{key}_bg")
        title = st.text_input("Title", value=CHARTS[chart].title, key=f"{key}_title")
        if not st.toggle("Draw it", key=f"{key}_draw"):
            return
        options = FigureOptions(size=size, scale=scale, background=background, title=title or None,
                                subtitle=CHARTS[chart].subtitle)
        with st.spinner("Drawing…"):
            figure = render_chart(data, options)
            files = {fmt: figure_bytes(figure, fmt, options) for fmt in MIMES}
        st.image(files["png"])
        for column, (fmt, content) in zip(st.columns(3), files.items(), strict=True):
            column.download_button(fmt.upper(), content, file_name=f"{filename}.{fmt}", mime=MIMES[fmt],
                                   key=f"{key}_dl_{fmt}", on_click="ignore")
