"""The read path refuses every writing statement on the real embedded engine, and the graph stays as it was.

Each statement is one the engine runs on its write path (checked on a scratch graph: no syntax error, no
multi-statement error), and the read path's answer is the read-only refusal itself (ReadOnlyViolation), not
any error."""

from __future__ import annotations

import pytest

from smals_graph.graph_model.connect import connect
from smals_graph.graph_model.errors import ReadOnlyViolation

WRITES = [
    "CREATE (n:Member {id: 'x'})",
    "create (n:Member {id: 'x'})",
    "CrEaTe (:Project)-[:FOR]->(:Member)",
    "MERGE (n:Member {id: 'm:a'}) SET n.name = 'changed'",
    "MATCH (n:Member) SET n.name = 'changed'",
    "MATCH (n:Member) SET n += {name: 'changed'}",
    "MATCH (n:Member) SET n:Hacked",
    "MATCH (n:Member) REMOVE n.name",
    "MATCH (n:Member) REMOVE n:Member",
    "MATCH (n:Technology) DELETE n",
    "MATCH (n) DETACH DELETE n",
    "MATCH ()-[r]->() DELETE r",
    "MATCH (n:Member) WITH n LIMIT 1 CREATE (n)-[:USES]->(:Service {id: 'evil'})",
    "MATCH (n:Member) FOREACH (x IN [1, 2] | SET n.flag = x)",
    "FOREACH (x IN range(1, 3) | CREATE (:Member {id: toString(x)}))",
    "UNWIND range(1, 10) AS i CREATE (:Member {id: 'u' + toString(i)})",
    "MATCH (n:Member) CALL { WITH n SET n.touched = true } RETURN count(*)",
    "CALL { CREATE (:Member {id: 'sub'}) RETURN 1 AS one } RETURN one",
    "CREATE INDEX FOR (n:Member) ON (n.extra)",
    "CREATE INDEX ON :Member(extra2)",
    "DROP INDEX ON :Member(name)",
    "DROP INDEX FOR (n:Member) ON (n.name)",
    "CREATE FULLTEXT INDEX FOR (n:Project) ON (n.name)",
    "CALL db.idx.fulltext.createNodeIndex('Project', 'tagline')",
    "CALL db.idx.fulltext.drop('Member')",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "load csv with headers from 'https://example.org/x.csv' AS row CREATE (:Member {id: row.id})",
    "MATCH (n) WITH count(n) AS c MATCH (m) DETACH DELETE m",
    "MATCH (n) WITH n LIMIT 1 CREATE (:Member {id: 'after-a-read'})",
    "/* only a read */ CREATE (:Member {id: 'c1'})",
    "// MATCH (n) RETURN n\nCREATE (:Member {id: 'c2'})",
    "MATCH (n:Member) /* RETURN n */ SET n.name = 'c3'",
    "WITH 1 AS x /* ; */ MERGE (:Service {id: 'c4'})",
    "OPTIONAL MATCH (n:Nothing) MERGE (m:Member {id: 'c5'}) RETURN m",
    "MATCH (a:Member), (b:Member) WHERE a.id < b.id MERGE (a)-[:KNOWS]->(b)",
]

READS_WITH_WRITE_WORDS = [
    ("MATCH (n:Member) WHERE n.name CONTAINS 'CREATE' RETURN count(n) AS c", "c"),
    ("RETURN 'MATCH (n) DETACH DELETE n' AS text", "text"),
    ("RETURN 'SET n.x = 1; DROP INDEX' AS text", "text"),
    ("MATCH (n:Member) // DELETE n\nRETURN count(n) AS c", "c"),
    ("MATCH (n:Member) /* CREATE (:X) */ RETURN count(n) AS c", "c"),
    ("MATCH (n:Member {name: 'LOAD CSV FROM x'}) RETURN count(n) AS c", "c"),
    ("MATCH (n:Member) RETURN n.`create` AS `delete`", "delete"),
    ("RETURN toLower('MERGE') AS merged", "merged"),
]


def _fingerprint(store) -> tuple:
    nodes = store.read("MATCH (n) RETURN labels(n) AS l, properties(n) AS p ORDER BY p.id", max_rows=10_000).rows
    rels = store.read("MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r) ORDER BY a.id, b.id",
                      max_rows=10_000).rows
    indexes = store.read("CALL db.indexes()", max_rows=10_000).rows
    return repr(nodes), repr(rels), len(indexes), store.stats().labels, store.stats().relationship_types


SETUP = [
    "UNWIND range(1, 5) AS i CREATE (:Member {id: 'm:' + toString(i), name: 'Member ' + toString(i)})",
    "CREATE (:Project {id: 'p:1', name: 'P'})-[:USES {line: 3}]->(:Technology {id: 't:1', name: 'T'})",
    "CALL db.idx.fulltext.createNodeIndex('Member', 'name')",
]
RO_REFUSAL = ("Refused: the query would write, and this path is read-only "
              "(graph.RO_QUERY is to be executed only on read-only queries)")
LOAD_CSV_REFUSAL = "Refused: LOAD CSV reads files or URLs and is not allowed on the read path."


def _prepare(store):
    store.ensure_schema()
    for statement in SETUP:
        store.write(statement)
    return store


@pytest.fixture
def small_graph(store):
    return _prepare(store)


@pytest.fixture(scope="module")
def scratch(engine_dir):
    s = connect("embedded:", data_dir=engine_dir, graph="t_readonly_scratch")
    yield s
    s.clear()
    s.close()


def test_the_corpus_is_large_enough():
    assert len(WRITES) >= 30


@pytest.mark.parametrize("cypher", [w for w in WRITES if "load csv" not in w.lower()])
def test_every_statement_is_one_the_engine_runs_on_its_write_path(scratch, cypher):
    scratch.clear()
    _prepare(scratch)
    scratch.write(cypher)  # raises on a syntax error or an unsupported form: then the refusal test proves nothing


@pytest.mark.parametrize("cypher", WRITES)
def test_every_writing_statement_is_refused_and_the_graph_is_unchanged(small_graph, cypher):
    before = _fingerprint(small_graph)
    with pytest.raises(ReadOnlyViolation) as caught:
        small_graph.read(cypher)
    after = _fingerprint(small_graph)
    assert after == before
    # the refusal itself: the engine's read-only verdict (or, for LOAD CSV, the store's), not some other error
    expected = LOAD_CSV_REFUSAL if "load csv" in cypher.lower() else RO_REFUSAL
    assert str(caught.value) == expected


def test_refusal_message_is_explicit(small_graph):
    with pytest.raises(ReadOnlyViolation) as caught:
        small_graph.read("CREATE (n)")
    assert str(caught.value) == (
        "Refused: the query would write, and this path is read-only "
        "(graph.RO_QUERY is to be executed only on read-only queries)"
    )
    with pytest.raises(ReadOnlyViolation) as caught:
        small_graph.read("load csv from 'file:///x' as r return r")
    assert str(caught.value) == "Refused: LOAD CSV reads files or URLs and is not allowed on the read path."


@pytest.mark.parametrize(("cypher", "column"), READS_WITH_WRITE_WORDS)
def test_reads_that_merely_contain_write_words_still_run(small_graph, cypher, column):
    result = small_graph.read(cypher)
    assert result.columns == [column]
    assert len(result.rows) >= 1
