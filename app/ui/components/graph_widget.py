"""The graph widget: a bidirectional `st.components.v2` component drawing a GraphView with vis-network 9.1.2,
inlined from the pyvis wheel (no CDN: the app must work offline).

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
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from smals_graph.app.view_model import style
from smals_graph.app.view_model.view import GraphView
from smals_graph.graph_model.results import Node

COMPONENT_NAME = "smals_graph.graph"
EDGE_LABELS_MAX = 400
TARGET_EDGE_PX = 170.0  # above this many edges, relationship types are shown on hover only


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    path = importlib.resources.files("pyvis") / "lib/vis-9.1.2/vis-network.min.js"
    text = path.read_text(encoding="utf-8")
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
div.vis-tooltip { position: absolute; visibility: hidden; padding: 5px; white-space: pre-wrap;
                  font: 13px sans-serif; color: #000; background: #f5f4ed; border: 1px solid #808074;
                  border-radius: 3px; box-shadow: 3px 3px 10px rgba(0, 0, 0, 0.2); pointer-events: none;
                  z-index: 10; max-width: 420px; }
"""

HTML = """<div class="sg-root"><div class="sg-canvas"></div>
<div class="sg-toolbar"><button data-act="fit" title="Fit the whole graph">Fit</button>
<button data-act="in" title="Zoom in">+</button><button data-act="out" title="Zoom out">−</button>
<button data-act="png" title="Download the current view as PNG (2x)">PNG</button></div>
<div class="sg-status"></div></div>"""

JS_TEMPLATE = r"""
if (!globalThis.vis || !globalThis.vis.Network) {
__VIS__
}
const vis = globalThis.vis;

function options(data) {
  const many = data.edges.length > data.edge_labels_max;
  return {
    autoResize: true,
    physics: data.physics ? {enabled: true} : {enabled: false},
    layout: {improvedLayout: false, randomSeed: 42},
    interaction: {hover: !many, tooltipDelay: 150, hideEdgesOnDrag: many, hideEdgesOnZoom: many,
                  multiselect: true, navigationButtons: false, keyboard: false},
    nodes: {font: {size: 14, face: 'DejaVu Sans, sans-serif', color: '#1f1f1f', strokeWidth: 4,
                   strokeColor: '#ffffff'}, borderWidth: 1.5, borderWidthSelected: 3},
    edges: {smooth: data.smooth ? {enabled: true, type: 'dynamic'} : false, width: 1.2,
            arrows: {to: {enabled: true, scaleFactor: 0.5}},
            font: {size: 10, face: 'DejaVu Sans, sans-serif', color: '#555555', strokeWidth: 3,
                   strokeColor: '#ffffff', align: 'middle'},
            color: {inherit: false}, selectionWidth: 2},
  };
}

function prepare(data) {
  const many = data.edges.length > data.edge_labels_max;
  const edges = data.edges.map(e => many ? Object.assign({}, e, {title: e.label, label: undefined}) : e);
  return {nodes: data.nodes, edges: edges};
}

function renderPng(state, scale) {
  const src = state.canvasEl;
  const w = src.clientWidth, h = src.clientHeight;
  const holder = document.createElement('div');
  holder.style.cssText = `position:fixed;left:-20000px;top:0;width:${w}px;height:${h}px;`;
  document.body.appendChild(holder);
  const desc = Object.getOwnPropertyDescriptor(window, 'devicePixelRatio');
  Object.defineProperty(window, 'devicePixelRatio', {configurable: true, get: () => scale});
  let url = null;
  try {
    const opts = options(state.data);
    opts.autoResize = false;
    const net = new vis.Network(holder, {nodes: state.nodes.get(), edges: state.edges.get()}, opts);
    net.moveTo({position: state.network.getViewPosition(), scale: state.network.getScale(), animation: false});
    net.redraw();
    const canvas = holder.querySelector('canvas');
    const out = document.createElement('canvas');
    out.width = canvas.width; out.height = canvas.height;
    const ctx = out.getContext('2d');
    ctx.fillStyle = '#ffffff'; ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    url = out.toDataURL('image/png');
    net.destroy();
  } finally {
    if (desc) { Object.defineProperty(window, 'devicePixelRatio', desc); } else { delete window.devicePixelRatio; }
    holder.remove();
  }
  return url;
}

export default function (component) {
  const {data, parentElement, setTriggerValue, setStateValue} = component;
  const root = parentElement.querySelector('.sg-root');
  const canvasEl = root.querySelector('.sg-canvas');
  const status = root.querySelector('.sg-status');
  root.style.height = data.height + 'px';
  let state = root.__sg;
  if (!state) {
    state = root.__sg = {counter: 0, version: null, png: null, canvasEl: canvasEl};
    state.nodes = new vis.DataSet();
    state.edges = new vis.DataSet();
    state.network = new vis.Network(canvasEl, {nodes: state.nodes, edges: state.edges}, {});
    const send = (name) => (params) => {
      state.counter += 1;
      const node = params.nodes && params.nodes.length ? params.nodes[0] : null;
      const edge = !node && params.edges && params.edges.length ? params.edges[0] : null;
      state.send(name, {node: node, edge: edge, n: state.counter});
    };
    state.network.on('click', send('click'));
    state.network.on('doubleClick', send('dblclick'));
    state.network.on('select', () => state.sendState('selection', state.network.getSelectedNodes()));
    state.network.on('dragEnd', (params) => {
      if (!params.nodes || !params.nodes.length) return;
      const pos = state.network.getPositions(params.nodes);
      const out = {};
      for (const k of params.nodes) out[k] = [Math.round(pos[k].x * 100) / 100, Math.round(pos[k].y * 100) / 100];
      state.send('dragged', out);
    });
    state.network.on('afterDrawing', () => {
      if (root.dataset.drawn !== state.version) {
        root.dataset.drawn = state.version;
        root.dataset.drawMs = String(Math.round(performance.now() - state.started));
        if (!state.data.physics) root.dataset.stable = state.version;
      }
    });
    state.network.on('stabilized', () => {
      if (state.data.physics && root.dataset.stable !== state.version) {
        root.dataset.stable = state.version;
        root.dataset.stableMs = String(Math.round(performance.now() - state.started));
      }
    });
    root.querySelector('.sg-toolbar').addEventListener('click', (ev) => {
      const act = ev.target && ev.target.dataset ? ev.target.dataset.act : null;
      if (act === 'fit') state.network.fit({animation: false});
      if (act === 'in' || act === 'out') {
        state.network.moveTo({scale: state.network.getScale() * (act === 'in' ? 1.25 : 0.8), animation: false});
      }
      if (act === 'png') {
        const url = renderPng(state, 2);
        const a = document.createElement('a');
        a.href = url; a.download = (state.data.filename || 'graph') + '.png';
        root.appendChild(a); a.click(); a.remove();
      }
    });
  }
  state.send = setTriggerValue;
  state.sendState = setStateValue;
  state.data = data;
  if (state.version !== data.version) {
    state.started = performance.now();
    state.version = data.version;
    root.dataset.drawn = '';
    root.dataset.stable = '';
    state.network.setOptions(options(data));
    const prepared = prepare(data);
    state.network.setData({nodes: state.nodes, edges: state.edges});
    state.nodes.clear(); state.edges.clear();
    state.nodes.add(prepared.nodes); state.edges.add(prepared.edges);
    state.network.fit({animation: false});
    status.textContent = `${data.nodes.length} nodes · ${data.edges.length} relationships`;
    root.dataset.nodes = String(data.nodes.length);
  }
  const want = (data.selected || []).filter(k => state.nodes.get(k));
  const have = state.network.getSelectedNodes();
  if (JSON.stringify(want) !== JSON.stringify(have)) state.network.selectNodes(want);
  if (data.png_request && data.png_request !== state.png) {
    state.png = data.png_request;
    setTriggerValue('png', renderPng(state, data.png_scale || 2));
  }
  state.network.redraw();
}
"""


