"""The store's contract on the real embedded engine: neutral result values, parameters, row cap, batched writes,
schema keys, and all-or-nothing graph replacement."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from smals_graph.graph_model.connect import connect
from smals_graph.graph_model.errors import ConfigError, QueryError
from smals_graph.graph_model.results import Node, Path, Relationship


def test_results_are_engine_neutral_values(store):
    store.write("CREATE (:Member {id: 'm:a', name: 'A', aliases: ['a', 'α']})"
                "-[:USES {line: 12, quote: 'uses it'}]->(:Service {id: 's:w', name: 'Wave'})")
    result = store.read("MATCH p = (m:Member)-[r:USES]->(s:Service) "
                        "RETURN m, r, s, p, [m.id, s.id] AS ids, {n: m.name, k: 3} AS map, 1.5 AS f, null AS nothing")
    assert result.columns == ["m", "r", "s", "p", "ids", "map", "f", "nothing"]
    m, r, s, p, ids, mapping, f, nothing = result.rows[0]
    assert isinstance(m, Node) and m.labels == ("Member",) and m.properties["aliases"] == ["a", "α"]
    assert m.key == "m:a" and m.caption == "A"
    assert isinstance(r, Relationship) and r.type == "USES" and (r.start, r.end) == (m.id, s.id)
    assert r.properties == {"line": 12, "quote": "uses it"}
    assert isinstance(p, Path) and len(p) == 1 and p.nodes[0].id == m.id and p.relationships[0].id == r.id
    assert ids == ["m:a", "s:w"] and mapping == {"n": "A", "k": 3} and f == 1.5 and nothing is None
    assert result.engine == "falkordb" and result.elapsed_ms > 0 and result.truncated is False
    nodes, rels = result.graph()
    assert set(nodes) == {m.id, s.id} and set(rels) == {r.id}
    assert result.to_json()["rows"][0][1] == {"kind": "relationship", "id": r.id, "type": "USES", "start": m.id,
                                              "end": s.id, "properties": {"line": 12, "quote": "uses it"}}


def test_parameters_are_never_formatted_into_the_text(store):
    store.write("CREATE (:Member {id: 'm:a', name: 'A'})")
    hostile = "x' }) DETACH DELETE n //"
    assert store.read("MATCH (n:Member) WHERE n.name = $name RETURN count(n)", {"name": hostile}).scalar() == 0
    assert store.read("RETURN $v AS v", {"v": hostile}).scalar() == hostile
    assert store.read("RETURN $list[1] AS v", {"list": [1, 2, 3]}).scalar() == 2
    assert store.read("MATCH (n) RETURN count(n)").scalar() == 1


def test_row_cap_sets_truncated(store):
    store.write("UNWIND range(1, 50) AS i CREATE (:Project {id: toString(i)})")
    capped = store.read("MATCH (n:Project) RETURN n.id", max_rows=10)
    assert len(capped.rows) == 10 and capped.truncated is True
    full = store.read("MATCH (n:Project) RETURN n.id", max_rows=50)
    assert len(full.rows) == 50 and full.truncated is False


def test_engine_errors_come_back_with_the_engine_text(store):
    with pytest.raises(QueryError) as caught:
        store.read("MATCH (n:Person RETURN n")
    assert "Invalid input" in str(caught.value) and "line: 1, column: 17" in str(caught.value)
    with pytest.raises(QueryError) as caught:
        store.read("MATCH (n) WHERE n.name =~ 'W.*' RETURN n")
    assert str(caught.value) == ("FalkorDB does not currently support =~\nHint: FalkorDB has no regular expressions; "
                                 "use CONTAINS, STARTS WITH, ENDS WITH with toLower() for a case-insensitive match.")


def test_batched_writes_and_stats(store):
    rows = [{"id": f"p:{i}", "props": {"name": f"P{i}"}} for i in range(2500)]
    seen: list[int] = []
    written = store.write_batches("UNWIND $rows AS row MERGE (n:Project {id: row.id}) SET n += row.props", rows,
                                  batch_size=1000, progress=seen.append)
    assert written == 2500 and seen == [1000, 1000, 500]
    stats = store.stats()
    assert stats.labels == {"Project": 2500} and stats.nodes == 2500 and stats.relationships == 0


def test_schema_keys_are_unique_on_the_engine(store):
    store.ensure_schema()
    store.ensure_schema()  # idempotent
    store.write("CREATE (:Member {id: 'm:x'})")
    with pytest.raises(QueryError) as caught:
        store.write("CREATE (:Member {id: 'm:x'})")
    assert "unique constraint violation" in str(caught.value)
    labels = {row[1] for row in store.read("CALL db.constraints()").rows}
    assert labels == {"Member", "Organization", "Project", "Technology", "Service", "Application", "Problem",
                      "Edition", "Entity"}
    # the common label's key is unique across labels: a Project cannot take a Member's key
    store.write("CREATE (:Member:Entity {id: 'm:y'})")
    with pytest.raises(QueryError) as across:
        store.write("CREATE (:Project:Entity {id: 'm:y'})")
    assert "unique constraint violation" in str(across.value)


def test_replace_graph_is_all_or_nothing(store):
    store.write("CREATE (:Member {id: 'old'})")
    with pytest.raises(RuntimeError):
        with store.replace_graph() as writer:
            writer.run("CREATE (:Member {id: 'new'})")
            raise RuntimeError("the load failed half-way")
    assert store.read("MATCH (n) RETURN collect(n.id)").scalar() == ["old"]
    with store.replace_graph() as writer:
        writer.write_batches("UNWIND $rows AS row CREATE (:Member {id: row.id, load: $mark})",
                             [{"id": "new1"}, {"id": "new2"}])
    assert sorted(store.read("MATCH (n) RETURN n.id").column("n.id")) == ["new1", "new2"]
    assert [g for g in store.db.list_graphs() if "staging" in g] == []


def test_a_killed_load_leaves_the_previous_graph(store, engine_dir):
    store.write("CREATE (:Member {id: 'before'})")
    script = textwrap.dedent(f"""
        import sys, time
        from smals_graph.graph_model.connect import connect
        s = connect("embedded:", data_dir={str(engine_dir)!r}, graph={store.graph_name!r})
        with s.replace_graph() as w:
            w.run("UNWIND range(1, 5000) AS i CREATE (:Member {{id: toString(i)}})")
            print("written", flush=True)
            time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "written"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert store.read("MATCH (n) RETURN collect(n.id)").scalar() == ["before"]
    # the orphaned staging graph is removed by the next load
    with store.replace_graph() as writer:
        writer.run("CREATE (:Member {id: 'after'})")
    assert [g for g in store.db.list_graphs() if g.startswith(store.graph_name + "__staging")] == []
    assert store.read("MATCH (n) RETURN collect(n.id)").scalar() == ["after"]


