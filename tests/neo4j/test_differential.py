"""The bundled report in both engines (the embedded FalkorDB and the session's Neo4j) gives the same answers:
every canned query, every read the app and the analytics make, search, Explore, the shared-components matrix,
the exports and every figure spec. Differences found are listed in README ("Engines: what differs")."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from differential import LOAD_TIME, Keys, canonical, compared, plain, props

from smals_graph.app.view_model import explore_view, queries
from smals_graph.app.view_model.search import SearchIndex
from smals_graph.graph_model import analytics, export, nx_graph
from smals_graph.graph_model.canned import load_canned

pytestmark = pytest.mark.neo4j

CANNED = load_canned()

# representative values beside each parameter's default (names and keys present in the 2025 report)
EXTRA_VALUES: dict[str, list] = {
    "component": ["s:ebox", "s:g-cloud-iaas", "s:nothing"],
    "service": ["s:ebox", "s:srf"],
    "min_members": [2, 5],
    "category": ["B", "C", "Z"],
    "first": ["m:onss", "INAMI"],
    "second": ["INASTI", "ONSS"],
    "member": ["INAMI", "m:inasti", "m:nobody"],
    "top": [3, 50],
    "severity": [["info"], ["error"]],
    "domain": ["Sécurité", "nothing"],
    "technologies": [False],
}


def _cases() -> list[tuple[str, dict]]:
    cases = []
    for name, query in CANNED.items():
        defaults = query.defaults()
        cases.append((name, defaults))
        for parameter in query.parameters:
            for value in EXTRA_VALUES.get(parameter.name, []):
                if name.startswith("figure-member") and parameter.name == "member" and not str(value).startswith("m:"):
                    continue  # that query takes a key only
                cases.append((name, {**defaults, parameter.name: value}))
    return cases


_KEYS: dict[tuple[str, int], Keys] = {}


@pytest.fixture
def engines(loaded_store, neo4j_loaded, neo4j_graph):
    """engine -> (store holding the report, its id -> key map)."""
    for name, store, loads in (("falkordb", loaded_store, 0), ("neo4j", neo4j_loaded, neo4j_graph.loads)):
        if (name, loads) not in _KEYS:
            _KEYS[(name, loads)] = Keys(store)
    return {"falkordb": (loaded_store, _KEYS[("falkordb", 0)]),
            "neo4j": (neo4j_loaded, _KEYS[("neo4j", neo4j_graph.loads)])}


def both(engines, function):
    """`function(store, keys)` on each engine."""
    return {name: function(store, keys) for name, (store, keys) in engines.items()}


def same(answers: dict) -> None:
    falkordb, neo4j = (canonical(answers[e]) for e in ("falkordb", "neo4j"))
    if falkordb != neo4j:
        import difflib
        import json

        lines = difflib.unified_diff(json.dumps(answers["falkordb"], indent=1, sort_keys=True, default=str,
                                                ensure_ascii=False).splitlines(),
                                     json.dumps(answers["neo4j"], indent=1, sort_keys=True, default=str,
                                                ensure_ascii=False).splitlines(),
                                     "falkordb", "neo4j", n=2, lineterm="")
        pytest.fail("the engines differ:\n" + "\n".join(itertools.islice(lines, 60)), pytrace=False)


def test_the_two_graphs_hold_the_same_nodes_and_relationships(engines):
    def whole(store, keys):
        nodes = sorted(canonical(plain(r[0], keys)) for r in store.read("MATCH (n) RETURN n", max_rows=100_000).rows)
        rels = sorted(canonical(plain(r[0], keys))
                      for r in store.read("MATCH ()-[r]->() RETURN r", max_rows=100_000).rows)
        return nodes, rels

    answers = both(engines, whole)
    assert len(answers["falkordb"][0]) > 500 and len(answers["falkordb"][1]) > 300
    same(answers)


@pytest.mark.parametrize(("name", "params"), _cases(), ids=lambda v: v if isinstance(v, str) else
                         ",".join(f"{k}={x}" for k, x in v.items()))
def test_canned_query(engines, name, params):
    query = CANNED[name]

    def run(store, keys):
        text = query.text_for(store.engine)
        result = store.read(text, params, max_rows=100_000, timeout=60)
        return result.columns, compared(result, keys, text), result.truncated

    answers = both(engines, run)
    same(answers)


def test_engine_variants_give_the_same_rows(engines):
    """A query with an engine-specific sibling file: each engine's version gives the same rows."""
    varied = [q for q in CANNED.values() if q.variants]
    for query in varied:
        answers = {}
        for engine, (store, keys) in engines.items():
            text = query.text_for(engine)
            answers[engine] = compared(store.read(text, query.defaults(), max_rows=100_000), keys, text)
        same(answers)


