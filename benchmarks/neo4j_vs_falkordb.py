"""Neo4j against the embedded FalkorDB, in the same run, on the same machine.

    python benchmarks/neo4j_vs_falkordb.py [--nodes 20000] [--rels 60000] [--repeat 5]

Starts the embedded engine and the Neo4j test server (tests/neo4j_server, `make neo4j-server` first), then
1. the 2025 report: parse once, load (`load_dataset`) median of --repeat runs on each engine;
2. the loader's writer (`write_rows` in `replace_graph`) on synthetic rows, on each engine;
3. every canned query with its default parameters, median of --repeat runs after one warm-up.
Prints each time and the ratio Neo4j / FalkorDB (above 1: Neo4j is slower).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "neo4j_server"))

import neo4j_test_server  # noqa: E402

from benchmarks.engine_write import synthetic  # noqa: E402
from smals_graph.graph_model.canned import load_canned  # noqa: E402
from smals_graph.graph_model.connect import connect  # noqa: E402
from smals_graph.graph_model.embedded import EmbeddedEngine  # noqa: E402
from smals_graph.graph_model.neo4j_store import Neo4jStore  # noqa: E402
from smals_graph.graph_model.store import Store  # noqa: E402
from smals_graph.loader.knowledge import BUNDLED_REPORT as REPORT  # noqa: E402
from smals_graph.loader.parse import parse_report  # noqa: E402
from smals_graph.loader.write import GraphRows, load_dataset, write_rows  # noqa: E402


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def row(label: str, falkordb: float, neo4j: float, unit: str = "s") -> None:
    print(f"{label:<34}{falkordb:>12.4f}{neo4j:>12.4f}  {unit:<6}{neo4j / falkordb:>8.2f}x", flush=True)


def synthetic_rows(nodes: int, rels: int) -> tuple[GraphRows, int]:
    node_rows, rel_rows = synthetic(nodes, rels)
    rows = GraphRows()
    for r in node_rows:
        rows.node("Project", r["id"], {"name": r["name"], "edition": 2025, "line": 1})
    for r in rel_rows:
        rows.relationship(("Project", r["a"]), "FOR", ("Project", r["b"]), {"edition": 2025, "line": 1, "raw": "x"})
    return rows, len(node_rows) + len(rel_rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=20_000)
    parser.add_argument("--rels", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    dataset = parse_report(REPORT)
    canned = load_canned()
    with tempfile.TemporaryDirectory() as data_dir, neo4j_test_server.running() as server:
        engine = EmbeddedEngine(data_dir)
        engine.ensure_running()
        stores: dict[str, Store] = {
            "falkordb": connect("embedded:", data_dir=data_dir, graph="bench_vs"),
            "neo4j": Neo4jStore(server.uri, user=server.username, password=server.password, database=None,
                                timeout=60, max_rows=100_000),
        }
        try:
            print(f"Neo4j test server {server.uri} ({neo4j_test_server.HEAP} heap); embedded FalkorDB in {data_dir}")
            print(f"{'':<34}{'FalkorDB':>12}{'Neo4j':>12}  {'unit':<6}{'ratio':>9}")
            rows, total = synthetic_rows(args.nodes, args.rels)
            rates = {}
            for name, store in stores.items():
                store.clear()
                started = time.perf_counter()
                with store.replace_graph() as writer:
                    write_rows(writer, rows, batch_size=10_000)
                rates[name] = total / (time.perf_counter() - started)
                store.clear()
            print(f"{f'loader writer, {total:,} rows':<34}{rates['falkordb']:>12,.0f}{rates['neo4j']:>12,.0f}  "
                  f"{'rows/s':<6}{rates['falkordb'] / rates['neo4j']:>8.2f}x  (FalkorDB rate / Neo4j rate)")

            loads = {name: median_time(lambda s=store: load_dataset(s, dataset), args.repeat)
                     for name, store in stores.items()}
            row("load of the 2025 report", loads["falkordb"], loads["neo4j"])

            ratios = []
            for name, query in canned.items():
                times = {}
                for engine_name, store in stores.items():
                    text, params = query.text_for(engine_name), query.defaults()
                    store.read(text, params)  # warm-up: plan caches
                    times[engine_name] = median_time(lambda s=store, t=text, p=params: s.read(t, p), args.repeat)
                ratios.append(times["neo4j"] / times["falkordb"])
                row(name, times["falkordb"] * 1000, times["neo4j"] * 1000, "ms")
            print(f"{'canned queries, geometric mean':<34}{'':>24}  {'':<6}"
                  f"{statistics.geometric_mean(ratios):>8.2f}x")
        finally:
            for store in stores.values():
                store.close()
            engine.stop()


if __name__ == "__main__":
    main()
