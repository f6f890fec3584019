"""Positions computed on the server with networkx, seeded: the same view always looks the same, and the browser
draws with physics off (vis-network's physics needs tens of seconds to settle a few hundred nodes)."""

from __future__ import annotations

import math

import networkx as nx

DEFAULT_SEED = 42
SCALE = 1000.0  # layout coordinates in vis-network pixels
LARGE = 500  # networkx switches to its scipy-based algorithm at this size
SPACING = 60.0  # px between neighbouring nodes in the layered layout


def compute_layout(
    node_ids: list[str],
    edges: list[tuple[str, str]],
    *,
    seed: int = DEFAULT_SEED,
    fixed: dict[str, tuple[float, float]] | None = None,
) -> dict[str, tuple[float, float]]:
    """Deterministic positions (sorted input, seeded spring layout). `fixed` keeps already drawn nodes in place
    when a view is expanded, so expanding never reshuffles the picture."""
    graph = nx.Graph()
    graph.add_nodes_from(sorted(node_ids))
    graph.add_edges_from(sorted((a, b) for a, b in edges if a in graph and b in graph))
    if graph.number_of_nodes() == 0:
        return {}
    if graph.number_of_nodes() == 1:
        return {next(iter(graph.nodes)): (0.0, 0.0)}
    size = graph.number_of_nodes()
    scale = SCALE * max(1.0, math.sqrt(size / 30))
    pos_init = None
    fixed_nodes = None
    if fixed:
        pos_init = {n: (x / scale, y / scale) for n, (x, y) in fixed.items() if n in graph}
        fixed_nodes = list(pos_init) or None
        if not fixed_nodes:
            pos_init = None
    if size >= LARGE and not _has_scipy():
        # networkx's spring layout needs scipy from 500 nodes on; without it, a deterministic O(n) layout
        return layered_layout(graph, fixed=fixed)
    iterations = 50 if size <= 1500 else 25
    positions = nx.spring_layout(graph, seed=seed, k=1.6 / math.sqrt(size), iterations=iterations,
                                 pos=pos_init, fixed=fixed_nodes)
    return {n: (round(float(x) * scale, 2), round(float(y) * scale, 2)) for n, (x, y) in positions.items()}


def _has_scipy() -> bool:
    import importlib.util

    return importlib.util.find_spec("scipy") is not None


def layered_layout(graph: nx.Graph, *, fixed: dict[str, tuple[float, float]] | None = None,
                   spacing: float = SPACING) -> dict[str, tuple[float, float]]:
    """Breadth-first layers around the best-connected node (or around the fixed nodes), each layer on a
    sunflower annulus at even density, ordered by parent angle so children sit beside their parent. O(n log n),
    deterministic; used for views too large for the spring layout."""
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
        layer_index = 0
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
            layer_index += 1
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
