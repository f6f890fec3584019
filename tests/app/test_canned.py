"""Every canned query of cypher/ parses and runs with its defaults on the engine (the app's data)."""

from __future__ import annotations

import pytest

from smals_graph.graph_model.canned import load_canned

CANNED = load_canned()
MINE = [name for name in CANNED if not name.startswith("figure-")]


def test_at_least_ten_canned_queries():
    assert len(MINE) >= 10


@pytest.mark.parametrize("name", MINE)
def test_canned_query_runs(app_store, name):
    query = CANNED[name]
    result = app_store.read(query.text_for(app_store.engine), query.defaults(), timeout=30)
    assert result.columns
    if name not in ("projects_without_clients", "reuse_candidates") and not name.startswith("changes_"):
        # changes_*: nothing to compare in a graph of one edition (tests/editions loads two)
        assert result.rows, f"{name} returned nothing on the loaded report"


# what the two rewritten queries answered before they were rewritten to scale (the definitions they keep)
REUSE_CANDIDATES_BY_PAIRS = """
MATCH (s:Service) WHERE s.id = $component
MATCH (user:Project)-[:REUSES|DELIVERS]->(s)
MATCH (user)-[:USES]->(t:Technology)<-[:USES]-(other:Project)-[:FOR]->(m:Member)
WHERE NOT (other)-[:REUSES|DELIVERS]->(s) AND NOT (m)-[:USES]->(s)
  AND NOT (m)<-[:FOR]-(:Project)-[:REUSES|DELIVERS]->(s)
RETURN coalesce(m.acronym, m.name) AS member, collect(DISTINCT other.name) AS their_projects,
       collect(DISTINCT t.name) AS shared_technologies, count(DISTINCT t) AS overlap
ORDER BY overlap DESC, member"""
CATEGORY_COMPONENTS_BY_UNION = """
MATCH (m:Member)<-[f:FOR]-(p:Project)-[r:REUSES|DELIVERS]->(s:Service) WHERE s.reusable = true
RETURN m, f, p, r, s
UNION
MATCH (m:Member)-[f:USES]->(s:Service) WHERE s.reusable = true
RETURN m, f, NULL AS p, NULL AS r, s"""


def _candidates(rows):
    return sorted((member, sorted(projects), sorted(techs), overlap) for member, projects, techs, overlap in rows)


def test_reuse_candidates_walk_once_per_technology_with_the_same_answer(loaded_store):
    components = [row[0] for row in loaded_store.read("MATCH (s:Service) WHERE s.reusable = true RETURN s.id",
                                                      max_rows=1000).rows]
    text = CANNED["reuse_candidates"].text_for(loaded_store.engine)
    found = 0
    for key in components:
        new = loaded_store.read(text, {"component": key}, max_rows=10_000)
        old = loaded_store.read(REUSE_CANDIDATES_BY_PAIRS, {"component": key}, max_rows=10_000)
        assert _candidates(new.rows) == _candidates(old.rows), key
        assert [row[3] for row in new.rows] == sorted((row[3] for row in new.rows), reverse=True)
        found += len(new.rows)
    assert found > 50


def _paths(rows):
    return sorted((m.key, f.type, p.key if p else None, r.type if r else None, s.key) for m, f, p, r, s in rows)


def test_category_components_is_one_ordered_pattern_with_the_union_s_rows(loaded_store):
    query = CANNED["figure-category-components"]
    new = loaded_store.read(query.text_for(loaded_store.engine), max_rows=10_000)
    old = loaded_store.read(CATEGORY_COMPONENTS_BY_UNION, max_rows=10_000)
    assert _paths(new.rows) == _paths(old.rows) and len(new.rows) > 40
    order = [(s.key, m.key, p is None, p.key if p else "") for m, _, p, _, s in new.rows]  # nulls last
    assert order == sorted(order)  # ordered by component: a row cap keeps whole components first
    assert query.max_rows == 200 and len(new.rows) < query.max_rows  # the real report is not cut
    cut = loaded_store.read(query.text_for(loaded_store.engine), max_rows=10)
    assert cut.truncated and _paths(cut.rows) == _paths(new.rows[:10])  # the cut is the engine's, and said


def test_a_canned_row_cap_is_read_from_the_header():
    from smals_graph.graph_model.canned import parse_canned
    from smals_graph.graph_model.errors import ConfigError

    assert parse_canned("// title: t\n// max_rows: 50\nRETURN 1", "t").max_rows == 50
    assert parse_canned("// title: t\nRETURN 1", "t").max_rows is None
    with pytest.raises(ConfigError) as caught:
        parse_canned("// title: t\n// max_rows: many\nRETURN 1", "t")
    assert str(caught.value) == "t: max_rows: Input should be a valid integer, unable to parse string as an integer"


