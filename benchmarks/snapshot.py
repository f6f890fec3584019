"""Seconds per figure over the shipped specs, against a baseline measured in the same run: a bare networkx
draw (nx.draw with labels, same positions, same size, PNG) of the same graph. Needs a loaded graph:

    .venv/bin/python benchmarks/snapshot.py            # loads the bundled report into a temporary engine
    .venv/bin/python benchmarks/snapshot.py --repeat 5
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time

import matplotlib

matplotlib.use("Agg")

import networkx as nx  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from smals_graph.app.figures import figure_bytes, render  # noqa: E402
from smals_graph.app.figures.presets import preset  # noqa: E402
from smals_graph.app.figures.snapshot import shipped_specs, spec_view  # noqa: E402


def bare_draw(view, spec) -> bytes:
    size = preset(spec.size)
    fig = Figure(figsize=size.inches, dpi=size.dpi)
    ax = fig.add_subplot()
    graph = nx.Graph()
    graph.add_nodes_from(view.nodes)
    graph.add_edges_from((r.start, r.end) for r in view.relationships.values())
    pos = {k: (x, -y) for k, (x, y) in view.positions.items()}
    nx.draw(graph, pos, ax=ax, with_labels=True, node_size=120, font_size=8,
            labels={k: n.caption for k, n in view.nodes.items()})
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=size.dpi * spec.scale)
    return buffer.getvalue()


def ours(view, spec) -> tuple[bytes, bytes]:
    options = spec.options(view)
    fig = render(view, options)
    return figure_bytes(fig, "png", options), figure_bytes(fig, "svg", options)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from smals_graph.app.cli.main import BUNDLED_REPORT
    from smals_graph.graph_model.embedded import EmbeddedEngine
    from smals_graph.graph_model.store import connect
    from smals_graph.loader.parse import parse_report
    from smals_graph.loader.write import load_dataset

    directory = tempfile.mkdtemp(prefix="smals-bench-")
    engine = EmbeddedEngine(directory)
    engine.ensure_running()
    try:
        store = connect("embedded:", data_dir=directory, graph="bench")
        load_dataset(store, parse_report(BUNDLED_REPORT))
        print(f"{'spec':24} {'nodes':>5} {'size':>14} {'ours PNG+SVG s':>15} {'bare nx PNG s':>14} {'ratio':>6}")
        totals = [0.0, 0.0]
        for spec in shipped_specs():
            view = spec_view(store, spec)
            timings = {"ours": [], "bare": []}
            for _ in range(args.repeat):
                started = time.perf_counter()
                ours(view, spec)
                timings["ours"].append(time.perf_counter() - started)
                started = time.perf_counter()
                bare_draw(view, spec)
                timings["bare"].append(time.perf_counter() - started)
            a, b = statistics.median(timings["ours"]), statistics.median(timings["bare"])
            totals[0] += a
            totals[1] += b
            px = preset(spec.size).pixels(spec.scale)
            print(f"{spec.name:24} {len(view.nodes):5d} {px[0]:>6}x{px[1]:<7} {a:15.3f} {b:14.3f} {a / b:6.2f}")
        n = len(shipped_specs())
        print(f"{'mean per figure':24} {'':5} {'':14} {totals[0] / n:15.3f} {totals[1] / n:14.3f} "
              f"{totals[0] / totals[1]:6.2f}")
        store.close()
    finally:
        engine.stop()


if __name__ == "__main__":
    main()
