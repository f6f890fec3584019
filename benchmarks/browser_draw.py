"""Time from request to a stable drawing of a neighbourhood in headless Chromium, through the app's own graph
widget (vis-network inlined, positions from app/layout.py, physics off, straight edges).

    .venv/bin/python benchmarks/browser_draw.py [--sizes 100,1000,3000] [--repeat 2]

A tiny Streamlit page (written to a temporary directory) draws a deterministic graph of N nodes and 2N edges
(labels Member/Project/Technology/Service); each case is a fresh page load of that URL, timed from
`page.goto` to the moment the widget marks the drawing stable (`data-stable` = the drawing's version: the first
frame with physics off, vis-network's `stabilized` event with physics on). Baselines measured in the same run:
vis-network's defaults (physics on, dynamic curved edges) at 100 nodes, and curved edges with physics off.
Every non-loopback request is blocked and counted (must be 0).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from harness import GRAPH_ROOT_JS, Browser, streamlit_server, wait_ready  # noqa: E402

PAGE = '''
import random, time
import streamlit as st
from smals_graph.graph_model.results import Node, Relationship
from smals_graph.app.view_model.view import GraphView
from smals_graph.app.ui.components.graph_widget import graph_widget

st.set_page_config(layout="wide")
n = int(st.query_params.get("n", "100"))
mode = st.query_params.get("mode", "straight")
rng = random.Random(n)
labels = ["Member", "Project", "Technology", "Service"]
nodes = {str(i): Node(str(i), (labels[i % 4],), {"id": f"k{i}", "name": f"{labels[i % 4]} {i}"}) for i in range(n)}
rels = {}
for j in range(2 * n):
    a = j % n if j < n else rng.randrange(n)
    b = rng.randrange(n)
    if a != b:
        rels[f"r{j}"] = Relationship(f"r{j}", "USES", str(a), str(b))
started = time.perf_counter()
view = GraphView(nodes=nodes, relationships=rels, title=f"bench {n}")
view.layout()
layout_ms = (time.perf_counter() - started) * 1000
st.markdown(f"<span id='layout-ms'>{layout_ms:.0f}</span>", unsafe_allow_html=True)
graph_widget(view, key="bench", height=700, physics=(mode == "physics"), smooth=(mode != "straight"))
'''

STABLE_JS = f"""() => {{ const root = ({GRAPH_ROOT_JS})();
    return root && root.dataset.stable && root.dataset.stable === root.dataset.drawn ? true : false; }}"""


def measure(page, base: str, n: int, mode: str, timeout_s: float) -> dict[str, float | str]:
    url = f"{base}/?n={n}&mode={mode}"
    started = time.perf_counter()
    page.goto(url)
    try:
        page.wait_for_function(STABLE_JS, timeout=timeout_s * 1000, polling=50)
    except Exception:
        return {"n": n, "mode": mode, "total_s": float("inf"), "layout_ms": float("nan"), "draw_ms": float("nan")}
    total = time.perf_counter() - started
    info = page.evaluate(f"""() => {{ const root = ({GRAPH_ROOT_JS})();
        return {{nodes: Number(root.dataset.nodes), draw: Number(root.dataset.stableMs || root.dataset.drawMs)}}; }}""")
    layout_ms = float(page.locator("#layout-ms").inner_text())
    assert info["nodes"] == n, info
    return {"n": n, "mode": mode, "total_s": total, "layout_ms": layout_ms, "draw_ms": float(info["draw"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,3000")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--baseline-timeout", type=float, default=120.0)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "bench_app.py"
        script.write_text(PAGE, encoding="utf-8")
        with streamlit_server(script, {}) as base:
            browser = Browser(viewport=(1400, 900))
            try:
                page = browser.page()
                wait_ready_first(page, base)
                cases = [(n, "straight") for n in sizes] + [(100, "physics"), (min(1000, max(sizes)), "curved")]
                rows = []
                for n, mode in cases:
                    runs = [measure(page, base, n, mode, args.baseline_timeout if mode != "straight" else 60)
                            for _ in range(args.repeat if mode == "straight" else 1)]
                    best = min(runs, key=lambda r: r["total_s"])
                    best["median_s"] = statistics.median(r["total_s"] for r in runs)
                    rows.append(best)
                    print(f"  measured {mode:8s} n={n:5d}: {best['total_s']:.2f} s", file=sys.stderr)
            finally:
                blocked = list(browser.blocked)
                browser.close()
    baseline = next(r for r in rows if r["mode"] == "physics")
    print()
    print(f"{'case':58s} {'nodes':>6s} {'request→stable':>15s} {'layout (server)':>16s} {'draw (browser)':>15s} "
          f"{'× baseline':>11s}")
    for r in rows:
        label = {"straight": "app widget: positions from Python, physics off, straight",
                 "physics": "baseline: vis-network defaults (physics, curved)",
                 "curved": "curved edges, physics off"}[r["mode"]][:58]
        ratio = r["total_s"] / baseline["total_s"] if baseline["total_s"] not in (0, float("inf")) else float("nan")
        total = "timeout" if r["total_s"] == float("inf") else f"{r['total_s']:.2f} s"
        print(f"{label:58s} {r['n']:6d} {total:>15s} {r['layout_ms']:>13.0f} ms {r['draw_ms']:>12.0f} ms "
              f"{ratio:>10.2f}x")
    print(f"\nnon-loopback requests attempted: {len(blocked)}")
    goal = next((r for r in rows if r["mode"] == "straight" and r["n"] == 1000), None)
    if goal:
        print(f"goal < 2 s at 1,000 nodes: {'met' if goal['total_s'] < 2 else 'NOT met'} ({goal['total_s']:.2f} s)")
    return 0 if not blocked else 1


def wait_ready_first(page, base: str) -> None:
    """Warm-up: the first load compiles Streamlit's JS bundle; not part of any measure."""
    page.goto(f"{base}/?n=10&mode=straight")
    wait_ready(page)
    page.wait_for_function(STABLE_JS, timeout=60_000)


if __name__ == "__main__":
    sys.exit(main())
