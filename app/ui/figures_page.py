"""Figures page: the shipped figure specs (cypher/figures/*.toml) rendered for slides, with size, scale and
background; PNG, SVG, PDF and self-contained HTML downloads. `smals-graph snapshot` renders the same files."""

from __future__ import annotations

import streamlit as st

from smals_graph.app.figures import PRESETS, figure_bytes
from smals_graph.app.figures import render as render_figure
from smals_graph.app.figures.html import html_document
from smals_graph.app.figures.snapshot import shipped_specs, spec_view
from smals_graph.app.ui.connection import get_store

DOWNLOADS = {"png": ("PNG", "image/png"), "svg": ("SVG", "image/svg+xml"), "pdf": ("PDF", "application/pdf"),
             "html": ("HTML (interactive, offline)", "text/html")}


def render() -> None:
    store = get_store()
    st.title("Figures")
    st.caption("Slide-ready pictures of the graph: title, legend and source line (report pages) baked in. "
               "The same specs regenerate every figure from the command line: `smals-graph snapshot --out DIR`.")

    specs = {spec.name: spec for spec in shipped_specs()}
    name = st.selectbox("Figure", list(specs), format_func=lambda n: specs[n].title or n)
    spec = specs[name]
    if spec.description or spec.subtitle:
        st.write(spec.description or spec.subtitle)

    c1, c2, c3, c4 = st.columns(4)
    sizes = [*PRESETS, "custom"]
    size = c1.selectbox("Size", sizes, index=sizes.index(spec.size) if spec.size in sizes else len(sizes) - 1,
                        help="slide-16x9 1920×1080, slide-4x3 1600×1200, a4-landscape 3508×2480 (300 dpi), "
                             "square 1080×1080; custom: WxH[@DPI]")
    if size == "custom":
        size = c1.text_input("W x H [@DPI]", value=spec.size if spec.size not in PRESETS else "1280x720")
    scale = c2.selectbox("Scale (PNG)", [1, 2, 3], index=[1, 2, 3].index(spec.scale))
    background = c3.selectbox("Background", ["white", "transparent"], index=0 if spec.background == "white" else 1)
    title = c4.text_input("Title", value=spec.title)

    view = spec_view(store, spec)
    options = spec.options(view)
    options.size, options.scale, options.background, options.title = size, scale, background, title or None
    fig = render_figure(view, options)
    png = figure_bytes(fig, "png", options)
    st.image(png, caption=f"{len(view.nodes)} nodes, {len(view.relationships)} relationships")

    # only the format asked for is rendered (the preview is the PNG)
    d1, d2 = st.columns([3, 1], vertical_alignment="bottom")
    fmt = d1.segmented_control("Download as", list(DOWNLOADS), default="png", key="fig_format",
                               format_func=lambda f: DOWNLOADS[f][0]) or "png"
    content = (png if fmt == "png" else html_document(view, title or None) if fmt == "html"
               else figure_bytes(fig, fmt, options))
    d2.download_button(f"Download {DOWNLOADS[fmt][0]}", content, file_name=f"{spec.name}.{fmt}",
                       mime=DOWNLOADS[fmt][1], key="fig_download")
    with st.expander("Spec file"):
        if spec.path:
            st.code(spec.path.read_text(encoding="utf-8"), language="toml")
