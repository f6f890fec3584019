"""Positions computed on the server, seeded and deterministic: the same view always looks the same, the browser
draws with physics off, and the figures use the very same coordinates.

The layout follows the shape of the view (`choose_kind`):

- **radial**: one node's neighbourhood (Explore, one component): the centre in the middle, then one ring per
  (distance, label) — projects on the first ring, their clients on the next — each node at the angle of the
  neighbours it hangs from (barycentre sweeps), rings wide enough for their captions;
- **layered**: member ↔ project ↔ component views: one column per label layer (or per side of two poles, for
  "what do A and B share"), ordered by barycentre sweeps to reduce edge crossings;
- **community**: the whole ecosystem: seeded Louvain communities, each a radial cluster around its
  best-connected node, the clusters packed row by row into the slide's shape, biggest first.

Every kind ends with the same overlap removal, which knows each node's box — its marker and its caption,
measured with the screen's font (DejaVu Sans, `style.SCREEN_LABEL_PX`) — so no marker sits on another (hubs are
never on top of their neighbours) and, at zoom 1, no caption covers another. Coordinates are vis-network pixels.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict, deque
from collections.abc import Iterable

import networkx as nx

DEFAULT_SEED = 42
SCALE = 1000.0  # spring/community layouts: coordinates in vis-network pixels
LARGE = 500  # above this, the O(n) sunflower layout (the others are quadratic)
SPACING = 60.0  # px between neighbouring nodes in the sunflower layout
KINDS = ("auto", "radial", "layered", "community", "spring")
# column of each label in the layered layout: members | projects | components | technologies
LAYER_OF_LABEL = {"Member": 0, "Organization": 0, "Problem": 1, "Project": 1, "Service": 2, "Technology": 3,
                  "Edition": 4}
RING_GAP = 70.0  # px between consecutive rings of the radial layout
RING_ROOM = 1.5  # rings this much longer than their boxes need: room for the larger captions of a figure
COLUMN_GAP = 420.0  # px between columns of the layered layout
MAX_LAYER_ROWS = 40  # a taller column would not read on a slide: such views get the community layout
BOX_MARGIN = 6.0  # px kept free around every node box by the overlap removal

Box = tuple[float, float, float, float]  # extents from the node centre: left, right, up, down (px, y down)


def choose_kind(graph: nx.Graph, labels: dict[str, str], centre: str | None = None,
                poles: tuple[str, str] | None = None) -> str:
    """radial around a centre; layered when every edge joins two different label layers; else community."""
    if poles and all(p in graph for p in poles):
        return "layered"
    if centre is not None and centre in graph:
        return "radial"
    layers = {LAYER_OF_LABEL.get(labels.get(n, ""), 5) for n in graph}
    crossing = all(LAYER_OF_LABEL.get(labels.get(a, ""), 5) != LAYER_OF_LABEL.get(labels.get(b, ""), 5)
                   for a, b in graph.edges)
    tallest = max(Counter(LAYER_OF_LABEL.get(labels.get(n, ""), 5) for n in graph).values())
    if len(layers) >= 2 and crossing and tallest <= MAX_LAYER_ROWS:
        return "layered"
    return "community"


def resolve_kind(node_ids: list[str], edges: list[tuple[str, str]], labels: dict[str, str], kind: str = "auto",
                 centre: str | None = None, poles: tuple[str, str] | None = None) -> str:
    """The layout `compute_layout` uses for these inputs ("auto" resolved)."""
    if kind != "auto":
        return kind
    graph = nx.Graph()
    graph.add_nodes_from(node_ids)
    graph.add_edges_from((a, b) for a, b in edges if a in graph and b in graph and a != b)
    return choose_kind(graph, labels, centre, poles)


def compute_layout(
    node_ids: list[str],
    edges: list[tuple[str, str]],
    *,
    seed: int = DEFAULT_SEED,
    fixed: dict[str, tuple[float, float]] | None = None,
    kind: str = "auto",
    labels: dict[str, str] | None = None,
    boxes: dict[str, Box] | None = None,
    centre: str | None = None,
    poles: tuple[str, str] | None = None,
) -> dict[str, tuple[float, float]]:
    """Deterministic positions. `fixed` keeps already drawn nodes in place when a view is expanded, so expanding
    never reshuffles the picture: the new nodes are placed around the node they hang from."""
    graph = nx.Graph()
    graph.add_nodes_from(sorted(node_ids))
    graph.add_edges_from(sorted((a, b) for a, b in edges if a in graph and b in graph and a != b))
    labels = labels or {}
    boxes = {n: (boxes or {}).get(n, (12.0, 12.0, 12.0, 12.0)) for n in graph}
    if graph.number_of_nodes() == 0:
        return {}
    if graph.number_of_nodes() == 1:
        return {next(iter(graph.nodes)): (0.0, 0.0)}
    fixed = {n: p for n, p in (fixed or {}).items() if n in graph}
    if graph.number_of_nodes() >= LARGE:
        return sunflower_layout(graph, fixed=fixed)
    if fixed:
        positions = _around_fixed(graph, fixed, boxes)
    else:
        if kind == "auto":
            kind = choose_kind(graph, labels, centre, poles)
        if kind == "radial":
            hub = centre if centre is not None and centre in graph else _hub(graph)
            positions = radial_layout(graph, hub, labels, boxes, seed)
        elif kind == "layered":
            positions = layered_layout(graph, labels, boxes, poles=poles, seed=seed,
                                       root=centre if centre in graph and not poles else None)
        elif kind == "community":
            positions = community_layout(graph, boxes, seed=seed)
        else:
            positions = _spring(graph, seed)
    positions = remove_overlaps(positions, boxes, immovable=set(fixed))
    return {n: (round(float(x), 2), round(float(y), 2)) for n, (x, y) in sorted(positions.items())}


def _ties(graph: nx.Graph, seed: int) -> dict[str, int]:
    """A seeded order of the nodes, for tie-breaks: another seed, another (equally good) picture."""
    import random

    order = sorted(graph.nodes)
    random.Random(seed).shuffle(order)
    return {n: i for i, n in enumerate(order)}


def _hub(graph: nx.Graph) -> str:
    return max(sorted(graph.nodes), key=graph.degree)


def _spring(graph: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    size = graph.number_of_nodes()
    scale = SCALE * max(1.0, math.sqrt(size / 30))
    positions = nx.spring_layout(graph, seed=seed, k=1.6 / math.sqrt(size), iterations=50)
    return {n: (float(x) * scale, float(y) * scale) for n, (x, y) in positions.items()}


# -------------------------------------------------------------------------------------------------- radial
def radial_layout(graph: nx.Graph, centre: str, labels: dict[str, str], boxes: dict[str, Box],
                  seed: int = DEFAULT_SEED) -> dict[str, tuple[float, float]]:
    """One ring per distance from the centre, angles by barycentre of the inner neighbours; on the first ring
    the nodes are grouped by label, hubs in the middle of each group."""
    tie = _ties(graph, seed)
    distance = nx.single_source_shortest_path_length(graph, centre)
    far = max(distance.values(), default=0) + 1
    rings: dict[tuple[int, int, str], list[str]] = defaultdict(list)
    for n in sorted(graph.nodes):
        if n == centre:
            continue
        # one ring per distance: a label with few nodes at that distance shares its ring with the others
        rings[(distance.get(n, far), 0, "")].append(n)
    positions: dict[str, tuple[float, float]] = {centre: (0.0, 0.0)}
    angle: dict[str, float] = {centre: 0.0}
    radius = _reach(boxes[centre])
    order = sorted(rings)
    ring_of: dict[str, int] = {}
    for i, key in enumerate(order):
        for n in rings[key]:
            ring_of[n] = i
    # first pass: each ring sorted by the barycentre of its inner neighbours, second pass by all neighbours
    for sweep in range(3):
        for i, key in enumerate(order):
            members = rings[key]
            if sweep == 0 and i == 0:
                # the first ring: hubs in the middle of the ring's order, ties broken by the seed
                groups: dict[str, list[str]] = defaultdict(list)
                for n in sorted(members, key=lambda n: (-graph.degree(n), tie[n])):
                    groups[labels.get(n, "")].append(n)
                members[:] = [n for label in sorted(groups, key=lambda lab: (LAYER_OF_LABEL.get(lab, 5), lab))
                              for n in _alternate(groups[label])]
            else:
                def target(n: str, i: int = i, sweep: int = sweep) -> float:
                    around = [angle[m] for m in graph.neighbors(n) if m in angle and m != centre
                              and (sweep > 0 or ring_of.get(m, -1) < i)]
                    return _circular_mean(around) if around else angle.get(n, math.pi)
                members.sort(key=lambda n: (target(n), n))
            count = len(members)
            for j, n in enumerate(members):
                angle[n] = 2 * math.pi * j / count - math.pi / 2 + (math.pi / count if i % 2 else 0.0)
    turn = ((seed - DEFAULT_SEED) % 8) * math.pi / 4  # another seed, the same rings turned
    for key in order:
        members = rings[key]
        count = len(members)
        widest = max(boxes[n][0] + boxes[n][1] for n in members)
        tallest = max(boxes[n][2] + boxes[n][3] for n in members)
        # the perimeter must hold every box: at the top and bottom of a ring neighbours sit side by side, at
        # the sides one above the other
        needed = RING_ROOM * count * (0.5 * widest + 0.5 * tallest + BOX_MARGIN) / (2 * math.pi)
        inner = radius + RING_GAP + max(_reach(boxes[n]) for n in members)
        r = max(inner, needed)
        for n in members:
            positions[n] = (r * math.cos(angle[n] + turn), r * math.sin(angle[n] + turn))
        radius = r + max(_reach(boxes[n]) for n in members)
    return positions


def _alternate(items: list[str]) -> list[str]:
    """[a, b, c, d, e] -> [d, b, a, c, e]: the first items in the middle."""
    left: deque[str] = deque()
    for i, item in enumerate(items):
        if i % 2:
            left.appendleft(item)
        else:
            left.append(item)
    return list(left)


def _circular_mean(angles: Iterable[float]) -> float:
    angles = list(angles)
    x = sum(math.cos(a) for a in angles)
    y = sum(math.sin(a) for a in angles)
    return math.atan2(y, x) if (x or y) else angles[0]


def _reach(box: Box) -> float:
    return max(box) if box else 12.0


# -------------------------------------------------------------------------------------------------- layered
def layered_layout(graph: nx.Graph, labels: dict[str, str], boxes: dict[str, Box], *,
                   poles: tuple[str, str] | None = None, sweeps: int = 12,
                   seed: int = DEFAULT_SEED, root: str | None = None) -> dict[str, tuple[float, float]]:
    """Columns by label layer (or by side between two poles, or by distance from a root: a member, its
    projects, then their components and partners), rows ordered by barycentre sweeps (the starting order, and
    so the ties, come from the seed)."""
    tie = _ties(graph, seed)
    if poles:
        layer = _pole_layers(graph, poles)
    elif root is not None:
        distance = nx.single_source_shortest_path_length(graph, root)
        far = max(distance.values()) + 1
        layer = {n: distance.get(n, far) for n in graph}
    else:
        layer = {n: LAYER_OF_LABEL.get(labels.get(n, ""), 5) for n in graph}
    used = sorted(set(layer.values()))
    column = {v: i for i, v in enumerate(used)}
    columns: list[list[str]] = [[] for _ in used]
    for n in sorted(graph.nodes, key=lambda n: (labels.get(n, ""), tie[n])):
        columns[column[layer[n]]].append(n)
    rank: dict[str, float] = {}

    def assign(col: list[str]) -> None:
        for i, n in enumerate(col):
            rank[n] = (i + 0.5) / len(col)

    for col in columns:
        assign(col)
    for sweep in range(sweeps):
        sequence = range(len(columns)) if sweep % 2 == 0 else range(len(columns) - 1, -1, -1)
        for c in sequence:
            col = columns[c]

            def bary(n: str) -> float:
                around = [rank[m] for m in graph.neighbors(n)]
                return sum(around) / len(around) if around else 2.0  # linked to nothing: grouped at the end
            col.sort(key=lambda n: (bary(n), rank[n], tie[n]))
            assign(col)
    rows = max(len(col) for col in columns)
    row_px = max(boxes[n][2] + boxes[n][3] + BOX_MARGIN for n in graph)
    height = max(rows * row_px, 300.0)
    widest = {c: max(boxes[n][0] + boxes[n][1] for n in col) for c, col in enumerate(columns)}
    positions: dict[str, tuple[float, float]] = {}
    x = 0.0
    if (seed - DEFAULT_SEED) % 2:  # another seed, another equally good picture: the rows upside down
        columns = [col[::-1] for col in columns]
    for c, col in enumerate(columns):
        if c:
            x += max(COLUMN_GAP, 0.5 * (widest[c - 1] + widest[c]) + 60, height * 16 / 9 / max(1, len(columns) - 1))
        for i, n in enumerate(col):
            positions[n] = (x, (i + 0.5) / len(col) * height - height / 2)
    return positions


def caption_sides(positions: dict[str, tuple[float, float]], kind: str) -> dict[str, str]:
    """Where each caption goes first, on screen and in figures. Layered views: outside the first and last
    columns, and in between on the side facing the middle, away from the edges that come from the outer
    columns; the middle column and the other layouts: below the node."""
    if kind != "layered" or not positions:
        return {}
    columns = sorted({round(x, 1) for x, _ in positions.values()})
    middle = (columns[0] + columns[-1]) / 2
    out = {}
    for n, (x, _) in positions.items():
        x = round(x, 1)
        if x == columns[0]:
            out[n] = "left"
        elif x == columns[-1]:
            out[n] = "right"
        elif abs(x - middle) < 1:
            out[n] = "below"
        else:
            out[n] = "right" if x < middle else "left"
    return out


def _pole_layers(graph: nx.Graph, poles: tuple[str, str]) -> dict[str, int]:
    """Two poles at the ends, each other node in the column of (distance to the first - distance to the second):
    what only the first reaches on its side, what both reach equally in the middle; the poles one column
    further out than anything else."""
    a, b = poles
    da = nx.single_source_shortest_path_length(graph, a)
    db = nx.single_source_shortest_path_length(graph, b)
    far = graph.number_of_nodes()
    layer = {n: da.get(n, far) - db.get(n, far) for n in graph if n not in poles}
    layer[a] = min(layer.values(), default=0) - 1
    layer[b] = max(layer.values(), default=0) + 1
    return layer


# -------------------------------------------------------------------------------------------------- community
def community_layout(graph: nx.Graph, boxes: dict[str, Box], *, seed: int,
                     aspect: float = 4 / 3) -> dict[str, tuple[float, float]]:
    """Louvain communities (seeded), each drawn as a radial cluster around its best-connected node, the clusters
    packed row by row into a rectangle of the slide's shape, biggest first: groups read as groups, and the
    few edges between communities run between neighbouring clusters."""
    parts = nx.community.louvain_communities(graph, seed=seed)
    parts = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    clusters = []
    for part in parts:
        sub = graph.subgraph(part)
        hub = _hub(sub)
        local = radial_layout(sub, hub, {}, boxes, seed) if len(part) > 1 else {hub: (0.0, 0.0)}
        local = remove_overlaps(local, boxes)
        x0 = min(x - boxes[n][0] for n, (x, y) in local.items())
        x1 = max(x + boxes[n][1] for n, (x, y) in local.items())
        y0 = min(y - boxes[n][2] for n, (x, y) in local.items())
        y1 = max(y + boxes[n][3] for n, (x, y) in local.items())
        clusters.append((local, x0, y0, x1 - x0, y1 - y0))
    area = sum(w * h for _, _, _, w, h in clusters)
    row_width = max(max(w for _, _, _, w, _ in clusters), math.sqrt(area * aspect) * 1.15)
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    gap = RING_GAP
    for local, x0, y0, w, h in sorted(clusters, key=lambda c: (-c[4], -c[3], min(c[0]))):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for n, (px, py) in local.items():
            positions[n] = (x - x0 + px, y - y0 + py)
        x += w + gap
        row_height = max(row_height, h)
    return positions


# -------------------------------------------------------------------------------------------------- expansion
def _around_fixed(graph: nx.Graph, fixed: dict[str, tuple[float, float]],
                  boxes: dict[str, Box]) -> dict[str, tuple[float, float]]:
    """New nodes on an arc around the fixed node they hang from, facing away from the picture's centre."""
    positions = dict(fixed)
    cx = sum(p[0] for p in fixed.values()) / len(fixed)
    cy = sum(p[1] for p in fixed.values()) / len(fixed)
    pending = [n for n in sorted(graph.nodes) if n not in positions]
    while pending:
        by_parent: dict[str, list[str]] = defaultdict(list)
        orphans: list[str] = []
        for n in pending:
            parents = sorted((m for m in graph.neighbors(n) if m in positions),
                             key=lambda m: (-graph.degree(m), m))
            (by_parent[parents[0]] if parents else orphans).append(n)
        if not by_parent:
            by_parent[max(positions, key=lambda m: (graph.degree(m), m))] = orphans
            orphans = []
        for parent, children in sorted(by_parent.items()):
            px, py = positions[parent]
            out = math.atan2(py - cy, px - cx) if (px, py) != (cx, cy) else 0.0
            count = len(children)
            arc = min(2 * math.pi, math.pi * (0.6 + count / 8))
            widest = max(boxes[n][0] + boxes[n][1] for n in children)
            r = max(RING_GAP * 2.2, count * (0.6 * widest + BOX_MARGIN) / max(arc, 1e-6))
            for j, n in enumerate(children):
                a = out + arc * ((j + 0.5) / count - 0.5)
                positions[n] = (px + r * math.cos(a), py + r * math.sin(a))
        pending = orphans
    return positions


