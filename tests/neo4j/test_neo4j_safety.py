"""Safety on Neo4j, the bars of the embedded engine: the refusal corpus refused with the graph unchanged, a
runaway query stopped within its timeout + 1 s, a load killed mid-way leaves the previous graph, and a wrong
password or a server that is down give the documented exit codes and the app's banner."""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from smals_graph.graph_model.errors import QueryError, QueryTimeout, ReadOnlyViolation
from smals_graph.loader.knowledge import BUNDLED_REPORT as REPORT

pytestmark = pytest.mark.neo4j
ROOT = Path(__file__).resolve().parents[2]


def _embedded_corpus() -> list[str]:
    """The corpus of tests/foundation/test_readonly.py, so both engines face the same statements."""
    spec = importlib.util.spec_from_file_location("readonly_corpus", ROOT / "tests" / "foundation" / "test_readonly.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.WRITES)


# what only Neo4j has: writing procedures, administration, subqueries and its own DDL
NEO4J_WRITES = [
    "CALL db.createLabel('Hacked')",
    "CALL db.createProperty('hacked')",
    "CALL db.createRelationshipType('HACKED')",
    "CALL db.clearQueryCaches()",
    "CALL db.checkpoint()",
    "CREATE FULLTEXT INDEX names IF NOT EXISTS FOR (n:Member) ON EACH [n.name]",
    "CREATE RANGE INDEX r IF NOT EXISTS FOR (n:Member) ON (n.category)",
    "DROP CONSTRAINT member_id IF EXISTS",
    "CREATE DATABASE other",
    "CREATE USER intruder SET PASSWORD 'intruder-password'",
    "ALTER USER neo4j SET PASSWORD 'taken-over-now'",
    "STOP DATABASE neo4j",
    "MATCH (n:Member) CALL (n) { SET n.touched = true } RETURN count(*)",
    "MATCH (n:Member) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 2 ROWS",
    "UNWIND range(1, 3) AS i CALL { WITH i CREATE (:Member {id: 'tx' + toString(i)}) } IN TRANSACTIONS",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "USING PERIODIC COMMIT LOAD CSV FROM 'file:///x' AS row CREATE (:X)",
    "MATCH (n) RETURN n UNION MATCH (m) SET m.x = 1 RETURN m AS n",
    "MATCH (n:Member) WITH n LIMIT 1 MERGE (n)-[:KNOWS]->(n) RETURN n",
    "EXPLAIN CREATE (:Member {id: 'explained'})",
    "PROFILE CREATE (:Member {id: 'profiled'})",
    "CYPHER 5 CREATE (:Member {id: 'versioned'})",
    "MATCH (n) RETURN count(n);\nCREATE (:Member {id: 'second'})",
]


def _fingerprint(store) -> tuple:
    nodes = store.read("MATCH (n) RETURN labels(n) AS l, properties(n) AS p ORDER BY p.id", max_rows=10_000).rows
    rels = store.read("MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r) ORDER BY a.id, b.id",
                      max_rows=10_000).rows
    indexes = store.read("SHOW INDEXES YIELD name, type, labelsOrTypes, properties RETURN * ORDER BY name").rows
    constraints = store.read("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name").rows
    tokens = store.read("CALL db.labels() YIELD label RETURN collect(label)").scalar()
    return repr(nodes), repr(rels), repr(indexes), repr(constraints), sorted(tokens)


@pytest.fixture
def small_graph(neo):
    neo.ensure_schema()
    neo.write("UNWIND range(1, 5) AS i CREATE (:Member {id: 'm:' + toString(i), name: 'Member ' + toString(i)})")
    neo.write("CREATE (:Project {id: 'p:1', name: 'P'})-[:USES {line: 3}]->(:Technology {id: 't:1', name: 'T'})")
    return neo


def test_the_corpus_covers_both_engines():
    assert len(_embedded_corpus()) >= 30 and len(NEO4J_WRITES) >= 20


@pytest.mark.parametrize("cypher", _embedded_corpus() + NEO4J_WRITES)
def test_every_writing_statement_is_refused_and_the_graph_is_unchanged(small_graph, neo4j_server, cypher):
    before = _fingerprint(small_graph)
    with pytest.raises(QueryError) as caught:
        small_graph.read(cypher)
    assert str(caught.value)
    assert _fingerprint(small_graph) == before
    if "USER" in cypher:  # the credentials still work, and no one else got in
        from smals_graph.graph_model.neo4j_store import Neo4jStore

        again = Neo4jStore(neo4j_server.uri, user=neo4j_server.username, password=neo4j_server.password,
                           database=None)
        assert again.read("RETURN 1").scalar() == 1
        again.close()


def test_refusals_name_the_reason(small_graph):
    with pytest.raises(ReadOnlyViolation, match="not read-only"):
        small_graph.read("CREATE (n)")
    with pytest.raises(ReadOnlyViolation, match="LOAD CSV"):
        small_graph.read("load csv from 'file:///x' as r return r")
    with pytest.raises(ReadOnlyViolation):
        small_graph.read("CALL db.createLabel('Hacked')")


@pytest.mark.parametrize("cypher", [
    "UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 1 RETURN count(x)",
    "MATCH (a), (b), (c) WHERE a.id < b.id AND b.id < c.id RETURN count(*)",
    "UNWIND range(1, 10000) AS i UNWIND range(1, 10000) AS j RETURN sum(i * j)",
])
def test_a_runaway_query_stops_within_its_timeout_and_the_next_answers(neo4j_loaded, cypher):
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        neo4j_loaded.read(cypher, timeout=1.5)
    elapsed = time.monotonic() - started
    assert elapsed < 1.5 + 1.0, f"stopped after {elapsed:.2f} s"
    started = time.monotonic()
    assert neo4j_loaded.read("MATCH (n:Member) RETURN count(n)").scalar() > 100
    assert time.monotonic() - started < 1.0


_KILLED_LOADER = """
import sys, time
from smals_graph.graph_model.connect import connect
from smals_graph.loader.parse import parse_report
from smals_graph.loader.write import load_dataset

dataset = parse_report(sys.argv[1])
store = connect()
written = [0]

def progress(rows):
    written[0] += rows
    if written[0] >= 200:
        print("WRITING", written[0], flush=True)
        time.sleep(120)  # killed here, in the middle of the load (some batches committed under staging labels)

load_dataset(store, dataset, progress=progress, batch_size=50)
print("FINISHED", flush=True)
"""


def test_a_load_killed_mid_way_leaves_the_previous_graph(neo, neo4j_env, small_dataset):
    from smals_graph.loader.write import load_dataset

    load_dataset(neo, small_dataset)
    before = _live(neo)
    writer = subprocess.Popen([sys.executable, "-c", _KILLED_LOADER, str(REPORT)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, **neo4j_env})
    try:
        line = writer.stdout.readline()
        assert line.startswith("WRITING"), writer.stderr.read()
        # the writer's committed batches sit under staging labels that no reader's pattern names
        assert _live(neo) == before
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == -signal.SIGKILL
    assert _live(neo) == before  # what a reader sees: the previous graph, whole
    stats = neo.stats()
    load_dataset(neo, small_dataset)  # no lock is left behind: the next load goes through, and cleans up
    assert neo.stats() == stats
    assert neo.read(f"MATCH (n) WHERE NOT {_SEEN.format('n')} RETURN count(n)").scalar() == 0  # nothing staged


_SEEN = "none(l IN labels({0}) WHERE l STARTS WITH '_')"  # not a load's staging (`_Staged_...`, `_Retired`)


def _live(store) -> tuple:
    """What a reader sees: every node and relationship outside a load's staging labels, the schema, the labels."""
    nodes = store.read(f"MATCH (n) WHERE {_SEEN.format('n')} RETURN labels(n) AS l, properties(n) AS p "
                       "ORDER BY p.id", max_rows=10_000).rows
    rels = store.read(f"MATCH (a)-[r]->(b) WHERE {_SEEN.format('a')} AND {_SEEN.format('b')} "
                      "RETURN a.id, type(r), b.id, properties(r) ORDER BY a.id, b.id", max_rows=10_000).rows
    _, _, indexes, constraints, tokens = _fingerprint(store)
    return repr(nodes), repr(rels), indexes, constraints, [t for t in tokens if not t.startswith("_")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "smals_graph.app.cli.main", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **env}, timeout=120)


