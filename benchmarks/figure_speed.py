"""Seconds to render each shipped graph figure as the app does after the click (drawing + SVG, the slowest
format), with today's renderer (edge routing, regions) and the renderer before issue 21 (straight edges), in the
same run, on the same views: the ratio says what the routing costs. The old renderer is read from git
(`--base`, default the commit before issue 21) into a module of its own. Needs nothing running: the bundled
report is loaded into a temporary engine.

    .venv/bin/python benchmarks/figure_speed.py             # median of 3 runs per figure
    .venv/bin/python benchmarks/figure_speed.py --repeat 5
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import matplotlib

matplotlib.use("Agg")

from smals_graph.app.figures.snapshot import shipped_specs, spec_view  # noqa: E402

today = importlib.import_module("smals_graph.app.figures.render")  # the module (the package exports a function)

ROOT = Path(__file__).resolve().parents[1]
BASE = "7cd82eb"  # the branch point of issue 21: straight edges, no routing
GOAL_S = 3.0


def old_renderer(commit: str) -> ModuleType:
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:app/figures/render.py"], check=True,
                            capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp(prefix="smals-old-render-")) / "render_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("render_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["render_before"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def seconds(renderer: ModuleType, view: Any, options: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        renderer.figure_bytes(renderer.render(view, options), "svg", options)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--base", default=BASE)
    args = parser.parse_args()
    from smals_graph.graph_model.connect import connect
    from smals_graph.graph_model.embedded import EmbeddedEngine
    from smals_graph.loader.knowledge import BUNDLED_REPORT
    from smals_graph.loader.parse import parse_report
    from smals_graph.loader.write import load_dataset

    before = old_renderer(args.base)
    directory = tempfile.mkdtemp(prefix="smals-bench-")
    engine = EmbeddedEngine(directory)
    engine.ensure_running()
    try:
        store = connect("embedded:", data_dir=directory, graph="bench")
        load_dataset(store, parse_report(BUNDLED_REPORT))
        print(f"{'figure':26} {'nodes':>5} {'edges':>5} {'today s':>8} {'before s':>8} {'ratio':>6}")
        slow = []
        for spec in shipped_specs():
            if spec.chart:
                continue
            view = spec_view(store, spec)
            new = seconds(today, view, spec.options(view), args.repeat)
            old = seconds(before, view, spec.options(view), args.repeat)
            print(f"{spec.name:26} {len(view.nodes):5d} {len(view.relationships):5d} {new:8.2f} {old:8.2f} "
                  f"{new / old:6.2f}", flush=True)
            if new > GOAL_S:
                slow.append(spec.name)
        print(f"over {GOAL_S:.0f} s: {', '.join(slow) or 'none'}")
        store.close()
    finally:
        engine.stop()


if __name__ == "__main__":
    sys.exit(main())
