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
    nodes: {borderWidth: 1.5, borderWidthSelected: 3},
    edges: {smooth: data.smooth ? {enabled: true, type: 'dynamic'} : false, width: 1.2,
            arrows: {to: {enabled: true, scaleFactor: 0.6}},
            font: {size: 10, face: 'DejaVu Sans, sans-serif', color: '#555555', strokeWidth: 3,
                   strokeColor: '#ffffff', align: 'middle'},
            color: {inherit: false}, selectionWidth: 2},
  };
}

function prepare(data) {
  // captions are drawn by drawLabels (constant size, no collision), not by vis-network
  const many = data.edges.length > data.edge_labels_max || !data.edge_labels;
  const edges = data.edges.map(e => many ? Object.assign({}, e, {title: e.label, label: undefined}) : e);
  return {nodes: data.nodes, edges: edges};
}

// Captions at a constant size whatever the zoom, placed without collision: hubs first, each below its node,
// else above, right or left; a caption that fits nowhere is left out (the tooltip has the full name). Boxes
// live in a grid of cells (a spatial index), so each test looks at a few neighbours only.
function drawLabels(net, nodes, ctx, px, order, selected) {
  const canvas = ctx.canvas;
  const ratio = canvas.width / Math.max(1, canvas.clientWidth);
  const W = canvas.clientWidth, H = canvas.clientHeight;
  const scale = net.getScale();
  const cell = px * 5;
  const grid = new Map();
  const keyOf = (gx, gy) => gx + ',' + gy;
  const cells = (r, f) => {
    for (let gx = Math.floor(r[0] / cell); gx <= Math.floor(r[2] / cell); gx++)
      for (let gy = Math.floor(r[1] / cell); gy <= Math.floor(r[3] / cell); gy++) f(keyOf(gx, gy));
  };
  const add = (r, owner) => cells(r, k => { if (!grid.has(k)) grid.set(k, []); grid.get(k).push([r, owner]); });
  const hits = (r, owner) => {
    let hit = false;
    cells(r, k => { for (const [o, who] of (grid.get(k) || [])) {
      if (who !== owner && Math.min(r[2], o[2]) - Math.max(r[0], o[0]) > 0 &&
          Math.min(r[3], o[3]) - Math.max(r[1], o[1]) > 0) hit = true; } });
    return hit;
  };
  const ids = [...selected.filter(k => nodes.get(k)), ...order.filter(k => !selected.includes(k))];
  const pos = net.getPositions(ids);
  const at = {};
  for (const id of ids) {
    const n = nodes.get(id); if (!n || !pos[id]) continue;
    const d = net.canvasToDOM(pos[id]);
    const r = (n.size || 10) * scale + 2;
    at[id] = [d.x, d.y, r];
    add([d.x - r, d.y - r, d.x + r, d.y + r], id);
  }
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.font = px + 'px "DejaVu Sans", sans-serif';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  ctx.lineJoin = 'round';
  let drawn = 0;
  for (const id of ids) {
    if (!at[id]) continue;
    const n = nodes.get(id);
    const lines = String(n.caption || '').split('\n');
    if (!lines[0]) continue;
    const w = Math.max(...lines.map(l => ctx.measureText(l).width)) + 4;
    const h = lines.length * px * 1.2;
    const [x, y, r] = at[id];
    const all = {below: [x - w / 2, y + r + 2], above: [x - w / 2, y - r - 2 - h], right: [x + r + 3, y - h / 2],
                 left: [x - r - 3 - w, y - h / 2]};
    const first = n.side || 'below';
    const spots = [all[first], ...Object.keys(all).filter(k => k !== first).map(k => all[k])];
    for (const [sx, sy] of spots) {
      const box = [sx, sy, sx + w, sy + h];
      if (box[0] < 0 || box[1] < 0 || box[2] > W || box[3] > H || hits(box, id)) continue;
      add(box, 'label:' + id);
      ctx.lineWidth = Math.max(3, px / 3.5); ctx.strokeStyle = 'rgba(255,255,255,0.92)'; ctx.fillStyle = '#1f1f1f';
      lines.forEach((l, i) => { ctx.strokeText(l, sx + w / 2, sy + i * px * 1.2); });
      lines.forEach((l, i) => { ctx.fillText(l, sx + w / 2, sy + i * px * 1.2); });
      drawn += 1;
      break;
    }
  }
  ctx.restore();
  return drawn;
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
    const nodes = new vis.DataSet(state.nodes.get());
    const net = new vis.Network(holder, {nodes: nodes, edges: state.edges.get()}, opts);
    net.on('afterDrawing', (ctx) => drawLabels(net, nodes, ctx, state.labelPx(), state.data.label_order, []));
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

// fit, with a margin for the captions of the outermost nodes, and no blow-up of a small view
function fitView(net, present) {
  const frame = net.body.container;
  if (frame && frame.clientWidth > 0) net.setSize(frame.clientWidth + 'px', frame.clientHeight + 'px');
  net.fit({animation: false});
  const most = present ? __MAXZOOM__ * 2 : __MAXZOOM__;
  net.moveTo({scale: Math.min(most, net.getScale() * 0.9), animation: false});
}

function frameText(root, data) {
  root.querySelector('.sg-head').textContent = data.frame.title || '';
  root.querySelector('.sg-source').textContent = data.frame.source || '';
  const legend = root.querySelector('.sg-legend');
  legend.textContent = '';
  for (const item of data.frame.legend || []) {
    const sw = document.createElement('span');
    sw.className = 'sw ' + item.shape;
    if (item.shape === 'triangle') sw.style.borderBottomColor = item.color; else sw.style.background = item.color;
    legend.appendChild(sw);
    legend.appendChild(document.createTextNode(item.text));
  }
}

export default function (component) {
  const {data, parentElement, setTriggerValue, setStateValue} = component;
  const root = parentElement.querySelector('.sg-root');
  const canvasEl = root.querySelector('.sg-canvas');
  const status = root.querySelector('.sg-status');
  root.style.height = data.height + 'px';
  let state = root.__sg;
  if (!state) {
    state = root.__sg = {counter: 0, version: null, png: null, canvasEl: canvasEl, present: false,
                         presentAsked: null, touched: false};
    state.labelPx = () => state.present ? state.data.present_px : state.data.label_px;
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
    state.network.on('zoom', () => { state.touched = true; });
    state.network.on('dragEnd', (params) => {
      if (!params.nodes || !params.nodes.length) { state.touched = true; return; }
      const pos = state.network.getPositions(params.nodes);
      const out = {};
      for (const k of params.nodes) out[k] = [Math.round(pos[k].x * 100) / 100, Math.round(pos[k].y * 100) / 100];
      state.send('dragged', out);
    });
    state.network.on('afterDrawing', (ctx) => {
      const drawn = drawLabels(state.network, state.nodes, ctx, state.labelPx(), state.data.label_order,
                               state.network.getSelectedNodes());
      root.dataset.captions = String(drawn);
      if (root.dataset.drawn !== state.version && canvasEl.clientWidth > 0) {
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
    // fit whenever the canvas changes size (a tab shown, the page resized, presentation mode) until the user
    // zooms or pans: a graph drawn while hidden would otherwise show a corner of itself
    state.size = [0, 0];
    new ResizeObserver(() => {
      const size = [canvasEl.clientWidth, canvasEl.clientHeight];
      if (size[0] > 0 && size[1] > 0 && (size[0] !== state.size[0] || size[1] !== state.size[1])) {
        state.size = size;
        if (!state.touched) fitView(state.network, state.present);
        else state.network.setSize(size[0] + 'px', size[1] + 'px');
        state.network.redraw();
      }
    }).observe(canvasEl);
    state.setPresent = (on) => {
      state.present = on;
      root.classList.toggle('sg-present', on);
      root.dataset.present = on ? '1' : '';
      state.touched = false;
      setTimeout(() => { fitView(state.network, state.present); state.network.redraw(); }, 60);
    };
    document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape' && state.present) state.setPresent(false); });
    root.querySelector('.sg-toolbar').addEventListener('click', (ev) => {
      const act = ev.target && ev.target.dataset ? ev.target.dataset.act : null;
      if (act === 'fit') { state.touched = false; fitView(state.network, state.present); }
      if (act === 'in' || act === 'out') {
        state.touched = true;
        state.network.moveTo({scale: state.network.getScale() * (act === 'in' ? 1.25 : 0.8), animation: false});
      }
      if (act === 'present') state.setPresent(!state.present);
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
  frameText(root, data);
  if (state.presentAsked !== data.present) {
    state.presentAsked = data.present;
    if (data.present !== state.present) state.setPresent(!!data.present);
  }
  if (state.version !== data.version) {
    state.started = performance.now();
    state.version = data.version;
    state.touched = false;
    root.dataset.drawn = '';
    root.dataset.stable = '';
    state.network.setOptions(options(data));
    const prepared = prepare(data);
    state.network.setData({nodes: state.nodes, edges: state.edges});
    state.nodes.clear(); state.edges.clear();
    state.nodes.add(prepared.nodes); state.edges.add(prepared.edges);
    fitView(state.network, state.present);
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

    js = JS_TEMPLATE.replace("__VIS__", vis_network_js()).replace("__MAXZOOM__", str(MAX_FIT_ZOOM))
    return st.components.v2.component(COMPONENT_NAME, html=HTML, css=CSS, js=js)


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