# ------------------------------------------------------------------------------------------ app reads
def _top_keys(store, n: int = 20) -> list[str]:
    rows = store.read("MATCH (n)-[r]-() WHERE n.id IS NOT NULL RETURN n.id, count(r) AS d ORDER BY d DESC, n.id "
                      "LIMIT $n", {"n": n}).rows
    return [r[0] for r in rows]


@pytest.fixture
def top20(loaded_store, neo4j_loaded) -> list[str]:
    keys = _top_keys(loaded_store)
    assert keys == _top_keys(neo4j_loaded)
    return keys


def _hood(hood, keys) -> dict:
    return {"centre": plain(hood.centre, keys), "nodes": sorted(n.key for n in hood.nodes.values()),
            "rels": sorted(canonical(plain(r, keys)) for r in hood.relationships.values()),
            "total": hood.total, "by_label": hood.by_label, "by_type": hood.by_type,
            "shown": hood.shown_by_label}


def test_neighbourhood_of_the_20_highest_degree_nodes(engines, top20):
    filters = [queries.Filters(), queries.Filters(labels=["Member", "Service"]),
               queries.Filters(types=["FOR"], statuses=["en production"])]
    for key in top20:
        for f in filters:
            same(both(engines, lambda s, k, key=key, f=f: _hood(queries.neighbourhood(s, key, f, limit=25), k)))
        same(both(engines, lambda s, k, key=key: _hood(queries.neighbourhood(s, key, rel_type="FOR"), k)))


def _view(result) -> dict:
    view = result.view
    key_of = {i: (n.key or i) for i, n in view.nodes.items()}
    return {"nodes": sorted(key_of.values()),
            "rels": sorted(f"{key_of[r.start]}-{r.type}->{key_of[r.end]}" for r in view.relationships.values()),
            "positions": {key_of[i]: p for i, p in view.positions.items()},
            "notices": [(n.key, n.total, n.shown, n.omitted) for n in result.notices],
            "applied": [e.token() for e in result.applied]}


def test_explore_view_of_the_20_highest_degree_nodes(engines, top20):
    for key in top20:
        state = explore_view.ExploreState(node=key, limit=40)
        same(both(engines, lambda s, k, state=state: _view(explore_view.build(s, state))))
    # expanded twice, once by type, with filters
    state = explore_view.ExploreState(node="m:onss", limit=60,
                                      filters=queries.Filters(labels=["Project", "Member", "Service", "Technology"]))
    neighbours = [k for k in _view(explore_view.build(engines["falkordb"][0], state))["nodes"]
                  if k.startswith("p:")]
    state.expand(neighbours[0])
    state.expand(neighbours[1], "USES")
    state.expand("s:wave")  # not on screen: not applied
    same(both(engines, lambda s, k: _view(explore_view.build(s, state))))


def test_inspector_and_lookups(engines, top20):
    for key in [*top20, "m:onss", "s:wave", "nothing"]:
        def details(store, keys, key=key):
            d = queries.node_details(store, key)
            if d is None:
                return None
            return {"node": plain(d.node, keys), "links": [(li.direction, li.type, plain(li.other, keys),
                                                            plain(li.properties, keys)) for li in d.links],
                    "problems": [plain(p, keys) for p in d.problems], "degree": queries.degree_by_type(store, key)}
        same(both(engines, details))
    same(both(engines, lambda s, k: {key: plain(n, k) for key, n in queries.nodes_by_keys(s, top20).items()}))
    same(both(engines, lambda s, k: sorted(canonical(plain(r, k))
                                           for r in queries.links_between(s, top20).values())))
    same(both(engines, lambda s, k: sorted(canonical(plain(r, k))
                                           for r in queries.links_between(s, top20, ["FOR"]).values())))


def test_app_lists(engines):
    # when each engine was loaded differs, of course: the only field left out
    same(both(engines, lambda s, k: [{n: v for n, v in e.items() if n not in LOAD_TIME} for e in queries.editions(s)]))
    same(both(engines, lambda s, k: str(queries.edition_file(s))))
    same(both(engines, lambda s, k: queries.services(s)))
    same(both(engines, lambda s, k: queries.members(s)))
    same(both(engines, lambda s, k: queries.members(s, include_organizations=True)))
    same(both(engines, lambda s, k: queries.facet_values(s)))
    same(both(engines, lambda s, k: [(p.key, p.severity, p.message, p.line, sorted(n.key for n in p.concerns))
                                     for p in queries.problems(s)]))
    same(both(engines, lambda s, k: (s.stats().labels, s.stats().relationship_types)))


