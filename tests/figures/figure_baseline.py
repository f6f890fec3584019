"""networkx's default drawing of a view (the baseline of the readability comparison), shared by the tests and
benchmarks/snapshot.py."""

from __future__ import annotations

import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from smals_graph.app.figures.presets import preset


def networkx_default_figure(view, size: str) -> Figure:
    """draw_networkx with its defaults, the view's positions and captions, at the preset's size."""
    spec = preset(size)
    fig = Figure(figsize=spec.inches, dpi=spec.dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    graph = nx.Graph()
    graph.add_nodes_from(view.nodes)
    graph.add_edges_from((r.start, r.end) for r in view.relationships.values() if r.start != r.end)
    pos = {k: (x, -y) for k, (x, y) in view.positions.items()}
    nx.draw_networkx(graph, pos, ax=ax, labels={k: n.caption for k, n in view.nodes.items()})
    return fig
