"""A load on Neo4j in committed batches beside the live graph, one switch, the old graph deleted in batches:
all or nothing (a killed load keeps the previous graph), and readers never see a mix of the two."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from smals_graph.graph_model import schema
from smals_graph.graph_model.neo4j_store import staged_statement, switch_statements
from smals_graph.loader.write import load_dataset, node_statement, relationship_statement

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[2]
LEFTOVERS = ("MATCH (n) WHERE any(l IN labels(n) WHERE l STARTS WITH '_Staged_' OR l = '_Retired') "
             "RETURN count(n)")
MEMBERS = "MATCH (m:Member) RETURN m.id ORDER BY m.id"


def test_the_loader_statements_are_written_under_staging_labels():
    assert staged_statement(node_statement("Member")) == (
        "UNWIND $rows AS row MERGE (n:_Staged_Member {id: row.id}) SET n += row.props, n._load = $mark")
    assert staged_statement(relationship_statement("Project", "FOR", "Member")) == (
        "UNWIND $rows AS row MATCH (a:_Staged_Project {id: row.a}) MATCH (b:_Staged_Member {id: row.b}) "
        "MERGE (a)-[r:FOR]->(b) SET r += row.props, r._load = $mark")
    switch = switch_statements()
    assert switch[0] == "MATCH (n:Member) SET n:_Retired REMOVE n:Member, n:Entity"
    assert switch[-1] == f"MATCH (n:_Staged_{schema.LABEL_NAMES[-1]}) REMOVE n:_Staged_{schema.LABEL_NAMES[-1]} " \
                         f"SET n:{schema.LABEL_NAMES[-1]}:Entity"


def _ids(store) -> list[str]:
    return [row[0] for row in store.read(MEMBERS, max_rows=100_000).rows]


def test_a_killed_load_keeps_the_previous_graph(neo, neo4j_env, small_dataset, tmp_path):
    load_dataset(neo, small_dataset)
    before = _ids(neo)
    stats = neo.stats()
    # a load of the bundled report in another process, slowed down (small batches, a pause after each), killed
    # once it has committed some batches
    script = (
        "import sys, time\n"
        "from smals_graph.graph_model.connect import connect\n"
        "from smals_graph.loader.parse import parse_report\n"
        "from smals_graph.loader.knowledge import BUNDLED_REPORT\n"
        "from smals_graph.loader.write import load_dataset\n"
        "def tick(n):\n"
        "    print('batch', flush=True)\n"
        "    time.sleep(0.2)\n"
        "load_dataset(connect(), parse_report(BUNDLED_REPORT), progress=tick, batch_size=20)\n"
        "print('done', flush=True)\n"
    )
    env = {**os.environ, **neo4j_env}
    env.pop("SMALS_GRAPH_URI", None)
    loader = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True,
                              cwd=tmp_path)
    try:
        seen = 0
        assert loader.stdout is not None
        for line in loader.stdout:
            assert line.strip() == "batch", line
            seen += 1
            if seen == 5:
                break
        assert neo.read(LEFTOVERS).scalar() > 0, "the killed load had staged nothing"
        assert _ids(neo) == before  # staged rows are not seen while the load runs
    finally:
        loader.kill()
        loader.wait(timeout=30)
    assert _ids(neo) == before
    assert neo.stats().labels == stats.labels and neo.stats().relationship_types == stats.relationship_types
    # the next load cleans up what the killed one staged
    load_dataset(neo, small_dataset)
    assert _ids(neo) == before and neo.read(LEFTOVERS).scalar() == 0


def test_a_failed_load_keeps_the_previous_graph_and_leaves_nothing_staged(neo, small_dataset):
    load_dataset(neo, small_dataset)
    before = _ids(neo)
    with pytest.raises(RuntimeError, match="^boom$"):
        with neo.replace_graph() as writer:
            writer.run("MERGE (n:Member:Entity {id: 'm:new'}) SET n._load = $mark", {"mark": writer.mark})
            raise RuntimeError("boom")
    assert _ids(neo) == before and neo.read(LEFTOVERS).scalar() == 0


def test_readers_see_the_old_graph_or_the_new_one_never_a_mix(neo, neo4j_graph, small_dataset, dataset):
    load_dataset(neo, small_dataset)
    old = _ids(neo)
    reader = neo4j_graph.store  # the same driver: each read is its own session and transaction
    seen: list[tuple[str, ...]] = []
    done = threading.Event()

    def read_all_along() -> None:
        while not done.is_set():
            seen.append(tuple(_ids(reader)))
            time.sleep(0.01)

    thread = threading.Thread(target=read_all_along)
    thread.start()
    try:
        load_dataset(neo, dataset, batch_size=50)
    finally:
        done.set()
        thread.join(timeout=60)
    new = _ids(neo)
    assert new != old and len(seen) > 10
    assert {tuple(old), tuple(new)} >= set(seen), "a reader saw a mix of the two graphs"
    assert neo.read(LEFTOVERS).scalar() == 0
