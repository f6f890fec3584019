"""The graph widget: a bidirectional `st.components.v2` component drawing a GraphView with vis-network 9.1.2,
inlined from the copy shipped in graph_assets/vendor/ (no CDN: the app must work offline); its script is
graph_assets/widget.js.

Positions come from Python (app/layout.py), physics is off and edges are straight, so a drawing of 1,000 nodes
is stable in well under a second. The widget sends back to Python:

- trigger `click` / `dblclick`: {"node": key or None, "edge": id or None, "n": counter}
- trigger `dragged`: {"key": [x, y], ...} positions of nodes the user moved
- trigger `png`: "data:image/png;base64,..." when `png_request` changes (a 2x render of the current view)
- state `selection`: list of selected node keys

Node ids in the widget are the schema keys (`id` property), never engine ids.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from smals_graph.app.ui.components import component_value
from smals_graph.app.view_model import style
from smals_graph.app.view_model.layout import caption_sides
from smals_graph.app.view_model.view import GraphView
from smals_graph.graph_model.results import Node

COMPONENT_NAME = "smals_graph.graph"
EDGE_LABELS_MAX = 400
MAX_FIT_ZOOM = 1.3  # a small view is not blown up beyond this when fitted
ASSETS = "graph_assets"  # vis-network 9.1.2 (vendor/, MIT) and the widget's own script, shipped with the package


def asset(*parts: str) -> str:
    """A file shipped in graph_assets/ (package data): the widget's script, vendor/ vis-network."""
    return importlib.resources.files("smals_graph.app.ui.components").joinpath(ASSETS, *parts).read_text(
        encoding="utf-8")


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    text = asset("vendor", "vis-network.min.js")
    # no source map request, ever
    # split on "\n" only: the source holds U+2028 / U+0085 inside string literals, which splitlines() would cut
    return "\n".join(line for line in text.split("\n") if not line.startswith("//# sourceMappingURL"))


CSS = """
.sg-root { position: relative; width: 100%; border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem;
           background: #ffffff; overflow: hidden; font-family: "Source Sans Pro", "DejaVu Sans", sans-serif; }
.sg-canvas { position: absolute; inset: 0; }
.sg-toolbar { position: absolute; top: 6px; right: 6px; display: flex; gap: 4px; z-index: 5; }
.sg-toolbar button { font: 12px sans-serif; padding: 2px 8px; border: 1px solid #c8c8c8; border-radius: 4px;
                     background: rgba(255, 255, 255, 0.92); cursor: pointer; color: #31333f; }
.sg-toolbar button:hover { background: #f0f2f6; }
.sg-status { position: absolute; left: 8px; bottom: 6px; font: 11px sans-serif; color: #6b6b6b; z-index: 5;
             background: rgba(255, 255, 255, 0.85); padding: 1px 4px; border-radius: 3px; }
.sg-head, .sg-foot { display: none; }
.sg-root.sg-present { position: fixed; inset: 0; width: 100vw; height: 100vh !important; z-index: 1000000;
                      border: none; border-radius: 0; }
.sg-present .sg-canvas { top: 64px; bottom: 58px; }
.sg-present .sg-head { display: block; position: absolute; top: 12px; left: 24px; right: 200px;
                       font: bold 30px "DejaVu Sans", sans-serif; color: #222; white-space: nowrap;
                       overflow: hidden; text-overflow: ellipsis; }
.sg-present .sg-foot { display: flex; position: absolute; left: 24px; right: 24px; bottom: 10px;
                       justify-content: space-between; align-items: flex-end; gap: 24px;
                       font: 16px "DejaVu Sans", sans-serif; color: #333; }
.sg-present .sg-status { display: none; }
.sg-legend span.sw { display: inline-block; width: 14px; height: 14px; margin: 0 6px 0 16px; vertical-align: -2px;
                     border: 1px solid #333; }
.sg-legend span.sw.dot { border-radius: 50%; }
.sg-legend span.sw.diamond { transform: rotate(45deg) scale(0.8); }
.sg-legend span.sw.triangle { width: 0; height: 0; border: 8px solid transparent; border-bottom: 14px solid; border-top: 0;
                              background: none !important; }
.sg-source { color: #555; font-size: 14px; white-space: nowrap; }
div.vis-tooltip { position: absolute; visibility: hidden; padding: 5px; white-space: pre-wrap;
                  font: 13px sans-serif; color: #000; background: #f5f4ed; border: 1px solid #808074;
                  border-radius: 3px; box-shadow: 3px 3px 10px rgba(0, 0, 0, 0.2); pointer-events: none;
                  z-index: 10; max-width: 420px; }
"""

HTML = """<div class="sg-root"><div class="sg-head"></div><div class="sg-canvas"></div>
<div class="sg-toolbar"><button data-act="fit" title="Fit the whole graph">Fit</button>
<button data-act="in" title="Zoom in">+</button><button data-act="out" title="Zoom out">−</button>
<button data-act="present" title="Presentation mode: full window, large captions, legend and source (Esc leaves)">Present</button>
<button data-act="png" title="Download the current view as PNG (2x)">PNG</button></div>
<div class="sg-foot"><div class="sg-legend"></div><div class="sg-source"></div></div>
<div class="sg-status"></div></div>"""