def test_unknown_scheme_is_a_config_error():
    with pytest.raises(ConfigError) as caught:
        connect("mysql://x")
    assert str(caught.value) == ("Unknown URI scheme 'mysql' in 'mysql://x': use embedded:, "
                                 "falkordb://host:port/graph, neo4j://, neo4j+s://, bolt:// or bolt+s://")


def test_uri_order(monkeypatch):
    from smals_graph.graph_model.store import resolve_uri

    monkeypatch.delenv("SMALS_GRAPH_URI", raising=False)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    assert resolve_uri() == ("embedded:", {"source": "default"})
    monkeypatch.setenv("NEO4J_URI", "bolt://h:7687")
    assert resolve_uri() == ("bolt://h:7687", {"source": "NEO4J_URI"})
    monkeypatch.setenv("SMALS_GRAPH_URI", "falkordb://h:1/g")
    assert resolve_uri() == ("falkordb://h:1/g", {"source": "SMALS_GRAPH_URI"})
    assert resolve_uri("neo4j://x") == ("neo4j://x", {"source": "argument"})


def test_external_falkordb_uri_reaches_the_same_server(store):
    store.write("CREATE (:Member {id: 'via-uri'})")
    other = connect(store.connection_uri())
    try:
        assert other.engine == "falkordb"
        assert other.read("MATCH (n) RETURN n.id").scalar() == "via-uri"
    finally:
        other.close()


def test_neo4j_uri_without_server_is_a_clear_error():
    s = connect("bolt://127.0.0.1:1")
    started = time.monotonic()
    from smals_graph.graph_model.errors import EngineUnavailable

    with pytest.raises(EngineUnavailable) as caught:
        s.read("RETURN 1")
    assert str(caught.value).startswith("Neo4j does not answer:")
    assert time.monotonic() - started < 15
    s.close()
