"""The store's contract on a real Neo4j server: the session's test server (tests/neo4j_server), auth on."""

from __future__ import annotations

import time

import pytest

from smals_graph.graph_model.errors import QueryError, QueryTimeout, ReadOnlyViolation
from smals_graph.graph_model.results import Node, Path, Relationship

pytestmark = pytest.mark.neo4j


def test_results_are_engine_neutral(neo):
    neo.write("CREATE (:Member {id: 'm:a', name: 'A'})-[:USES {line: 3}]->(:Service {id: 's:w', name: 'Wave'})")
    result = neo.read("MATCH p = (m:Member)-[r]->(s) RETURN m, r, p")
    m, r, p = result.rows[0]
    assert isinstance(m, Node) and isinstance(r, Relationship) and isinstance(p, Path)
    assert r.start == m.id and r.properties == {"line": 3} and result.engine == "neo4j"


@pytest.mark.parametrize("cypher", [
    "CREATE (n)", "MATCH (n) DETACH DELETE n", "MATCH (n) SET n.x = 1",
    "CREATE INDEX x IF NOT EXISTS FOR (n:M) ON (n.p)", "LOAD CSV FROM 'file:///x' AS r CREATE (:X)",
    "LOAD CSV FROM 'https://example.org/x.csv' AS r RETURN r",
])
def test_writes_are_refused_by_the_plan(neo, cypher):
    neo.write("CREATE (:Member {id: 'keep'})")
    with pytest.raises(ReadOnlyViolation):
        neo.read(cypher)
    assert neo.read("MATCH (n) RETURN count(n)").scalar() == 1


def test_a_remembered_verdict_never_lets_a_write_through(neo):
    """Reads skip the plan check for a text already planned read-only; a write is never remembered, and were one
    remembered, the read transaction would still refuse it (Neo4j's own access mode)."""
    neo.write("CREATE (:Member {id: 'keep'})")
    for _ in range(2):
        with pytest.raises(ReadOnlyViolation):
            neo.read("CREATE (:Member {id: 'written'})")
    assert neo.read("MATCH (n) RETURN count(n)").scalar() == 1
    neo._read_only["CREATE (:Member {id: 'forged'})"] = None  # as if the check had said read-only
    with pytest.raises(ReadOnlyViolation):
        neo.read("CREATE (:Member {id: 'forged'})")
    assert neo.read("MATCH (n) RETURN count(n)").scalar() == 1


def test_timeout_and_row_cap(neo):
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        neo.read("UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 1 RETURN count(x)", timeout=1)
    assert time.monotonic() - started < 2
    capped = neo.read("UNWIND range(1, 20) AS i RETURN i", max_rows=5)
    assert len(capped.rows) == 5 and capped.truncated


def test_schema_and_atomic_replace(neo):
    neo.ensure_schema()
    neo.write("CREATE (:Member {id: 'old'})")
    with pytest.raises(RuntimeError):
        with neo.replace_graph() as writer:
            writer.run("MERGE (n:Member {id: 'new'}) SET n._load = $mark", {"mark": writer.mark})
            raise RuntimeError("boom")
    assert neo.read("MATCH (n:Member) RETURN collect(n.id)").scalar() == ["old"]
    with neo.replace_graph() as writer:
        writer.run("MERGE (n:Member {id: 'new'}) SET n._load = $mark", {"mark": writer.mark})
    assert neo.read("MATCH (n:Member) RETURN collect(n.id)").scalar() == ["new"]
    with pytest.raises(QueryError):
        neo.write("CREATE (:Member {id: 'new'})")


def test_the_bundled_report_loads_like_on_the_embedded_engine(neo, dataset, loaded_store):
    from smals_graph.loader.write import load_dataset

    load_dataset(neo, dataset)
    load_dataset(neo, dataset)  # a reload changes nothing
    assert neo.stats().labels == loaded_store.stats().labels
    assert neo.stats().relationship_types == loaded_store.stats().relationship_types