def test_shared_components_matrix(engines):
    from smals_graph.app.ui.shared_page import matrix, uses_frame
    from smals_graph.app.view_model import shared_matrix

    for orgs, reusable in itertools.product((False, True), (False, True)):
        def uses(store, keys, orgs=orgs, reusable=reusable):
            found = queries.component_uses(store, include_organizations=orgs, reusable_only=reusable)
            return {"uses": [vars(u) for u in found],
                    "matrix": matrix(found).fillna(-1).to_dict(orient="split"),
                    "frame": uses_frame(found).fillna(-1).to_dict(orient="split")}
        same(both(engines, uses))
        def whole(store, keys, orgs=orgs, reusable=reusable):
            frame = shared_matrix.full_frame(shared_matrix.pairs(store, include_organizations=orgs,
                                                                 reusable_only=reusable)).astype(object)
            return frame.where(frame.notna(), None).to_dict(orient="split")
        same(both(engines, whole))
    for service in ("s:wave", "s:ebox"):
        same(both(engines, lambda s, k, service=service: [vars(u) for u in queries.component_uses(
            s, include_organizations=True, service_key=service)]))

        def graph(store, keys, service=service):
            nodes, rels = queries.component_graph(store, service, include_organizations=True)
            return sorted(n.key for n in nodes.values()), sorted(canonical(plain(r, keys)) for r in rels.values())
        same(both(engines, graph))


def test_member_comparison(engines):
    for a, b in (("m:onss", "m:onem"), ("m:onss", "m:inami"), ("m:inasti", "m:onss"), ("m:onss", "m:nobody")):
        def compare(store, keys, a=a, b=b):
            c = queries.compare_members(store, a, b)
            return {"a": plain(c.a, keys), "b": plain(c.b, keys), "components": c.shared_components,
                    "technologies": c.shared_technologies, "projects": c.shared_projects,
                    "nodes": sorted(n.key for n in c.nodes.values()),
                    "rels": sorted(canonical(plain(r, keys)) for r in c.relationships.values()),
                    "paths": c.paths, "truncated": c.paths_truncated}
        same(both(engines, compare))


def test_search(engines):
    def index(store, keys):
        built = SearchIndex.build(store)
        hits = {q: [vars(h) for h in built.search(q)] for q in
                ("wave", "onss", "signaletiqe", "ebox", "postgres", "2025", "sécurité sociale", "g-cloud")}
        return [vars(e) for e in built.entries], hits

    same(both(engines, index))


# ------------------------------------------------------------------------------------------ analytics
def _graph(store):
    return nx_graph.from_store(store)


def _neutral_graph(graph) -> dict:
    nodes = {k: {a: plain(v, None) for a, v in d.items() if a not in ("engine_id", *LOAD_TIME)}
             for k, d in graph.nodes(data=True)}
    edges = sorted(canonical([a, b, {x: plain(v, None) for x, v in d.items() if x != "rel_id"}])
                   for a, b, d in graph.edges(data=True))
    return {"nodes": nodes, "edges": edges}


def test_analytics(engines):
    def measure(store, keys):
        graph = _graph(store)
        eco = analytics.ecosystem(graph)
        profiles = analytics.member_profiles(graph)
        return {
            "graph": _neutral_graph(graph),
            "centrality": [vars(r) for r in analytics.centrality(eco, top=40)],
            "communities": [vars(c) for c in analytics.communities(eco)],
            "path": [vars(p) for p in analytics.shortest_path(eco, "m:onss", "m:inami")],
            "profiles": {k: canonical(vars(p)) for k, p in profiles.items()},
            "similarity": [vars(s) for s in analytics.similarity(profiles)[:200]],
            "reuse": [canonical(vars(o)) for o in analytics.reuse_opportunities(graph, top=50)],
            "unshared": [vars(p) for p in analytics.unshared_pairs(graph)[:200]],
            "metric": analytics.metric(eco, "betweenness"),
        }

    same(both(engines, measure))


