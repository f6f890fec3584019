"""The Query page's logic without a browser: error positions from the engine's own messages, plans, typed
parameters, pickers, search phrases and the command line, against the real embedded engine."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys

import pytest

from smals_graph.app.view_model.workbench import (
    cli_command,
    describe_value,
    editor_schema,
    match_phrases,
    parse_value,
    picker_choices,
    resolve_choice,
    show_value,
    type_name,
)
from smals_graph.graph_model.canned import load_canned, parse_canned
from smals_graph.graph_model.errors import ConfigError, QueryError, ReadOnlyViolation, error_position
from smals_graph.graph_model.falkordb_store import parse_falkordb_plan
from smals_graph.graph_model.schema import ENTITY, LABEL_NAMES

# ------------------------------------------------------------------------------------------ error positions
# Texts as the embedded FalkorDB answered them (captured from GRAPH.RO_QUERY, and re-checked live below).
FALKOR_TYPO = ("errMsg: Invalid input 'R': expected RETURN line: 3, column: 4, offset: 36 errCtx: RETRN n "
               "errCtxOffset: 3")
FALKOR_PAREN = ("errMsg: Invalid input 'R': expected a label, '{', a parameter or ')' line: 1, column: 10, offset: 9 "
                "errCtx: MATCH (n RETURN n errCtxOffset: 9")


def test_falkordb_positions_are_read_from_the_message() -> None:
    where = error_position(FALKOR_TYPO, "MATCH (n:Member)\nWHERE n.nme = 1\nRETRN n")
    assert (where.line, where.column, where.offset, where.exact) == (3, 4, 36, True)
    assert where.length == 2  # "RN": the rest of the word from the engine's column
    where = error_position(FALKOR_PAREN, "MATCH (n RETURN n")
    assert (where.line, where.column, where.offset, where.length) == (1, 10, 9, 6)


@pytest.mark.parametrize("cypher, line, column", [
    ("MATCH (n RETURN n", 1, 10),
    ("MATCH (n:Member)\nWHERE n.nme = 1\nRETRN n", 3, 4),
    ("MATCH (n) RETURN n LIMT 3", 1, 23),
    ("MATCH (n:Member) WHERE n.id = $k RETRN n", 1, 37),  # the parameter header the client adds is not counted
])
def test_falkordb_errors_carry_the_position_live(store, cypher: str, line: int, column: int) -> None:
    with pytest.raises(QueryError) as raised:
        store.read(cypher, {"k": "x"})
    where = raised.value.position
    assert (where.line, where.column) == (line, column)
    # the offset and the line/column agree on the text itself
    lines = cypher.split("\n")
    assert where.offset == sum(len(t) + 1 for t in lines[: line - 1]) + column - 1


def test_names_the_engine_quotes_are_found_outside_strings_and_comments(store) -> None:
    cypher = "MATCH (n) // m is not here\nWHERE n.name = 'm'\nRETURN m"
    with pytest.raises(QueryError) as raised:
        store.read(cypher)
    assert raised.value.message == "'m' not defined"
    where = raised.value.position
    assert (where.line, where.column, where.exact) == (3, 8, False)
    with pytest.raises(QueryError) as raised:
        store.read("RETURN toUpper('a'), nosuch (1)")
    assert raised.value.message == "Unknown function 'nosuch'"
    assert (raised.value.position.line, raised.value.position.column) == (1, 22)


def test_neo4j_position_format() -> None:
    # Neo4j's syntax errors end with "(line L, column C (offset: O))", counted in the text the server got
    message = ('Invalid input \'RETRN\': expected "FOREACH", "RETURN" or "WITH" (line 3, column 1 (offset: 33))')
    cypher = "MATCH (n:Member)\nWHERE n.nme = 1\nRETRN n"
    where = error_position(message, cypher)
    assert (where.line, where.column, where.offset, where.length) == (3, 1, 33, 5)
    # the read path sent "EXPLAIN " first: positions on line 1 shift back by its length
    where = error_position("Invalid input 'RETRN': expected (line 1, column 19 (offset: 18))", "MATCH (n) RETRN n",
                           "EXPLAIN ")
    assert (where.line, where.column, where.offset) == (1, 11, 10)
    assert "MATCH (n) RETRN n"[where.offset:where.offset + where.length] == "RETRN"


def test_hint_appears_once_and_apart(store) -> None:
    with pytest.raises(QueryError) as raised:
        store.read("MATCH (n) WHERE n.name =~ 'a.*' RETURN n")
    exc = raised.value
    assert exc.message == "FalkorDB does not currently support =~"
    assert exc.hint and "CONTAINS" in exc.hint and "Hint" not in exc.message
    assert str(exc).count("Hint:") == 1  # the CLI prints both, once


# ------------------------------------------------------------------------------------------ plans
def test_explain_and_profile_on_falkordb(store) -> None:
    store.write("CREATE (:Member {id: 'm:a', category: 'A'})<-[:FOR]-(:Project {id: 'p:1'}), "
                "(:Member {id: 'm:b', category: 'B'})")
    text = "MATCH (m:Member)<-[:FOR]-(p:Project) WHERE m.category = $c RETURN m.id, count(p) ORDER BY m.id"
    plan = store.explain(text, {"c": "A"})
    assert plan.engine == "falkordb" and not plan.profiled and not plan.writes
    assert plan.operators()[0] == "Results" and "Aggregate" in plan.operators()
    assert all(node.rows is None for _, node in plan.root.walk())
    profile = store.profile(text, {"c": "A"})
    assert profile.profiled
    assert profile.root.rows == 1  # one member of category A has a project
    scan = next(node for _, node in profile.root.walk() if "Scan" in node.operator)
    assert scan.rows == 2 and scan.details == "(m:Member)"  # both members scanned, then filtered
    assert "[1 rows," in profile.text().splitlines()[0]


def test_profile_refuses_writes_before_anything_runs(store) -> None:
    store.write("CREATE (:Member {id: 'm:a'})")
    for cypher in ("CREATE (:Member {id: 'm:x'})", "MATCH (m) SET m.x = 1", "MATCH (m) DETACH DELETE m",
                   "MERGE (:Member {id: 'm:y'})"):
        with pytest.raises(ReadOnlyViolation):
            store.profile(cypher)
        assert store.explain(cypher).writes  # explained, not run: the page warns that Run would refuse it
    assert store.read("MATCH (n) RETURN count(n), max(n.x)").rows == [[1, None]]


def test_plan_lines_as_the_engine_answers() -> None:
    lines = ["Results | Records produced: 1, Execution time: 0.000921 ms",
             "    Sort | Records produced: 1, Execution time: 0.001153 ms",
             "        Conditional Traverse | (m)->(s:Service) | Records produced: 1, Execution time: 0.174125 ms",
             "            Node By Label Scan | (m:Member) | Records produced: 3, Execution time: 0.001392 ms",
             "        Argument"]
    plan = parse_falkordb_plan(lines)
    assert plan.root.operator == "Results" and plan.root.rows == 1
    traverse = plan.root.children[0].children[0]
    assert traverse.details == "(m)->(s:Service)" and traverse.time_ms == pytest.approx(0.174125)
    assert traverse.children[0].rows == 3 and plan.root.children[0].children[1].operator == "Argument"


@pytest.mark.neo4j
def test_neo4j_explain_profile_and_error_position(neo) -> None:
    """The same on the session's real Neo4j: plans from the result summary, PROFILE in a read transaction
    after EXPLAIN said read-only, and Neo4j's own "(line x, column y (offset: z))" read into the position."""
    neo.write("CREATE (:Member {id: 'm:a', category: 'A'})<-[:FOR]-(:Project {id: 'p:1'}), "
              "(:Member {id: 'm:b', category: 'B'})")
    text = "MATCH (m:Member) WHERE m.category = $c RETURN m.id"
    plan = neo.explain(text, {"c": "A"})
    assert plan.engine == "neo4j" and plan.operators()[0] == "ProduceResults" and not plan.writes
    assert all(node.rows is None for _, node in plan.root.walk())
    assert neo.explain("CREATE (:X)").writes
    profile = neo.profile(text, {"c": "A"})
    assert profile.profiled and profile.root.rows == 1 and profile.root.db_hits is not None
    with pytest.raises(ReadOnlyViolation):
        neo.profile("CREATE (:X)")
    assert neo.read("MATCH (n) RETURN count(n)").scalar() == 3  # nothing was written
    typed = "MATCH (n:Member)\nWHERE n.category = 'A'\nRETRN n"
    with pytest.raises(QueryError) as raised:
        neo.read(typed)  # planned with "EXPLAIN " first: the position is counted in the text as typed
    where = raised.value.position
    assert where is not None and (where.line, where.column) == (3, 1), raised.value.message
    assert typed[where.offset:where.offset + where.length] == "RETRN"


