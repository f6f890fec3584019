"""Issue 19: the same report gives the same communities on every load — same count, same membership, same
numbering — whatever Python's per-process hash seed, and on both engines."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from smals_graph.graph_model import schema

# one load in a fresh process (its own hash seed), then the communities it wrote, as JSON
LOAD_AND_READ = """
import json, sys
from smals_graph.graph_model.connect import connect
from smals_graph.loader.knowledge import BUNDLED_REPORT
from smals_graph.loader.parse import parse_report
from smals_graph.loader.write import load_dataset
store = connect(sys.argv[1], data_dir=sys.argv[2], graph=sys.argv[3])
load_dataset(store, parse_report(BUNDLED_REPORT))
rows = store.read("MATCH (n:Entity) WHERE n.PROP IS NOT NULL RETURN n.id, n.PROP", max_rows=100000).rows
print(json.dumps(dict(rows)))
store.clear()
store.close()
""".replace("PROP", schema.COMMUNITY_PROP)


def communities_of(store) -> dict[str, int]:
    return dict(store.read(f"MATCH (n:Entity) WHERE n.{schema.COMMUNITY_PROP} IS NOT NULL "
                           f"RETURN n.id, n.{schema.COMMUNITY_PROP}", max_rows=100_000).rows)


def load_in_a_process(engine_dir, graph: str, hash_seed: str) -> dict[str, int]:
    env = {**{k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "SMALS_GRAPH_URI")},
           "PYTHONHASHSEED": hash_seed}
    out = subprocess.run([sys.executable, "-c", LOAD_AND_READ, "embedded:", str(engine_dir), graph],
                         capture_output=True, text=True, env=env, timeout=600)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_two_loads_give_the_same_communities_on_both_engines(engine_dir, loaded_store, neo4j_loaded):
    first = load_in_a_process(engine_dir, "t_communities_a", "1")
    second = load_in_a_process(engine_dir, "t_communities_b", "2")
    assert len(first) > 500
    assert second == first  # membership and numbering, key by key
    assert len(set(first.values())) == len(set(second.values()))
    assert communities_of(loaded_store) == first  # this process's load (a third hash seed)
    assert communities_of(neo4j_loaded) == first  # written through Neo4j

