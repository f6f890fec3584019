// The graph widget's script: graph_widget.py puts vis-network and the fit zoom in its two placeholders.
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