# ------------------------------------------------------------------------------------------ schema, pickers
def test_editor_schema_is_the_live_graph(sample_store) -> None:
    schema = editor_schema(sample_store)
    labels = {row[0] for row in sample_store.read("MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l").rows}
    # every label of the data, and the schema's own (created with their unique keys even before any node has them)
    assert labels <= set(schema["labels"]) <= labels | set(LABEL_NAMES) | {ENTITY}
    assert "REUSES" in schema["relationshipTypes"] and "acronym" in schema["propertyKeys"]
    assert not [k for k in schema["propertyKeys"] if k.startswith("_")]
    names = {f["name"] for f in schema["functions"]}
    assert {"toLower", "coalesce", "size"} <= names and "add" not in names  # operators are not functions
    assert "db.labels" in {p["name"] for p in schema["procedures"]}


def test_picker_lists_names_and_gives_keys(sample_store) -> None:
    choices = picker_choices(sample_store, "member")
    onss = next(c for c in choices if c.key == "m:onss")
    assert onss.caption == "ONSS — Office national de sécurité sociale"
    assert resolve_choice(choices, "m:onss") == "m:onss"
    assert resolve_choice(choices, "onss") == "m:onss"  # an acronym, e.g. an old URL
    assert resolve_choice(choices, "nobody") is None
    members = sample_store.read("MATCH (m:Member) RETURN count(m)").scalar()
    assert len(choices) == members