def test_cli_exit_codes_on_neo4j(neo4j_loaded, neo4j_env):
    ok = _cli("status", env=neo4j_env)
    assert ok.returncode == 0, ok.stderr
    assert "neo4j" in ok.stdout
    assert _cli("query", "MATCH (n:Member) RETURN count(n) AS n", env=neo4j_env).returncode == 0
    assert _cli("query", "CREATE (n)", env=neo4j_env).returncode == 5
    assert _cli("query", "MATCH (n) RETURN n.id +", env=neo4j_env).returncode == 4
    timed_out = _cli("query", "UNWIND range(1, 100000000) AS x RETURN count(x % 3)", "--timeout", "1", env=neo4j_env)
    assert timed_out.returncode == 6, timed_out.stderr
    wrong = _cli("status", env={**neo4j_env, "NEO4J_PASSWORD": "not-the-password"})
    assert wrong.returncode == 3 and "credentials" in wrong.stderr
    down = _cli("status", env={**neo4j_env, "NEO4J_URI": f"bolt://127.0.0.1:{_free_port()}"})
    assert down.returncode == 3 and "does not answer" in down.stderr
    assert _cli("status", env={**neo4j_env, "NEO4J_URI": "bolt://[bad"}).returncode in (2, 3)


@pytest.mark.parametrize("case", ["wrong password", "server down"])
def test_the_app_shows_the_unreachable_banner(neo4j_env, monkeypatch, case):
    if case == "wrong password":
        monkeypatch.setenv("NEO4J_PASSWORD", "not-the-password")
    else:
        monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{_free_port()}")
    at = AppTest.from_file(str(ROOT / "app" / "ui" / "streamlit_app.py"), default_timeout=60)
    at.run()
    banners = [e.value for e in at.error]
    assert any("unreachable" in b for b in banners), banners
    assert any(("credentials" if case == "wrong password" else "does not answer") in b for b in banners), banners