@pytest.mark.parametrize("header,message", [
    ("// title: t\n// max_rows: 0", "t: max_rows: Input should be greater than 0"),
    ("// title:", "t: title: String should have at least 1 character"),
    ("// description: no title", "t: a canned query needs a '// title:' line"),
    ("// title: t\n// param: x | text", "t:2: param needs 'name | type | default | help' with a type among "
                                         "string, int, float, bool, list"),
    ("// title: t\n// param: x | int\n// picker: x = colour",
     "t:3: picker needs 'param = kind' with a kind among component, member, technology, project"),
    ("// title: t\n// param: x | int\n// phrase: about {x}",
     "t: phrase 'about {x}' needs exactly one {name} of a picker parameter (none here)"),
])
def test_a_canned_header_is_checked_line_by_line_then_as_a_model(header, message):
    from smals_graph.graph_model.canned import parse_canned
    from smals_graph.graph_model.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        parse_canned(header + "\nRETURN $x AS x" if "param" in header else header + "\nRETURN 1", "t")
    assert str(caught.value) == message


def test_a_canned_header_reads_tags_and_parameters_typed():
    from smals_graph.graph_model.canned import parse_canned

    query = parse_canned("// title: T\n// tags: a, b,\n// param: n | int | 3 | how many\n"
                         "// param: member | string\n// phrase: of {member}\nRETURN $n, $member", "t")
    assert query.tags == ("a", "b") and query.phrases == ("of {member}",)
    assert [(p.name, p.type, p.default, p.picker) for p in query.parameters] == [
        ("n", "int", 3, None), ("member", "string", None, "member")]


PROJECTS_WITHOUT_CLIENTS_BY_PATTERN = """
MATCH (p:Project) WHERE NOT (p)-[:FOR]->()
RETURN p.name AS project, p.clients_raw AS clients_as_written, p.page AS page, p.line AS line ORDER BY project"""
DOMAIN_SERVICES_UNORDERED = """
MATCH (s:Service) WHERE toLower(s.domain) CONTAINS toLower($domain)
OPTIONAL MATCH (p:Project)-[r:REUSES|DELIVERS]->(s)
OPTIONAL MATCH (p)-[f:FOR]->(c)
OPTIONAL MATCH (u)-[d:USES]->(s)
RETURN s, p, r, f, c, u, d"""


def test_projects_without_clients_by_optional_match_is_the_pattern_s_answer(app_store, loaded_store):
    from smals_graph.graph_model.connect import connect

    text = CANNED["projects_without_clients"].text_for(app_store.engine)
    scratch = connect("embedded:", data_dir=app_store.data_dir, graph="without_clients_check")
    scratch.write("CREATE (:Project:Entity {id: 'p:alone', name: 'Alone'})-[:USES]->(:Technology:Entity {id: 't:x'})")
    scratch.write("CREATE (:Project:Entity {id: 'p:served', name: 'Served'})-[:FOR]->(:Member:Entity {id: 'm:x'})")
    try:
        for store in (app_store, loaded_store, scratch):
            assert store.read(text).rows == store.read(PROJECTS_WITHOUT_CLIENTS_BY_PATTERN).rows
        assert [row[0] for row in scratch.read(text).rows] == ["Alone"]
    finally:
        scratch.clear()


def _drawn(result):
    nodes, rels = result.graph()
    return (sorted(n.key for n in nodes.values()),
            sorted((r.type, nodes[r.start].key, nodes[r.end].key) for r in rels.values()))


def test_domain_services_is_ordered_and_capped_with_the_same_drawing(loaded_store):
    query = CANNED["figure-domain-services"]
    for domain in ("G-Cloud", "Sécurité", "e"):
        new = loaded_store.read(query.text_for(loaded_store.engine), {"domain": domain}, max_rows=100_000)
        old = loaded_store.read(DOMAIN_SERVICES_UNORDERED, {"domain": domain}, max_rows=100_000)
        assert _drawn(new) == _drawn(old) and new.rows, domain
    assert query.max_rows == 200


def test_top_technologies_says_how_many_projects_each_has_beyond_those_drawn(loaded_store):
    query = CANNED["figure-top-technologies"]
    rows = loaded_store.read(query.text_for(loaded_store.engine), {"top": 3, "per_technology": 2}).rows
    drawn: dict[str, int] = {}
    for t, _, _, total in rows:
        drawn[t.key] = drawn.get(t.key, 0) + 1
        users = loaded_store.read("MATCH (t:Technology {id: $t})<-[:USES]-(p:Project) RETURN p.id",
                                  {"t": t.key}).rows
        assert total == len(users)
    assert len(drawn) == 3 and all(n == 2 for n in drawn.values())


def test_projects_using_a_busy_technology_are_cut_in_the_engine_and_the_cut_is_said(store):
    query = CANNED["projects_using_technology"]
    assert query.max_rows == 200
    store.write("CREATE (:Technology:Entity {id: 't:busy', name: 'Busy'})")
    store.write("UNWIND range(1, 250) AS i MATCH (t:Technology {id: 't:busy'}) "
                "CREATE (:Project:Entity {id: 'p:' + toString(1000 + i), name: 'P' + toString(1000 + i)})"
                "-[:USES]->(t)")
    result = store.read(query.text_for(store.engine), {"technology": "t:busy"}, max_rows=query.max_rows)
    assert result.truncated and len(result.rows) == 200
    assert [row[0] for row in result.rows] == [f"P{1000 + i}" for i in range(1, 201)]  # the first 200 by name