def test_canned_headers_pickers_and_phrases() -> None:
    canned = load_canned()
    assert canned["figure-service-users"].parameter("service").picker == "component"
    assert canned["members_sharing_component"].parameter("component").picker == "component"  # by its name
    assert canned["members_of_category"].parameter("category").picker is None
    assert "members using {component}" in canned["members_sharing_component"].phrases
    with pytest.raises(ConfigError, match="picker"):
        parse_canned("// title: t\n// param: x | string\n// picker: x = planet\nRETURN $x", "bad")
    with pytest.raises(ConfigError, match="phrase"):
        parse_canned("// title: t\n// param: x | string\n// phrase: things about {y}\nRETURN $x", "bad")


def test_phrases_read_the_search_text() -> None:
    canned = load_canned()

    def find(rest: str, label: str) -> list[tuple[str, str]]:
        return [("s:wave", "Wave")] if label == "Service" and rest == "wave" else []

    matches = match_phrases("Members using Wave", canned, find)
    assert [(m.query, m.key, m.text) for m in matches] == [("members_sharing_component", "s:wave",
                                                            "members using Wave")]
    assert match_phrases("wave", canned, find) == []


# ------------------------------------------------------------------------------------------ typed values
@pytest.mark.parametrize("text, value, kind", [
    ("3", 3, "int"), ("2.5", 2.5, "float"), ("true", True, "bool"), ('["a", "b"]', ["a", "b"], "list of string"),
    ("[1, 2.5]", [1, 2.5], "list of float / int"), ('"3"', "3", "string"), ("ONSS", "ONSS", "string"),
    ("null", None, "null"), ('{"a": 1}', {"a": 1}, "map"),
])
def test_parameter_values_are_typed(text: str, value, kind: str) -> None:
    parsed = parse_value(text)
    assert parsed == value and type(parsed) is type(value) and type_name(parsed) == kind
    assert parse_value(show_value(parsed)) == parsed
    assert describe_value(parsed).startswith(kind)


