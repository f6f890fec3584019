"""Slide figures: seconds per shipped spec (layout + drawing + PNG and SVG at the spec's scale), and readability
measured on the rendered output (smals_graph.app.figures.readability) against networkx's default
`draw_networkx` of the same graph, same positions, same size, in the same run. Also the Explore views of the 20
best-connected nodes. Needs nothing running: the bundled report is loaded into a temporary engine.

    .venv/bin/python benchmarks/snapshot.py            # median of 3 runs per figure
    .venv/bin/python benchmarks/snapshot.py --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from smals_graph.app.figures import FigureOptions, figure_bytes, render  # noqa: E402
from smals_graph.app.figures.readability import measure  # noqa: E402
from smals_graph.app.figures.snapshot import shipped_specs, spec_chart, spec_view  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "figures"))
from figure_baseline import networkx_default_figure  # noqa: E402

TOP_DEGREE_CYPHER = (
    "MATCH (n)-[r]-() WHERE NOT n:Problem AND NOT n:Edition "
    "RETURN n.id AS key, count(r) AS degree ORDER BY degree DESC, key LIMIT 20"
)
COLUMNS = ("label_label", "label_node", "node_node", "labels_cut", "edges_crossing_labels", "smallest_caption_pt")
SHORT = ("L-L", "L-N", "N-N", "cut", "E-L", "min pt")


def metric_cells(found) -> str:
    return " ".join(f"{getattr(found, c):>6g}" if isinstance(getattr(found, c), float) else f"{getattr(found, c):>5d}"
                    for c in COLUMNS)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from smals_graph.graph_model.connect import connect
    from smals_graph.graph_model.embedded import EmbeddedEngine
    from smals_graph.loader.knowledge import BUNDLED_REPORT
    from smals_graph.loader.parse import parse_report
    from smals_graph.loader.write import load_dataset

    directory = tempfile.mkdtemp(prefix="smals-bench-")
    engine = EmbeddedEngine(directory)
    engine.ensure_running()
    try:
        store = connect("embedded:", data_dir=directory, graph="bench")
        load_dataset(store, parse_report(BUNDLED_REPORT))
        head = " ".join(f"{h:>5}" for h in SHORT)
        print(f"{'figure':34} {'nodes':>5} {'seconds':>8}   ours: {head}   | networkx default: {head}")
        totals = {"ours": [0] * 3, "nx": [0] * 3}
        slowest = 0.0
        for spec in shipped_specs():
            timings = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                if spec.chart:
                    fig, options = spec_chart(store, spec)
                else:
                    view = spec_view(store, spec)
                    options = spec.options(view)
                    fig = render(view, options)
                figure_bytes(fig, "png", options)
                figure_bytes(fig, "svg", options)
                timings.append(time.perf_counter() - started)
            seconds = statistics.median(timings)
            slowest = max(slowest, seconds)
            if spec.chart:
                print(f"{spec.name:34} {'chart':>5} {seconds:8.2f}")
                continue
            ours = measure(fig)
            theirs = measure(networkx_default_figure(view, spec.size))
            for i, c in enumerate(COLUMNS[:3]):
                totals["ours"][i] += getattr(ours, c)
                totals["nx"][i] += getattr(theirs, c)
            print(f"{spec.name:34} {len(view.nodes):5d} {seconds:8.2f}   ours: {metric_cells(ours)}   "
                  f"| networkx default: {metric_cells(theirs)}")
        from smals_graph.app.view_model.explore_view import ExploreState, build

        for (key,) in ((row[0],) for row in store.read(TOP_DEGREE_CYPHER).rows):
            started = time.perf_counter()
            view = build(store, ExploreState(node=key)).view
            fig = render(view, FigureOptions())
            figure_bytes(fig, "png", FigureOptions())
            seconds = time.perf_counter() - started
            slowest = max(slowest, seconds)
            ours = measure(fig)
            theirs = measure(networkx_default_figure(view, "slide-16x9"))
            for i, c in enumerate(COLUMNS[:3]):
                totals["ours"][i] += getattr(ours, c)
                totals["nx"][i] += getattr(theirs, c)
            print(f"{'explore ' + key:34} {len(view.nodes):5d} {seconds:8.2f}   ours: {metric_cells(ours)}   "
                  f"| networkx default: {metric_cells(theirs)}")
        print(f"total overlaps (L-L, L-N, N-N): ours {tuple(totals['ours'])}, networkx default "
              f"{tuple(totals['nx'])}; slowest figure {slowest:.2f} s (goal < 3 s)")
        store.close()
    finally:
        engine.stop()


if __name__ == "__main__":
    main()