# ------------------------------------------------------------------------------------------ exports
def test_exports(engines, tmp_path: Path):
    """GraphML and JSON exports are the same apart from the engine's own ids, which they carry on purpose
    (`engine_id` on nodes, `rel_id` on edges and in the edge keys), and the edition's `loaded_at`: known
    differences, pinned here."""
    files = {}
    for engine, (store, _keys) in engines.items():
        graph = _graph(store)
        files[engine] = {fmt: export.export_bytes(graph, fmt) for fmt in ("graphml", "json", "csv", "gexf")}
        ids = {d["engine_id"] for _, d in graph.nodes(data=True)}
        assert all(i.isdigit() for i in ids) == (engine == "falkordb")
    for fmt in ("graphml", "json", "csv", "gexf"):
        assert files["falkordb"][fmt] != files["neo4j"][fmt]  # the ids differ...
    import json as jsonlib

    docs = {e: jsonlib.loads(files[e]["json"]["graph.json"]) for e in files}
    for doc in docs.values():  # ...and nothing else does
        for node in doc["nodes"]:
            node.pop("engine_id")
            node.pop("loaded_at", None)
        for edge in doc["edges"]:
            edge.pop("rel_id")
            edge["key"] = edge["key"].split(":", 1)[0]
        doc["edges"].sort(key=canonical)
    # the betweenness each load writes (`_betweenness`) differs in the last bits between the engines: rounded
    assert canonical(plain(docs["falkordb"], None)) == canonical(plain(docs["neo4j"], None))
    import networkx as nx

    graphs = {}
    for engine in files:
        path = tmp_path / f"{engine}.graphml"
        path.write_bytes(files[engine]["graphml"]["graph.graphml"])
        read = nx.read_graphml(path)
        for *_, data in read.edges(data=True):
            if "id" in data:
                data["id"] = data["id"].split(":", 1)[0]  # the edge key: TYPE:engine id
        graphs[engine] = _neutral_graph(read)
    assert canonical(graphs["falkordb"]) == canonical(graphs["neo4j"])


# ------------------------------------------------------------------------------------------ figures
@pytest.mark.parametrize("spec_name", sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "cypher" /
                                                               "figures").glob("*.toml")))
def test_every_figure_spec_gives_the_same_svg(engines, spec_name, tmp_path: Path):
    from smals_graph.app.figures.snapshot import find_spec, render_spec

    spec = find_spec(spec_name)
    svgs = {}
    for engine, (store, _keys) in engines.items():
        (path,) = render_spec(store, spec, tmp_path / engine, formats=("svg",))
        svgs[engine] = path.read_bytes()
    assert len(svgs["falkordb"]) > 5000
    assert svgs["falkordb"] == svgs["neo4j"]


def test_properties_keep_their_types(engines):
    """Lists, booleans, integers and floats stored by the loader read back with the same Python types."""
    def types(store, keys):
        rows = store.read("MATCH (n) RETURN n", max_rows=100_000).rows
        found: dict[str, set[str]] = {}
        for (node,) in rows:
            for name, value in props(node.properties).items():
                found.setdefault(f"{node.labels[0]}.{name}", set()).add(type(value).__name__)
        return {k: sorted(v) for k, v in sorted(found.items())}

    same(both(engines, types))


# ------------------------------------------------------------------------------------------ known differences
def test_known_difference_one_relationship_bound_twice_in_one_match(engines):
    """Within one MATCH, Neo4j never binds one relationship to two pattern parts; FalkorDB does. So a project
    that serves both members shows as a shared technology on FalkorDB only, unless the pattern is split into two
    MATCH clauses (what `queries.compare_members` does): pinned, so a change on either side is noticed."""
    one_match = ("MATCH (a)<-[:FOR]-(x:Project)-[:USES]->(t:Technology)<-[:USES]-(y:Project)-[:FOR]->(b) "
                 "WHERE a.id = $a AND b.id = $b AND x = y RETURN count(*)")
    pair = {"a": "m:onss", "b": "m:onem"}
    falkordb, neo4j = engines["falkordb"][0], engines["neo4j"][0]
    assert falkordb.read(one_match, pair).scalar() > 0
    assert neo4j.read(one_match, pair).scalar() == 0
    rows = ("MATCH (a)<-[:FOR]-(x:Project)-[:USES]->(t:Technology) WHERE a.id = $a "
            "MATCH (t)<-[:USES]-(y:Project)-[:FOR]->(b) WHERE b.id = $b AND x = y WITH x, t RETURN count(*)")
    assert falkordb.read(rows, pair).scalar() == neo4j.read(rows, pair).scalar() == 14


def test_known_difference_falkordb_counts_a_cross_match_equality_wrong(engines):
    """FalkorDB's `RETURN count(*)` right after a MATCH whose WHERE equates a node of an earlier MATCH (`x = y`)
    counts 2 where there are 14 rows (with `WITH x, t` in between it counts 14, as Neo4j does). No query of the
    product has that shape; pinned so that a FalkorDB fix (or a query that falls into it) is noticed."""
    pair = {"a": "m:onss", "b": "m:onem"}
    text = ("MATCH (a)<-[:FOR]-(x:Project)-[:USES]->(t:Technology) WHERE a.id = $a "
            "MATCH (t)<-[:USES]-(y:Project)-[:FOR]->(b) WHERE b.id = $b AND x = y RETURN count(*)")
    assert engines["neo4j"][0].read(text, pair).scalar() == 14
    assert engines["falkordb"][0].read(text, pair).scalar() == 2