JS_TEMPLATE_FILE = "widget.js"


def component_js() -> str:
    """The widget's script with vis-network and the fit zoom filled in."""
    return asset(JS_TEMPLATE_FILE).replace("__VIS__", vis_network_js()).replace("__MAXZOOM__", str(MAX_FIT_ZOOM))


@lru_cache(maxsize=1)
def _component():
    import streamlit as st

    return st.components.v2.component(COMPONENT_NAME, html=HTML, css=CSS, js=component_js())


@dataclass
class GraphEvent:
    kind: str  # click, dblclick
    node: str | None
    edge: str | None
    n: int


def widget_data(view: GraphView, *, selected: list[str] | None = None, height: int = 560,
                size_by_degree: bool = True, physics: bool = False, smooth: bool = False,
                png_request: str | None = None, filename: str = "graph", present: bool = False,
                edge_labels: bool = False) -> dict[str, Any]:
    """What the widget receives: vis-network items keyed by node key, and a version hash of the drawing."""
    raw = view.vis_data(size_by_degree=size_by_degree)
    key_of = {engine_id: node.view_key for engine_id, node in view.nodes.items()}
    raw_ids = [item["id"] for item in raw["nodes"]]
    nodes = []
    for item in raw["nodes"]:
        node = view.nodes[item["id"]]
        item = dict(item, id=key_of[item["id"]], title=tooltip(node))
        item["caption"] = item.pop("label")
        if node.properties.get("_aggregate"):
            item["shapeProperties"] = {"borderDashes": [4, 3]}
            item["borderWidth"] = 2
        nodes.append(item)
    edges = [dict(e, **{"from": key_of.get(e["from"], e["from"]), "to": key_of.get(e["to"], e["to"])})
             for e in raw["edges"]]
    sides = caption_sides(view.positions, view.layout_used)
    for item, engine_id in zip(nodes, raw_ids, strict=True):
        if engine_id in sides:
            item["side"] = sides[engine_id]
    degree = view.degrees()
    centre = getattr(view, "centre", None)
    order = [key_of[n] for n in sorted(view.nodes, key=lambda n: (n != centre, -degree[n], key_of[n]))]
    body = {"nodes": nodes, "edges": edges, "physics": physics, "smooth": smooth, "edge_labels": edge_labels}
    version = hashlib.sha1(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return {**body, "version": version, "selected": selected or [], "height": int(height),
            "edge_labels_max": EDGE_LABELS_MAX, "png_request": png_request, "png_scale": 2,
            "filename": filename, "label_order": order, "label_px": style.SCREEN_LABEL_PX,
            "present_px": style.PRESENT_LABEL_PX, "present": bool(present), "frame": frame_of(view)}


def frame_of(view: GraphView) -> dict[str, Any]:
    """Title, legend and source line of the presentation mode."""
    from smals_graph.app.figures.render import source_line

    labels = sorted({n.label for n in view.nodes.values()},
                    key=lambda lab: list(style.STYLES).index(lab) if lab in style.STYLES else 99)
    legend = [{"text": style.STYLES.get(lab, style.DEFAULT_STYLE).description,
               "color": style.STYLES.get(lab, style.DEFAULT_STYLE).color,
               "shape": style.STYLES.get(lab, style.DEFAULT_STYLE).shape} for lab in labels]
    for name, colour in view.group_colors().items():
        legend.append({"text": f"{view.group_title} {name}".strip(), "color": colour, "shape": "dot"})
    return {"title": view.title, "legend": legend[:16], "source": source_line(view)}


def tooltip(node: Node) -> str:
    props = node.properties
    label = node.label
    lines = [f"{label}: {props.get('name') or style.caption(node)}"]
    if props.get("acronym"):
        lines.append(f"acronym: {props['acronym']}")
    for name in ("category", "status", "domain"):
        if props.get(name):
            lines.append(f"{name}: {props[name]}")
    if props.get("_aggregate"):
        lines.append("aggregated: click to list them in the side panel")
    return "\n".join(lines)


def graph_widget(view: GraphView, *, key: str, selected: list[str] | None = None, height: int = 560,
                 size_by_degree: bool = True, physics: bool = False, smooth: bool = False,
                 png_request: str | None = None, filename: str = "graph", present: bool | None = None,
                 on_change: Any = None) -> dict[str, Any]:
    """Draw `view`; returns the component result (a mapping with click, dblclick, dragged, png, selection).
    `present`: start in presentation mode (default: the URL's `present=1`)."""
    if present is None:
        import streamlit as st

        present = st.query_params.get("present") == "1"
    data = widget_data(view, selected=selected, height=height, size_by_degree=size_by_degree, physics=physics,
                       smooth=smooth, png_request=png_request, filename=filename, present=present)
    callback = on_change or (lambda: None)
    result = _component()(
        key=key, data=data, height=height + 4,
        on_click_change=callback, on_dblclick_change=callback, on_dragged_change=callback,
        on_png_change=callback, on_selection_change=callback,
    )
    return result


def event_of(result: Any) -> GraphEvent | None:
    """The click or double-click the widget reported in this run, if any."""
    for kind in ("dblclick", "click"):
        value = component_value(result, kind)
        if value:
            return GraphEvent(kind, value.get("node"), value.get("edge"), int(value.get("n") or 0))
    return None