# -------------------------------------------------------------------------------------------------- overlaps
def remove_overlaps(positions: dict[str, tuple[float, float]], boxes: dict[str, Box], *,
                    immovable: set[str] | frozenset[str] = frozenset(), margin: float = BOX_MARGIN,
                    iterations: int = 80) -> dict[str, tuple[float, float]]:
    """Push overlapping node boxes apart along the axis of least overlap until none overlaps (or the iterations
    run out). Pairs are found through a uniform grid (a spatial index), not by testing all pairs."""
    pos = {n: [float(x), float(y)] for n, (x, y) in positions.items()}
    ids = sorted(pos)
    if len(ids) < 2:
        return {n: (p[0], p[1]) for n, p in pos.items()}
    cell = max(20.0, sorted(boxes[n][0] + boxes[n][1] for n in ids)[len(ids) // 2] + margin)
    for _ in range(iterations):
        rects = {n: (pos[n][0] - boxes[n][0] - margin / 2, pos[n][1] - boxes[n][2] - margin / 2,
                     pos[n][0] + boxes[n][1] + margin / 2, pos[n][1] + boxes[n][3] + margin / 2) for n in ids}
        moved = False
        for a, b in grid_pairs(rects, cell):
            ra, rb = rects[a], rects[b]
            ox = min(ra[2], rb[2]) - max(ra[0], rb[0])
            oy = min(ra[3], rb[3]) - max(ra[1], rb[1])
            if ox <= 0 or oy <= 0:
                continue
            fa, fb = (a not in immovable), (b not in immovable)
            if not (fa or fb):
                continue
            share_a = 0.5 if fa and fb else (1.0 if fa else 0.0)
            share_b = 1.0 - share_a
            if ox < oy:
                sign = 1.0 if (pos[a][0], a) < (pos[b][0], b) else -1.0
                pos[a][0] -= sign * ox * share_a
                pos[b][0] += sign * ox * share_b
            else:
                sign = 1.0 if (pos[a][1], a) < (pos[b][1], b) else -1.0
                pos[a][1] -= sign * oy * share_a
                pos[b][1] += sign * oy * share_b
            moved = True
            rects[a] = (pos[a][0] - boxes[a][0] - margin / 2, pos[a][1] - boxes[a][2] - margin / 2,
                        pos[a][0] + boxes[a][1] + margin / 2, pos[a][1] + boxes[a][3] + margin / 2)
            rects[b] = (pos[b][0] - boxes[b][0] - margin / 2, pos[b][1] - boxes[b][2] - margin / 2,
                        pos[b][0] + boxes[b][1] + margin / 2, pos[b][1] + boxes[b][3] + margin / 2)
        if not moved:
            break
    return {n: (p[0], p[1]) for n, p in pos.items()}


def grid_pairs(rects: dict[str, tuple[float, float, float, float]], cell: float) -> list[tuple[str, str]]:
    """Candidate pairs of rectangles (x0, y0, x1, y1) sharing a grid cell, each pair once, in a stable order."""
    grid: dict[tuple[int, int], list[str]] = defaultdict(list)
    for n in sorted(rects):
        x0, y0, x1, y1 = rects[n]
        for gx in range(math.floor(x0 / cell), math.floor(x1 / cell) + 1):
            for gy in range(math.floor(y0 / cell), math.floor(y1 / cell) + 1):
                grid[(gx, gy)].append(n)
    pairs: set[tuple[str, str]] = set()
    for members in grid.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pairs.add((a, b) if a < b else (b, a))
    return sorted(pairs)


# -------------------------------------------------------------------------------------------------- large views
def sunflower_layout(graph: nx.Graph, *, fixed: dict[str, tuple[float, float]] | None = None,
                     spacing: float = SPACING) -> dict[str, tuple[float, float]]:
    """Breadth-first layers around the best-connected node (or around the fixed nodes), each layer on a
    sunflower annulus at even density, ordered by parent angle so children sit beside their parent. O(n log n),
    deterministic; used for views too large for the other layouts."""
    fixed = {n: p for n, p in (fixed or {}).items() if n in graph}
    positions: dict[str, tuple[float, float]] = dict(fixed)
    placed_radius = max((math.hypot(x, y) for x, y in fixed.values()), default=0.0)
    golden = math.pi * (3 - math.sqrt(5))
    remaining = set(graph.nodes) - set(fixed)
    while remaining:
        if positions:
            frontier = [n for n in positions if n in graph]
        else:
            root = max(sorted(remaining), key=graph.degree)
            positions[root] = (0.0, 0.0)
            remaining.discard(root)
            frontier = [root]
        seen = set(positions)
        while frontier and remaining:
            layer: list[tuple[float, str]] = []
            for parent in frontier:
                px, py = positions[parent]
                angle = math.atan2(py, px)
                for child in sorted(graph.neighbors(parent)):
                    if child not in seen:
                        seen.add(child)
                        layer.append((angle, child))
            if not layer:
                break
            layer.sort()
            inner = placed_radius + spacing * 2
            count = len(layer)
            # annulus area for `count` nodes at `spacing` density
            outer = math.sqrt(inner * inner + count * spacing * spacing / math.pi)
            for i, (_, node) in enumerate(layer):
                r = math.sqrt(inner * inner + (outer * outer - inner * inner) * (i + 0.5) / count)
                theta = i * golden if count > 64 else 2 * math.pi * i / count
                positions[node] = (round(r * math.cos(theta), 2), round(r * math.sin(theta), 2))
                remaining.discard(node)
            placed_radius = outer
            frontier = [node for _, node in layer]
        if remaining and not frontier:
            continue
        if remaining:  # another connected component: start a new centre outside what is drawn
            root = max(sorted(remaining), key=graph.degree)
            offset = placed_radius + spacing * 3
            positions[root] = (round(offset, 2), 0.0)
            remaining.discard(root)
            placed_radius = offset
    return positions

__all__ = ["BOX_MARGIN", "Box", "COLUMN_GAP", "DEFAULT_SEED", "KINDS", "LARGE", "LAYER_OF_LABEL",
    "MAX_LAYER_ROWS", "RING_GAP", "RING_ROOM", "SCALE", "SPACING", "caption_sides", "choose_kind",
    "community_layout", "compute_layout", "grid_pairs", "layered_layout", "radial_layout", "remove_overlaps",
    "resolve_kind", "sunflower_layout"]
