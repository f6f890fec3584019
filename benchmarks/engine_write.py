"""Write throughput on the embedded engine: batched `UNWIND $rows` through the store against one MERGE per row.

    python benchmarks/engine_write.py [--nodes 100000] [--rels 300000] [--per-row-limit 0]

Both ways write the same synthetic graph (Member/Project nodes keyed by id, FOR relationships) into fresh graphs
of one freshly started engine, with the key index in place, and print rows/s and their ratio from this run.
`--per-row-limit N` times the per-row way on the first N nodes and the relationships among them only.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smals_graph.graph_model.connect import connect  # noqa: E402
from smals_graph.graph_model.embedded import EmbeddedEngine  # noqa: E402

NODE_UNWIND = "UNWIND $rows AS row MERGE (n:Project {id: row.id}) SET n.name = row.name"
REL_UNWIND = ("UNWIND $rows AS row MATCH (a:Project {id: row.a}) MATCH (b:Project {id: row.b}) "
              "MERGE (a)-[:FOR]->(b)")
NODE_ONE = "MERGE (n:Project {id: $id}) SET n.name = $name"
REL_ONE = "MATCH (a:Project {id: $a}) MATCH (b:Project {id: $b}) MERGE (a)-[:FOR]->(b)"


def synthetic(nodes: int, rels: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    node_rows = [{"id": f"p:{i}", "name": f"Project {i}"} for i in range(nodes)]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < rels:
        a, b = rng.randrange(nodes), rng.randrange(nodes)
        if a != b:
            pairs.add((a, b))
    rel_rows = [{"a": f"p:{a}", "b": f"p:{b}"} for a, b in sorted(pairs)]
    return node_rows, rel_rows


def timed(label: str, fn) -> float:
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    print(f"  {label}: {seconds:.2f} s", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--rels", type=int, default=300_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--per-row-limit", type=int, default=0, help="0: the whole graph")
    args = parser.parse_args()
    nodes, rels = synthetic(args.nodes, args.rels)
    with tempfile.TemporaryDirectory() as data_dir:
        engine = EmbeddedEngine(data_dir)
        engine.ensure_running()
        try:
            batched = connect("embedded:", data_dir=data_dir, graph="bench_unwind")
            batched.write("CREATE INDEX FOR (n:Project) ON (n.id)")
            print(f"(a) batched UNWIND, batches of {args.batch}: {len(nodes)} nodes, {len(rels)} relationships")
            t_nodes = timed("nodes", lambda: batched.write_batches(NODE_UNWIND, nodes, batch_size=args.batch))
            t_rels = timed("relationships", lambda: batched.write_batches(REL_UNWIND, rels, batch_size=args.batch))
            unwind_rate = (len(nodes) + len(rels)) / (t_nodes + t_rels)
            assert batched.stats().relationships == len(rels)

            limit = args.per_row_limit or len(nodes)
            sub_nodes = nodes[:limit]
            sub_rels = rels if limit == len(nodes) else [
                r for r in rels if _index(r["a"]) < limit and _index(r["b"]) < limit]
            print(f"(b) one MERGE per row: {len(sub_nodes)} nodes, {len(sub_rels)} relationships"
                  + (" (a sample: the first nodes and the relationships among them)" if args.per_row_limit else ""))
            single = connect("embedded:", data_dir=data_dir, graph="bench_per_row")
            single.write("CREATE INDEX FOR (n:Project) ON (n.id)")

            def per_row(statement, rows):
                for row in rows:
                    single.write(statement, row)

            t1 = timed("nodes", lambda: per_row(NODE_ONE, sub_nodes))
            t2 = timed("relationships", lambda: per_row(REL_ONE, sub_rels))
            per_row_rate = (len(sub_nodes) + len(sub_rels)) / (t1 + t2)
            print()
            print(f"{'way':<28}{'rows/s':>12}")
            print(f"{'(a) batched UNWIND':<28}{unwind_rate:>12,.0f}")
            print(f"{'(b) one MERGE per row':<28}{per_row_rate:>12,.0f}")
            print(f"ratio (a)/(b): {unwind_rate / per_row_rate:.1f}x")
        finally:
            engine.stop()


def _index(key: str) -> int:
    return int(key.split(":", 1)[1])


if __name__ == "__main__":
    main()