@lru_cache(maxsize=1)
def _component():
    import streamlit as st

    js = JS_TEMPLATE.replace("__VIS__", vis_network_js())
    return st.components.v2.component(COMPONENT_NAME, html=HTML, css=CSS, js=js)


@dataclass
class GraphEvent:
    kind: str  # click, dblclick
    node: str | None
    edge: str | None
    n: int


def node_key(node: Node) -> str:
    return node.key or f"engine:{node.id}"


def widget_data(view: GraphView, *, selected: list[str] | None = None, height: int = 560,
                size_by_degree: bool = True, physics: bool = False, smooth: bool = False,
                png_request: str | None = None, filename: str = "graph") -> dict[str, Any]:
    """What the widget receives: vis-network items keyed by node key, and a version hash of the drawing."""
    raw = view.vis_data(size_by_degree=size_by_degree)
    key_of = {engine_id: node_key(node) for engine_id, node in view.nodes.items()}
    nodes = []
    for item in raw["nodes"]:
        node = view.nodes[item["id"]]
        item = dict(item, id=key_of[item["id"]], title=tooltip(node))
        if node.properties.get("_aggregate"):
            item["shapeProperties"] = {"borderDashes": [4, 3]}
            item["borderWidth"] = 2
        nodes.append(item)
    edges = [dict(e, **{"from": key_of.get(e["from"], e["from"]), "to": key_of.get(e["to"], e["to"])})
             for e in raw["edges"]]
    factor = display_scale(view)
    if factor != 1.0:
        for item in nodes:
            item["x"], item["y"] = round(item["x"] * factor, 2), round(item["y"] * factor, 2)
    body = {"nodes": nodes, "edges": edges, "physics": physics, "smooth": smooth}
    version = hashlib.sha1(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return {**body, "version": version, "selected": selected or [], "height": int(height),
            "edge_labels_max": EDGE_LABELS_MAX, "png_request": png_request, "png_scale": 2,
            "filename": filename}


def display_scale(view: GraphView, target: float = TARGET_EDGE_PX) -> float:
    """Layout coordinates are spread for large graphs; small views are pulled together so that, once fitted,
    captions stay above vis-network's minimum drawn font size (a median edge of about `target` px)."""
    lengths = sorted(
        math.dist(view.positions[r.start], view.positions[r.end]) for r in view.relationships.values()
        if r.start in view.positions and r.end in view.positions and r.start != r.end
    )
    if not lengths:
        return 1.0
    median = lengths[len(lengths) // 2]
    if median <= 0:
        return 1.0
    return max(0.05, min(1.0, target / median))


def tooltip(node: Node) -> str:
    props = node.properties
    label = style.label_of(node)
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
                 png_request: str | None = None, filename: str = "graph",
                 on_change: Any = None) -> dict[str, Any]:
    """Draw `view`; returns the component result (a mapping with click, dblclick, dragged, png, selection)."""
    data = widget_data(view, selected=selected, height=height, size_by_degree=size_by_degree, physics=physics,
                       smooth=smooth, png_request=png_request, filename=filename)
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
        value = _get(result, kind)
        if value:
            return GraphEvent(kind, value.get("node"), value.get("edge"), int(value.get("n") or 0))
    return None


def _get(result: Any, name: str) -> Any:
    if result is None:
        return None
    try:
        return result[name]
    except (KeyError, TypeError):
        return getattr(result, name, None)
