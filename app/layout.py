"""Positions computed on the server with networkx, seeded: the same view always looks the same, and the browser
draws with physics off (vis-network's physics needs tens of seconds to settle a few hundred nodes)."""

from __future__ import annotations

import math

import networkx as nx

DEFAULT_SEED = 42
SCALE = 1000.0  # layout coordinates in vis-network pixels


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
    iterations = 50 if size <= 1500 else 25
    positions = nx.spring_layout(graph, seed=seed, k=1.6 / math.sqrt(size), iterations=iterations,
                                 pos=pos_init, fixed=fixed_nodes)
    return {n: (round(float(x) * scale, 2), round(float(y) * scale, 2)) for n, (x, y) in positions.items()}