# ------------------------------------------------------------------------------------------ command line
def test_command_line_quoting() -> None:
    text = "// title: x\nMATCH (m:Member) WHERE m.name = 'O''Neil' // who\nRETURN m.id, \"http://$x\" AS s"
    command = cli_command(text, {"n": "it's", "k": "1", "i": 1, "l": ["a b", 2]})
    args = shlex.split(command)
    assert args[:2] == ["smals-graph", "query"]
    assert args[2] == "MATCH (m:Member) WHERE m.name = 'O''Neil' RETURN m.id, \"http://$x\" AS s"
    assert args[3:] == ["-p", "n=it's", "-p", 'k="1"', "-p", "i=1", "-p", 'l=["a b", 2]']
    uri = cli_command("RETURN 1", {}, uri="bolt://db:7687")
    assert shlex.split(uri)[:3] == ["smals-graph", "--uri", "bolt://db:7687"]


def test_command_line_runs_the_same_query(store, engine_dir) -> None:
    store.write("CREATE (:Member {id: 'm:a', name: \"L'Office\", category: 'A'}), (:Member {id: 'm:b', name: 'B'})")
    text = "MATCH (m:Member)\nWHERE m.name = $name AND m.category IN $cats\nRETURN m.id AS id"
    params = {"name": "L'Office", "cats": ["A", "C"]}
    expected = store.read(text, params).records()
    args = shlex.split(cli_command(text, params))
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "SMALS_GRAPH_URI")}
    uri = store.connection_uri()  # the embedded engine asks for its password
    out = subprocess.run([sys.executable, "-m", "smals_graph.app.cli.main", "--uri", uri, *args[1:], "--format", "json"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert [dict(zip(got["columns"], row, strict=True)) for row in got["rows"]] == expected == [{"id": "m:a"}]


def test_command_line_keeps_the_row_cap(store) -> None:
    # a page capped at 5,000 rows gives a command that returns 5,000 rows too, not the CLI's 1,000
    text = "UNWIND range(1, 6000) AS i RETURN i"
    args = shlex.split(cli_command(text, {}, max_rows=5000))
    assert args[-2:] == ["--max-rows", "5000"]
    assert "--max-rows" not in cli_command(text, {}, max_rows=1000)  # the CLI's default says it already
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "SMALS_GRAPH_URI")}
    out = subprocess.run([sys.executable, "-m", "smals_graph.app.cli.main", "--uri", store.connection_uri(),
                          *args[1:], "--format", "csv"], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert len(out.stdout.splitlines()) == 1 + 5000


def test_unknown_label_type_and_property_are_named_as_neo4j_browser_names_them() -> None:
    from smals_graph.app.view_model.workbench import unknown_names

    schema = {"labels": ["Member", "Project"], "relationshipTypes": ["FOR", "REUSES"],
              "propertyKeys": ["id", "name", "acronym"]}
    found = unknown_names("MATCH (p:Project)-[:FOR|REUSE]->(m:Membre {acronim: $a}) // (x:Nope)\n"
                          "WHERE m.nam = 'y.z' RETURN p.name, toLower(m.name), db.labels()", schema)
    assert [(u.kind, u.name) for u in found] == [("label", "Membre"), ("relationship type", "REUSE"),
                                                 ("property key", "nam"), ("property key", "acronim")]
    assert found[0].title == "The provided label is not in the database."
    assert found[0].message == ("One of the labels in your query is not available in the database, make sure you "
                                "didn't misspell it or that the label is available when you run this statement in "
                                "your application (the missing label name is: Membre)")
    assert found[2].message.endswith("(the missing property name is: nam)")
    assert unknown_names("MATCH (m:Member)-[:FOR]->(p) RETURN m.id", schema) == []


def test_an_empty_picker_is_refused_with_its_noun() -> None:
    from smals_graph.app.view_model.workbench import missing_choice

    assert missing_choice("component", "component") == (
        "$component is empty: choose a component (the query would run with null and find nothing).")
