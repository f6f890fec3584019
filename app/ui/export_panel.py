"""'Export this view': the graph on screen as a slide figure (PNG, SVG, PDF at a size preset, scale and
background, with title, legend and source footnote), as an offline interactive HTML file, or as data
(GraphML, GEXF, CSV, JSON) — the same positions, colours and captions as the screen."""

from __future__ import annotations

import re

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
        background = c3.selectbox("Background", ["white", "transparent"], key=f"{key}_bg")
        title = st.text_input("Title", value=view.title, key=f"{key}_title")
        t1, t2, t3 = st.columns(3)
        legend = t1.toggle("Legend", value=True, key=f"{key}_legend")
        footnote = t2.toggle("Source footnote", value=True, key=f"{key}_foot")
        edge_labels = t3.toggle("Relationship labels", value=False, key=f"{key}_edges")
        b1, b2 = st.columns(2)
        if b2.button("Prepare the data files", key=f"{key}_data", icon=":material/table:"):
            _data_downloads(view, key=key, filename=filename)
        if not b1.button("Render the figure", key=f"{key}_render", icon=":material/image:"):
            return
        options = figure_options(view, size=size, scale=scale, background=background, title=title or None,
                                 legend=legend, footnote=footnote, edge_labels=edge_labels)
        with st.spinner("Drawing…"):
            files = figure_files(view, options)
        st.image(files["png"], caption=f"{filename}.png — what the other formats contain too")
        columns = st.columns(4)
        for column, (fmt, content) in zip(columns, files.items(), strict=False):
            column.download_button(fmt.upper(), content, file_name=f"{filename}.{fmt}", mime=MIMES[fmt],
                                   key=f"{key}_dl_{fmt}", on_click="ignore")
        columns[3].download_button("HTML (offline)", html_document(view, title or None), on_click="ignore",
                                   file_name=f"{filename}.html", mime="text/html", key=f"{key}_dl_html")


def _data_downloads(view: GraphView, *, key: str, filename: str) -> None:
    st.caption("The view's data, with provenance (edition, line, page) as attributes:")
    graph = nx_graph.from_view(view)
    columns = st.columns(len(export.FORMATS))
    for column, fmt in zip(columns, export.FORMATS, strict=True):
        for name, content in export.export_bytes(graph, fmt).items():
            column.download_button(name, content, file_name=f"{filename}-{name}", key=f"{key}_data_{name}",
                                   on_click="ignore")
