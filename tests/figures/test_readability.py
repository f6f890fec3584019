"""Readability measured on the rendered figures (smals_graph.app.figures.readability): no caption on a caption,
no caption on a node, no node on a node, for every shipped spec and for the Explore views of the 20
best-connected nodes of the real report. The other measures are printed (`pytest -s`)."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from smals_graph.app.figures import FigureOptions, render
from smals_graph.app.figures.readability import ZERO_KEYS, measure
from smals_graph.app.figures.snapshot import render_spec, shipped_specs, spec_view
from smals_graph.app.view_model.explore_view import ExploreState, build
from smals_graph.app.view_model.view import GraphView

TOP_DEGREE_CYPHER = (
    "MATCH (n)-[r]-() WHERE NOT n:Problem AND NOT n:Edition "
    "RETURN n.id AS key, count(r) AS degree ORDER BY degree DESC, key LIMIT 20"
)


def test_metric_counts_what_it_sees():
    """A hand-made figure with one label on a label, one label on a node and one node on a node."""
    fig = Figure(figsize=(4, 3), dpi=100)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 400)
    ax.set_ylim(0, 300)
    # two markers 5 px apart with 10 px radius: they overlap; a third far away
    ax.scatter([100, 105, 300], [100, 100, 250], s=[400, 400, 400], gid="figure-nodes-0")
    ax.text(200, 200, "first", fontsize=10, gid="node-label-0")
    ax.text(205, 202, "second", fontsize=10, gid="node-label-1")  # on "first"
    ax.text(300, 250, "on a node", fontsize=10, gid="node-label-2", ha="center", va="center")
    ax.text(20, 20, "Modernisation…", fontsize=6, gid="node-label-3")
    from matplotlib.collections import LineCollection

    ax.add_collection(LineCollection([[(190, 205), (260, 205)]], gid="figure-edges"))  # through two captions
    found = measure(fig)
    assert (found.label_label, found.label_node, found.node_node) == (1, 1, 1)
    assert found.labels_cut == 1 and found.edges_crossing_labels == 2
    assert found.smallest_caption_pt == 6


def _check(name: str, fig: Figure) -> None:
    found = measure(fig)
    print(f"{name:40} {found.line()}")
    assert {k: getattr(found, k) for k in ZERO_KEYS} == dict.fromkeys(ZERO_KEYS, 0), f"{name}: {found.line()}"
    assert found.captions > 0


@pytest.mark.parametrize("spec", [s for s in shipped_specs() if not s.chart], ids=lambda s: s.name)
def test_every_shipped_graph_figure_is_readable(loaded_store, spec):
    view = spec_view(loaded_store, spec)
    _check(spec.name, render(view, spec.options(view)))


def test_the_20_best_connected_explore_views_are_readable(loaded_store):
    keys = [row[0] for row in loaded_store.read(TOP_DEGREE_CYPHER).rows]
    assert len(keys) == 20
    for key in keys:
        result = build(loaded_store, ExploreState(node=key))
        view = result.view
        view.title = f"Explore: {view.title}"
        _check(f"explore {key} ({len(view.nodes)} nodes)", render(view, FigureOptions()))


def test_networkx_default_drawing_is_measured_the_same_way(small_store):
    """The comparison the benchmark prints: networkx's draw_networkx of the same graph and positions."""
    from figure_baseline import networkx_default_figure

    result = small_store.read("MATCH (a)-[r]->(b) WHERE NOT a:Problem RETURN a, r, b")
    view = GraphView.from_result(result, title="small")
    found = measure(networkx_default_figure(view, "slide-16x9"))
    ours = measure(render(view, FigureOptions()))
    assert found.nodes == ours.nodes == len(view.nodes)
    assert found.captions == len(view.nodes)


def test_chart_specs_render(loaded_store, tmp_path):
    from PIL import Image

    for spec in [s for s in shipped_specs() if s.chart]:
        paths = render_spec(loaded_store, spec, tmp_path, formats=("svg", "png"), scale=1)
        svg = paths[0].read_text(encoding="utf-8")
        assert "Source: Smals, Rapport d'activités 2025" in svg
        assert Image.open(paths[1]).size == (1920, 1080)
    heat = (tmp_path / "member-components.svg").read_text(encoding="utf-8")
    assert "ONSS" in heat and "Wave" in heat  # both axes labelled



