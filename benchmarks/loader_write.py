"""The loader's speed.

    python benchmarks/loader_write.py [--nodes 1000000] [--rels 3000000] [--per-row-sample 20000]

1. parse + resolve + load of the bundled 2025 report, once the engine runs (median of 5 runs);
2. the loader's writer (`loader.write.write_rows` inside `replace_graph`: staging graph, schema keys, provenance
   maps, then the swap) on synthetic rows, against in the same run
   (a) raw batched UNWIND through the store (the foundation benchmark's statements, same graph size) and
   (b) one MERGE per row (timed on a sample: --per-row-sample nodes and 3x as many relationships).
Goals from the issue: (1) under 1 s; (2) at least half of (a) and at least 20x (b).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.engine_write import NODE_ONE, NODE_UNWIND, REL_ONE, REL_UNWIND, synthetic  # noqa: E402
from smals_graph.graph_model.connect import connect  # noqa: E402
from smals_graph.graph_model.embedded import EmbeddedEngine  # noqa: E402
from smals_graph.loader.knowledge import BUNDLED_REPORT  # noqa: E402
from smals_graph.loader.parse import parse_report  # noqa: E402
from smals_graph.loader.write import GraphRows, load_dataset, write_rows  # noqa: E402

REPORT = BUNDLED_REPORT


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=1_000_000)
    parser.add_argument("--rels", type=int, default=3_000_000)
    parser.add_argument("--per-row-sample", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        engine = EmbeddedEngine(data_dir)
        engine.ensure_running()
        try:
            store = connect("embedded:", data_dir=data_dir, graph="bench_report")
            times = []
            for _ in range(5):
                started = time.perf_counter()
                load_dataset(store, parse_report(REPORT))
                times.append(time.perf_counter() - started)
            print(f"1. parse + resolve + load of the 2025 report: median {statistics.median(times):.3f} s "
                  f"(min {min(times):.3f}, max {max(times):.3f}; goal < 1 s)")
            store.clear()

            nodes, rels = synthetic(args.nodes, args.rels)
            total = len(nodes) + len(rels)
            print(f"2. {len(nodes):,} nodes and {len(rels):,} relationships", flush=True)

            raw = connect("embedded:", data_dir=data_dir, graph="bench_raw")
            raw.write("CREATE INDEX FOR (n:Project) ON (n.id)")
            started = time.perf_counter()
            raw.write_batches(NODE_UNWIND, nodes, batch_size=args.batch)
            raw.write_batches(REL_UNWIND, rels, batch_size=args.batch)
            raw_rate = total / (time.perf_counter() - started)
            print(f"   (a) raw UNWIND: {raw_rate:,.0f} rows/s", flush=True)
            raw.clear()

            graph_rows = GraphRows()
            for row in nodes:
                graph_rows.node("Project", row["id"], {"name": row["name"], "edition": 2025, "line": 1})
            for row in rels:
                graph_rows.relationship(("Project", row["a"]), "FOR", ("Project", row["b"]),
                                        {"edition": 2025, "line": 1, "raw": "x"})
            loader = connect("embedded:", data_dir=data_dir, graph="bench_loader")
            started = time.perf_counter()
            with loader.replace_graph() as writer:
                write_rows(writer, graph_rows, batch_size=args.batch)
            loader_rate = total / (time.perf_counter() - started)
            assert loader.stats().relationships == len(rels)
            print(f"   loader writer: {loader_rate:,.0f} rows/s", flush=True)
            loader.clear()

            sample_nodes = nodes[: args.per_row_sample]
            keep = {row["id"] for row in sample_nodes}
            sample_rels = [r for r in rels if r["a"] in keep and r["b"] in keep][: 3 * args.per_row_sample]
            if len(sample_rels) < 3 * args.per_row_sample:  # sparse among the sample: pair sample nodes directly
                sample_rels = [{"a": nodes[i]["id"], "b": nodes[(i * 7 + j + 1) % len(sample_nodes)]["id"]}
                               for i in range(len(sample_nodes)) for j in range(3)]
            single = connect("embedded:", data_dir=data_dir, graph="bench_single")
            single.write("CREATE INDEX FOR (n:Project) ON (n.id)")
            started = time.perf_counter()
            for row in sample_nodes:
                single.write(NODE_ONE, row)
            for row in sample_rels:
                single.write(REL_ONE, row)
            single_rate = (len(sample_nodes) + len(sample_rels)) / (time.perf_counter() - started)
            print(f"   (b) one MERGE per row ({len(sample_nodes):,} nodes, {len(sample_rels):,} rels): "
                  f"{single_rate:,.0f} rows/s")
            print()
            print(f"   {'way':<26}{'rows/s':>12}{'loader / way':>16}")
            print(f"   {'loader writer':<26}{loader_rate:>12,.0f}{'1.00x':>16}")
            print(f"   {'(a) raw UNWIND':<26}{raw_rate:>12,.0f}{loader_rate / raw_rate:>15.2f}x  (goal >= 0.5x)")
            print(f"   {'(b) one MERGE per row':<26}{single_rate:>12,.0f}{loader_rate / single_rate:>15.1f}x  "
                  "(goal >= 20x)")
        finally:
            engine.stop()


if __name__ == "__main__":
    main()
