"""Figures page: the shipped figure specs (cypher/figures/*.toml) — graphs and charts — rendered for slides, with
size, scale and background; PNG, SVG, PDF and HTML downloads. `smals-graph snapshot` renders the same files.
The choice lives in the URL (`?figure=wave-users&size=square&scale=3&bg=transparent`), like every other view."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from smals_graph.app.figures import PRESETS, figure_bytes
from smals_graph.app.figures import render as render_figure
from smals_graph.app.figures.html import html_document
from smals_graph.app.figures.presets import preset
from smals_graph.app.figures.snapshot import FigureSpec, shipped_specs, spec_chart, spec_view
from smals_graph.app.ui.connection import get_store
from smals_graph.graph_model.errors import ConfigError

SCALES = [1, 2, 3]
BACKGROUNDS = ["white", "dark", "transparent"]


def _url_choice(specs: dict[str, FigureSpec]) -> tuple[str, str, int, str]:
    """figure, size, scale, background from the URL, each falling back to the spec's own."""
    qp = st.query_params
    name = qp.get("figure") or ""
    name = name if name in specs else next(iter(specs))
    spec = specs[name]
    size = qp.get("size") or spec.size
    try:
        preset(size)
    except ConfigError:
        size = spec.size
    scale_text, bg = qp.get("scale") or "", qp.get("bg") or ""
    scale = int(scale_text) if scale_text in ("1", "2", "3") else spec.scale
    background = bg if bg in BACKGROUNDS else spec.background
    return name, size, scale, background


def _write_url(name: str, spec: FigureSpec, size: str, scale: int, background: str) -> None:
    wanted = {"figure": name}
    if size != spec.size:
        wanted["size"] = size
    if scale != spec.scale:
        wanted["scale"] = str(scale)
    if background != spec.background:
        wanted["bg"] = background
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)

DOWNLOADS = {"png": ("PNG", "image/png"), "svg": ("SVG", "image/svg+xml"), "pdf": ("PDF", "application/pdf"),
             "html": ("HTML (interactive, offline)", "text/html")}


def render() -> None:
    store = get_store()
    st.title("Figures")
    st.caption("Slide-ready pictures: title, legend and source line (report pages) baked in. The same specs "
               "regenerate every figure from the command line: `smals-graph snapshot --out DIR`.")

    specs = {spec.name: spec for spec in shipped_specs()}
    name, size0, scale0, background0 = _url_choice(specs)
    names = list(specs)
    # widget keys carry the URL's value, so a shared link (or the back button) shows what it says
    name = st.selectbox("Figure", names, index=names.index(name), key=f"fig_name_{name}",
                        format_func=lambda n: specs[n].title or n)
    spec = specs[name]
    if spec.description or spec.subtitle:
        st.write(spec.description or spec.subtitle)
    if name != st.query_params.get("figure"):
        size0, scale0, background0 = spec.size, spec.scale, spec.background

    c1, c2, c3, c4 = st.columns(4)
    sizes = [*PRESETS, "custom"]
    size = c1.selectbox("Size", sizes, index=sizes.index(size0) if size0 in sizes else len(sizes) - 1,
                        key=f"fig_size_{name}_{size0}",
                        help="slide-16x9 1920×1080, slide-4x3 1600×1200, a4-landscape 3508×2480 (300 dpi), "
                             "square 1080×1080; custom: WxH[@DPI]")
    if size == "custom":
        size = c1.text_input("W x H [@DPI]", value=size0 if size0 not in PRESETS else "1280x720",
                             key=f"fig_custom_{name}")
        try:
            preset(size)
        except ConfigError as exc:
            st.error(str(exc))
            return
    scale = c2.selectbox("Scale (PNG)", SCALES, index=SCALES.index(scale0), key=f"fig_scale_{name}_{scale0}")
    background = c3.selectbox("Background", BACKGROUNDS, index=BACKGROUNDS.index(background0),
                              key=f"fig_bg_{name}_{background0}")
    title = c4.text_input("Title", value=spec.title, key=f"fig_title_{name}")
    _write_url(name, spec, size, scale, background)

    if spec.chart:
        fig, options = spec_chart(store, replace(spec, title=title, size=size, scale=scale, background=background))
        caption = f"chart: {spec.chart}"
        html = None
    else:
        view = spec_view(store, spec)
        options = spec.options(view)
        options.size, options.scale, options.background, options.title = size, scale, background, title or None
        fig = render_figure(view, options)
        caption = f"{len(view.nodes)} nodes, {len(view.relationships)} relationships · layout: {view.layout_used}"
        html = html_document(view, title or None)
        if view.truncated_at:
            st.warning(f"Cut: the figure's query stops at {view.truncated_at:,} rows (its row cap) and the graph "
                       "has more — the figure shows part of the answer. Narrow the query, or raise `max_rows` in "
                       "the spec.", icon=":material/content_cut:")
    png = figure_bytes(fig, "png", options)
    st.image(png, caption=caption)

    # only the format asked for is rendered (the preview is the PNG); a chart has no interactive HTML
    formats = [f for f in DOWNLOADS if f != "html" or html is not None]
    d1, d2 = st.columns([3, 1], vertical_alignment="bottom")
    fmt = d1.segmented_control("Download as", formats, default="png", key="fig_format",
                               format_func=lambda f: DOWNLOADS[f][0]) or "png"
    content = png if fmt == "png" else (html or "") if fmt == "html" else figure_bytes(fig, fmt, options)
    d2.download_button(f"Download {DOWNLOADS[fmt][0]}", content, file_name=f"{spec.name}.{fmt}",
                       mime=DOWNLOADS[fmt][1], key="fig_download")
    with st.expander("Spec file"):
        if spec.path:
            st.code(spec.path.read_text(encoding="utf-8"), language="toml")
