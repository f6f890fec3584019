"""The app's read queries, over the store API only (the same Cypher runs on FalkorDB and Neo4j).

No Streamlit import here: pages call these functions, tests call them directly against a real engine.
Nodes are addressed by their `id` property (the schema key), never by engine ids, always through the common
`:Entity` label (`MATCH (n:Entity {id: $key})`) so that each lookup is an index seek on both engines
(tests/app/test_index_plans.py reads the plans). Lists that could grow with the graph are capped, and say so
(`Capped.truncated`).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smals_graph.graph_model import schema
from smals_graph.graph_model.results import Node, QueryResult, Relationship
from smals_graph.graph_model.store import Store
from smals_graph.loader.knowledge import REPORTS_DIR
from smals_graph.loader.parse import report_lines as read_report_lines

if TYPE_CHECKING:
    from .usage import UsageFact

DEFAULT_LIMIT = 150
STATUS_UNKNOWN = "unknown"
PICKER_LIMIT = 10_000  # rows a picker lists at most; Capped says when more exist
LABEL_OF_M = schema.label_of("m")


class Capped(list):
    """A list of rows cut at `limit`: `truncated` says that more exist (never cut silently)."""

    def __init__(self, rows: list[Any], limit: int, truncated: bool) -> None:
        super().__init__(rows)
        self.limit = limit
        self.truncated = truncated


def public_props(props: dict[str, Any]) -> dict[str, Any]:
    """Properties without the internal ones (names starting with `_`)."""
    return {k: v for k, v in props.items() if not str(k).startswith("_")}


def node_label(node: Node) -> str:
    return node.label


# --------------------------------------------------------------------------------------------- nodes
NODE_BY_KEY_CYPHER = "MATCH (n:Entity {id: $key}) RETURN n LIMIT 1"
NODES_BY_KEYS_CYPHER = "MATCH (n:Entity) WHERE n.id IN $keys RETURN n"


def node_by_key(store: Store, key: str) -> Node | None:
    result = store.read(NODE_BY_KEY_CYPHER, {"key": key})
    return result.rows[0][0] if result.rows else None


def nodes_by_keys(store: Store, keys: list[str]) -> dict[str, Node]:
    if not keys:
        return {}
    result = store.read(NODES_BY_KEYS_CYPHER, {"keys": list(keys)}, max_rows=len(keys) + 10)
    return {row[0].key: row[0] for row in result.rows if row[0].key}


@dataclass
class Filters:
    """What the Explore view may show. None means everything."""

    labels: list[str] | None = None
    types: list[str] | None = None
    statuses: list[str] | None = None  # Project.status_norm, "unknown" for none
    categories: list[str] | None = None  # Member.category

    def params(self) -> dict[str, Any]:
        return {"labels": self.labels, "types": self.types, "statuses": self.statuses,
                "categories": self.categories, "unknown": STATUS_UNKNOWN}


# WITH before the filters: FalkorDB would otherwise plan the combined filter as a scan of every node
_NEIGHBOUR_MATCH = """
MATCH (n:Entity {id: $key})-[r]-(m)
WITH n, r, m
WHERE ($types IS NULL OR type(r) IN $types)
  AND ($labels IS NULL OR any(l IN labels(m) WHERE l IN $labels))
  AND ($statuses IS NULL OR NOT m:Project OR coalesce(m.status_norm, $unknown) IN $statuses)
  AND ($categories IS NULL OR NOT m:Member OR m.category IN $categories)
"""


NEIGHBOUR_COUNTS_CYPHER = (_NEIGHBOUR_MATCH + f"RETURN {LABEL_OF_M} AS label, type(r) AS type, "
                           "count(DISTINCT m) AS nodes, count(r) AS rels")
NEIGHBOUR_LABELS_CYPHER = _NEIGHBOUR_MATCH + f"WITH DISTINCT m RETURN {LABEL_OF_M} AS label, count(*) AS n"


@dataclass
class Neighbourhood:
    centre: Node | None
    nodes: dict[str, Node] = field(default_factory=dict)  # engine id -> node (centre included)
    relationships: dict[str, Relationship] = field(default_factory=dict)
    total: int = 0  # neighbours matching the filters
    by_label: dict[str, int] = field(default_factory=dict)  # label -> matching neighbours
    by_type: dict[str, int] = field(default_factory=dict)  # relationship type -> matching relationships
    shown_by_label: dict[str, int] = field(default_factory=dict)

    @property
    def omitted(self) -> dict[str, int]:
        return {label: n - self.shown_by_label.get(label, 0) for label, n in self.by_label.items()
                if n - self.shown_by_label.get(label, 0) > 0}

    @property
    def omitted_total(self) -> int:
        return sum(self.omitted.values())


def neighbourhood(store: Store, key: str, filters: Filters | None = None, *, rel_type: str | None = None,
                  limit: int = DEFAULT_LIMIT) -> Neighbourhood:
    """The node with key `key`, its neighbours (at most `limit`, in key order) and counts of all of them."""
    filters = filters or Filters()
    params = {**filters.params(), "key": key, "limit": int(limit)}
    if rel_type:
        allowed = [rel_type] if filters.types is None or rel_type in filters.types else []
        params["types"] = allowed
    centre = node_by_key(store, key)
    hood = Neighbourhood(centre=centre)
    if centre is None:
        return hood
    hood.nodes[centre.id] = centre
    counts = store.read(NEIGHBOUR_COUNTS_CYPHER, params, max_rows=1000)
    per_label: Counter[str] = Counter()
    per_type: Counter[str] = Counter()
    for label, rtype, n_nodes, n_rels in counts.rows:
        per_label[label] += n_nodes  # a node linked twice by two types is counted under both: capped below
        per_type[rtype] += n_rels
    distinct = store.read(NEIGHBOUR_LABELS_CYPHER, params, max_rows=1000)
    hood.by_label = {row[0]: row[1] for row in distinct.rows}
    hood.by_type = dict(per_type)
    hood.total = sum(hood.by_label.values())
    neighbours = store.read(
        _NEIGHBOUR_MATCH
        + "WITH DISTINCT m ORDER BY m.id LIMIT $limit RETURN m",
        params, max_rows=limit + 1,
    )
    keep = [row[0] for row in neighbours.rows]
    for node in keep:
        hood.nodes[node.id] = node
    shown = Counter(node_label(n) for n in keep)
    hood.shown_by_label = dict(shown)
    if keep:
        rels = store.read(
            _NEIGHBOUR_MATCH + "AND m.id IN $keys RETURN r",
            {**params, "keys": [n.key for n in keep]}, max_rows=max(1000, 4 * len(keep)),
        )
        for row in rels.rows:
            rel = row[0]
            hood.relationships[rel.id] = rel
    return hood


# from each node's outgoing links (few: only projects, members and problems have any), never from the incoming ones of
# a technology in the set (thousands at 50x), where Neo4j's planner would start otherwise: `WITH DISTINCT a` ends the
# query part (dialect: planning)
LINKS_BETWEEN_CYPHER = ("MATCH (a:Entity) WHERE a.id IN $keys WITH DISTINCT a "
                        "MATCH (a)-[r]->(b:Entity) WHERE b.id IN $keys AND ($types IS NULL OR type(r) IN $types) "
                        "RETURN r")


def links_between(store: Store, keys: list[str], types: list[str] | None = None) -> dict[str, Relationship]:
    """Relationships among the given nodes (so that an expanded view also shows edges between neighbours)."""
    if len(keys) < 2:
        return {}
    result = store.read(LINKS_BETWEEN_CYPHER, {"keys": keys, "types": types}, max_rows=20_000)
    return {row[0].id: row[0] for row in result.rows}


# --------------------------------------------------------------------------------------------- inspector
@dataclass
class Link:
    direction: str  # "out" or "in"
    type: str
    other: Node
    properties: dict[str, Any]


@dataclass
class NodeDetails:
    node: Node
    links: list[Link]  # at most LINKS_PER_TYPE per direction and type, in key order
    problems: list[Node]
    totals: dict[tuple[str, str], int] = field(default_factory=dict)  # (direction, type) -> all its links

    @property
    def label(self) -> str:
        return node_label(self.node)

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    @property
    def more(self) -> dict[tuple[str, str], int]:
        """(direction, type) -> links not listed (a busy node's list is a sample: never cut silently)."""
        listed = Counter((link.direction, link.type) for link in self.links)
        return {k: n - listed[k] for k, n in sorted(self.totals.items()) if n > listed[k]}

    def problem_count(self) -> int:
        return self.totals.get(("in", schema.CONCERNS), 0)


LINKS_PER_TYPE = 50  # links of one type and direction an inspector lists; the counts cover all of them
# counts per type and a sample per type in key order, aggregated in the engine: a technology used by thousands
# of projects returns a bounded answer
_LINKS_TAIL = ("WITH type(r) AS type, r, m ORDER BY type, m.id "
               "WITH type, count(*) AS total, collect([r, m])[..$per_type] AS sample "
               "UNWIND sample AS link WITH type, total, link[0] AS r, link[1] AS m "
               "RETURN type, total, r, m ORDER BY type, m.id")  # groups come out of an aggregation unordered
NODE_LINKS_OUT_CYPHER = "MATCH (n:Entity {id: $key})-[r]->(m) " + _LINKS_TAIL
NODE_LINKS_IN_CYPHER = "MATCH (n:Entity {id: $key})<-[r]-(m) " + _LINKS_TAIL


def node_details(store: Store, key: str, per_type: int | None = None) -> NodeDetails | None:
    """A node, its links (at most `per_type`, default LINKS_PER_TYPE, per direction and type) and how many
    links of each there are."""
    per_type = LINKS_PER_TYPE if per_type is None else per_type
    node = node_by_key(store, key)
    if node is None:
        return None
    links: list[Link] = []
    totals: dict[tuple[str, str], int] = {}
    params = {"key": key, "per_type": per_type}
    out = store.read(NODE_LINKS_OUT_CYPHER, params, max_rows=per_type * 50)
    inc = store.read(NODE_LINKS_IN_CYPHER, params, max_rows=per_type * 50)
    for direction, result in (("out", out), ("in", inc)):
        for rel_type, total, rel, other in result.rows:
            totals[(direction, rel_type)] = int(total)
            links.append(Link(direction, rel_type, other, public_props(rel.properties)))
    problems = [link.other for link in links if link.type == schema.CONCERNS and link.direction == "in"]
    return NodeDetails(node=node, links=links, problems=problems, totals=totals)


def degree_by_type(store: Store, key: str) -> dict[str, int]:
    result = store.read("MATCH (n:Entity {id: $key})-[r]-() RETURN type(r), count(r)", {"key": key})
    return {row[0]: row[1] for row in result.rows}


# --------------------------------------------------------------------------------------------- metrics
def _top_by(prop: str) -> str:
    return (f"MATCH (n:Entity) WHERE n.{prop} IS NOT NULL "
            "AND ($kinds IS NULL OR any(l IN labels(n) WHERE l IN $kinds)) "
            f"RETURN n.id, coalesce(n.acronym, n.name, n.id), {schema.label_of('n')}, n.{schema.DEGREE_PROP}, "
            f"n.{schema.BETWEENNESS_PROP}, n.{schema.COMMUNITY_PROP} "
            f"ORDER BY n.{prop} DESC, n.{schema.DEGREE_PROP} DESC, n.id LIMIT $top")


TOP_BY_BETWEENNESS_CYPHER = _top_by(schema.BETWEENNESS_PROP)
TOP_BY_DEGREE_CYPHER = _top_by(schema.DEGREE_PROP)
BETWEENNESS_SAMPLES_CYPHER = f"MATCH (e:Edition) RETURN max(e.{schema.BETWEENNESS_SAMPLES_PROP})"
COMMUNITY_METHOD_CYPHER = f"MATCH (e:Edition) RETURN max(e.{schema.COMMUNITY_METHOD_PROP})"


def top_by_metric(store: Store, metric: str = "betweenness", top: int = 40,
                  kinds: list[str] | None = None) -> list[dict[str, Any]]:
    """The `top` entities by a metric the loader measured (degree or betweenness), read from the nodes."""
    if metric not in ("betweenness", "degree"):
        raise ValueError(f"unknown metric {metric!r}: betweenness or degree")
    result = store.read(TOP_BY_BETWEENNESS_CYPHER if metric == "betweenness" else TOP_BY_DEGREE_CYPHER,
                        {"kinds": kinds, "top": top}, max_rows=top)
    return [dict(zip(("key", "caption", "label", "degree", "betweenness", "community"), row, strict=True))
            for row in result.rows]


def betweenness_samples(store: Store) -> int | None:
    """How the load measured betweenness: 0 exact, n > 0 estimated from n sampled sources, None not measured."""
    result = store.read(BETWEENNESS_SAMPLES_CYPHER)
    value = result.scalar() if result.rows else None
    return int(value) if value is not None else None


def community_method(store: Store) -> str | None:
    """Which Louvain implementation the load grouped the communities with (analytics.LOUVAIN_*), None when the
    graph was loaded without it."""
    result = store.read(COMMUNITY_METHOD_CYPHER)
    value = result.scalar() if result.rows else None
    return str(value) if value is not None else None


def describe_metrics(samples: int | None, method: str | None) -> str:
    """One sentence on how the load measured the metrics (Status and Analytics pages)."""
    if samples is None:
        return "This graph was loaded without its metrics: load it again (`smals-graph load`)."
    between = (f"betweenness is an estimate from {samples} sampled sources (seeded)" if samples
               else "betweenness is exact")
    grouped = f"communities by {method}" if method else "communities by Louvain"
    return f"Measured by the load: degree, {between}, {grouped}."


# --------------------------------------------------------------------------------------------- report text
def report_path(file: str | None) -> Path | None:
    """A bundled report by its file name (never a path taken from the graph)."""
    if not file:
        return None
    path = REPORTS_DIR / Path(file).name
    return path if path.is_file() else None


def known_report(store: Store, edition: dict[str, Any]) -> Path | None:
    """The report file of an edition: a known report (bundled, or recorded by a load on this machine) whose
    sha256 is the edition's. `Edition.file` is never opened: anyone who can write the graph can set it."""
    from smals_graph.graph_model.reports import find

    return find(edition.get("sha256"), store_data_dir(store), REPORTS_DIR)


def store_data_dir(store: Store) -> Path | None:
    from smals_graph.graph_model.embedded import default_data_dir

    return getattr(store, "data_dir", None) or default_data_dir()


_REPORT_CACHE: dict[Path, list[str]] = {}


def report_lines(path: Path) -> list[str]:
    if path not in _REPORT_CACHE:
        _REPORT_CACHE[path] = read_report_lines(path)  # cp1252 reports too, numbered as the loader does
    return _REPORT_CACHE[path]


def report_excerpt(path: Path | None, line: int | None, context: int = 0) -> list[tuple[int, str]]:
    """Lines `line - context` .. `line + context` (1-based) of the report, as (number, text)."""
    if path is None or not isinstance(line, int) or line < 1:
        return []
    lines = report_lines(path)
    lo, hi = max(1, line - context), min(len(lines), line + context)
    return [(i, lines[i - 1]) for i in range(lo, hi + 1)]


def editions(store: Store) -> list[dict[str, Any]]:
    result = store.read("MATCH (e:Edition) RETURN e ORDER BY e.year")
    return [public_props(row[0].properties) for row in result.rows]


def edition_file(store: Store, year: int | None = None) -> Path | None:
    for edition in editions(store):
        if year is None or edition.get("year") == year:
            path = known_report(store, edition)
            if path:
                return path
    return None


# --------------------------------------------------------------------------------------------- components
def component_uses(store: Store, *, include_organizations: bool = False, reusable_only: bool = False,
                   service_key: str | None = None, user_keys: list[str] | None = None) -> list[UsageFact]:
    """Every (member or organisation, component) fact, directly or through a project (usage module); only those
    of some users when `user_keys` is given."""
    from . import usage

    return usage.member_facts(usage.usage_facts(store, service_key=service_key, reusable_only=reusable_only,
                                                include_organizations=include_organizations, user_keys=user_keys))


def services(store: Store) -> list[dict[str, Any]]:
    """Every service with the split of its users (usage module); `users` is the distinct total."""
    from . import usage

    result = store.read("MATCH (s:Service) RETURN s.id, s.name, s.domain, s.reusable ORDER BY s.name", max_rows=10_000)
    split = usage.component_counts(store, include_organizations=True)
    out = []
    for sid, name, domain, reusable in result.rows:
        c = split.get(sid, usage.UserCounts())
        out.append({"id": sid, "name": name, "domain": domain, "reusable": reusable, "users": c.total,
                    "members": len(c.members), "projects": len(c.projects), "applications": len(c.applications),
                    "organizations": len(c.organizations), "split": c, "summary": c.summary()})
    # by the numbers shown ("9 members · 1 project"), never by a total that no page shows
    out.sort(key=lambda s: (*s["split"].rank(), str(s["name"])))
    return out


_MEMBERS_TAIL = (" AND ($text = '' OR toLower(m.name) CONTAINS $text "
                 "OR toLower(coalesce(m.acronym, '')) CONTAINS $text OR m.id CONTAINS $text) "
                 "OPTIONAL MATCH (m)<-[:FOR]-(p:Project) WITH m, count(p) AS projects WHERE projects >= $min_projects "
                 f"RETURN m.id, coalesce(m.acronym, m.name), m.name, m.category, {LABEL_OF_M}, projects "
                 "ORDER BY projects DESC, m.id LIMIT $limit")
MEMBERS_CYPHER = "MATCH (m:Member) WHERE true" + _MEMBERS_TAIL
MEMBERS_AND_ORGS_CYPHER = "MATCH (m:Entity) WHERE (m:Member OR m:Organization)" + _MEMBERS_TAIL
MEMBERS_BY_KEYS_CYPHER = "MATCH (m:Entity) WHERE m.id IN $keys AND (m:Member OR m:Organization)" + _MEMBERS_TAIL


def members(store: Store, include_organizations: bool = False, *, limit: int = PICKER_LIMIT,
            with_projects: bool = False, text: str | None = None, keys: list[str] | None = None) -> Capped:
    """Members (and organisations), most projects first, at most `limit`: `.truncated` says when more exist.
    `with_projects`: only clients of at least one project; `text`: whose name, acronym or key contains it
    (case-insensitive); `keys`: these ones (pickers search instead of listing everything)."""
    result = store.read(
        MEMBERS_BY_KEYS_CYPHER if keys is not None else MEMBERS_AND_ORGS_CYPHER if include_organizations
        else MEMBERS_CYPHER,
        {"limit": limit + 1, "text": (text or "").strip().lower(), "keys": keys,
         "min_projects": 1 if with_projects else 0}, max_rows=limit + 1,
    )
    rows = [dict(zip(("id", "caption", "name", "category", "label", "projects"), row, strict=False))
            for row in result.rows[:limit]]
    return Capped(rows, limit, len(result.rows) > limit)


_ENTITY_RETURN = (f"RETURN n.id, coalesce(n.acronym, n.name, n.id), {schema.label_of('n')}, "
                  f"coalesce(n.{schema.DEGREE_PROP}, 0.0) AS degree ORDER BY degree DESC, n.id LIMIT $limit")
ENTITIES_CYPHER = ("MATCH (n:Entity) WHERE any(l IN labels(n) WHERE l IN $labels) "
                   "AND ($text = '' OR toLower(n.name) CONTAINS $text "
                   "OR toLower(coalesce(n.acronym, '')) CONTAINS $text OR n.id CONTAINS $text) " + _ENTITY_RETURN)
ENTITIES_BY_KEYS_CYPHER = "MATCH (n:Entity) WHERE n.id IN $keys " + _ENTITY_RETURN


def entities(store: Store, text: str | None = None, *, labels: list[str] | None = None,
             limit: int = PICKER_LIMIT, keys: list[str] | None = None) -> Capped:
    """Entities whose name, acronym or key contains `text` (case-insensitive), best connected first, at most
    `limit` (`.truncated` says when more exist); `keys`: these ones. For pickers over every kind of entity."""
    from smals_graph.graph_model.nx_graph import ANALYTIC_LABELS

    result = store.read(ENTITIES_BY_KEYS_CYPHER if keys is not None else ENTITIES_CYPHER,
                        {"labels": list(labels or ANALYTIC_LABELS), "text": (text or "").strip().lower(),
                         "keys": keys, "limit": limit + 1}, max_rows=limit + 1)
    rows = [dict(zip(("id", "caption", "label", "degree"), row, strict=True)) for row in result.rows[:limit]]
    return Capped(rows, limit, len(result.rows) > limit)


@dataclass
class Comparison:
    a: Node | None
    b: Node | None
    shared_components: list[dict[str, Any]]
    shared_technologies: list[dict[str, Any]]
    shared_projects: list[dict[str, Any]]
    nodes: dict[str, Node]
    relationships: dict[str, Relationship]
    paths: int
    paths_truncated: bool


_A, _B = "(a:Entity {id: $a})", "(b:Entity {id: $b})"
_PAIR_PATTERNS = (
    # shared project
    f"MATCH p = {_A}<-[:FOR]-(:Project)-[:FOR]->{_B}",
    # a component reused by a project of each
    f"MATCH p = {_A}<-[:FOR]-(x:Project)-[:REUSES|DELIVERS]->(:Service)<-[:REUSES|DELIVERS]-(y:Project)-[:FOR]->{_B} "
    "WHERE x <> y",
    # a component used directly by one, through a project by the other
    f"MATCH p = {_A}-[:USES]->(:Service)<-[:REUSES|DELIVERS]-(:Project)-[:FOR]->{_B}",
    f"MATCH p = {_A}<-[:FOR]-(:Project)-[:REUSES|DELIVERS]->(:Service)<-[:USES]-{_B}",
    # a component both state they use
    f"MATCH p = {_A}-[:USES]->(:Service)<-[:USES]-{_B}",
    # a component reused by a project both are clients of (its other client's link comes with the shared project)
    f"MATCH p = {_A}<-[:FOR]-(x:Project)-[:REUSES|DELIVERS]->(:Service) MATCH {_B}<-[:FOR]-(x)",
)
# a technology used by a project of each, as two halves met at the technology: walking from one member through a
# technology to every project using it would grow with the graph (Java is in thousands of projects)
_TECH_PAIR_PATHS_CYPHER = (
    f"MATCH pa = {_A}<-[:FOR]-(x:Project)-[:USES]->(t:Technology) "
    "WITH collect(pa) AS mine, collect(DISTINCT t) AS ts "
    f"MATCH pb = {_B}<-[:FOR]-(y:Project)-[:USES]->(t:Technology) WHERE t IN ts "
    "UNWIND mine AS pa WITH pa, pb, t, y WHERE last(nodes(pa)) = t AND nodes(pa)[1] <> y "
    "RETURN pa, pb LIMIT $limit")
# The texts sent, whole (the Neo4j parser test reads them from here).
PAIR_PATH_CYPHER = (*(pattern + " RETURN p LIMIT $limit" for pattern in _PAIR_PATTERNS), _TECH_PAIR_PATHS_CYPHER)
SHARED_TECHNOLOGIES_CYPHER = (f"MATCH {_A}<-[:FOR]-(x:Project)-[:USES]->(t:Technology) "
                              "WITH t, collect(DISTINCT x.name) AS xs WITH collect([t, xs]) AS mine, "
                              "collect(t) AS ts "
                              f"MATCH {_B}<-[:FOR]-(y:Project)-[:USES]->(t:Technology) WHERE t IN ts "
                              "WITH mine, t, collect(DISTINCT y.name) AS ys "
                              "UNWIND mine AS pair WITH pair, t, ys WHERE pair[0] = t "
                              "RETURN t.id, t.name, pair[1], ys ORDER BY t.name")
SHARED_PROJECTS_CYPHER = (f"MATCH {_A}<-[:FOR]-(p:Project)-[:FOR]->{_B} "
                          "RETURN p.id, p.name, p.status_norm, p.page ORDER BY p.name")


def compare_members(store: Store, a_key: str, b_key: str, max_paths: int = 300, *,
                    reusable_only: bool = False) -> Comparison:
    """What two members (or organisations) share, and the paths of the graph that say so: every shared component
    is on a path (a shared project's components too), so the count and the drawing agree."""
    params = {"a": a_key, "b": b_key}
    a, b = node_by_key(store, a_key), node_by_key(store, b_key)
    uses = component_uses(store, include_organizations=True, user_keys=[a_key, b_key], reusable_only=reusable_only)
    comps: dict[str, dict[str, Any]] = {}
    by_user: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for use in uses:
        by_user[use.user_key][use.service_key].add(use.project_name or "(statement)")
        comps[use.service_key] = {"component": use.service_name, "key": use.service_key}
    shared_components = []
    for skey in sorted(set(by_user[a_key]) & set(by_user[b_key]), key=lambda k: comps[k]["component"].lower()):
        shared_components.append({**comps[skey], "via (first)": ", ".join(sorted(by_user[a_key][skey])),
                                  "via (second)": ", ".join(sorted(by_user[b_key][skey]))})
    techs = store.read(SHARED_TECHNOLOGIES_CYPHER, params, max_rows=10_000)
    shared_technologies = [{"technology": r[1], "key": r[0], "projects (first)": ", ".join(sorted(r[2])),
                            "projects (second)": ", ".join(sorted(r[3]))} for r in techs.rows]
    projects = store.read(SHARED_PROJECTS_CYPHER, params, max_rows=10_000)
    shared_projects = [{"project": r[1], "key": r[0], "status": r[2], "page": r[3]} for r in projects.rows]
    nodes: dict[str, Node] = {}
    rels: dict[str, Relationship] = {}
    count = 0
    truncated = False
    for cypher in PAIR_PATH_CYPHER:
        result = store.read(cypher,
                            {**params, "limit": max_paths + 1}, max_rows=max_paths + 1)
        paths = result.rows[:max_paths]
        truncated = truncated or len(result.rows) > max_paths or result.truncated
        count += len(paths)
        for row in paths:
            n, r = _graph_of(row)
            nodes.update(n)
            rels.update(r)
    return Comparison(a, b, shared_components, shared_technologies, shared_projects, nodes, rels, count, truncated)


def _graph_of(row: list[Any]) -> tuple[dict[str, Node], dict[str, Relationship]]:
    from smals_graph.graph_model.results import QueryResult

    return QueryResult(columns=["p"], rows=[row]).graph()


# --------------------------------------------------------------------------------------------- quality
@dataclass
class ProblemRow:
    key: str
    severity: str
    message: str
    line: int | None
    concerns: list[Node]
    kind: str | None = None  # e.g. "left-out-statement": a sentence naming a component and a user, no fact
    mentions: list[str] = field(default_factory=list)  # keys of nodes the finding names (not CONCERNS)


_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def problems(store: Store) -> list[ProblemRow]:
    result = store.read(
        "MATCH (q:Problem) OPTIONAL MATCH (q)-[:CONCERNS]->(n) RETURN q, collect(n) ORDER BY q.line, q.id",
        max_rows=100_000,
    )
    rows = []
    for q, concerned in result.rows:
        props = q.properties
        rows.append(ProblemRow(q.key or q.id, str(props.get("severity", "")), str(props.get("message", "")),
                               props.get("line"), [n for n in concerned if n is not None], props.get("kind"),
                               list(props.get("mentions") or [])))
    rows.sort(key=lambda p: (_SEVERITY_ORDER.get(p.severity, 9), p.line if isinstance(p.line, int) else 10**9))
    return rows


# --------------------------------------------------------------------------------------------- facets
def facet_values(store: Store) -> dict[str, list[str]]:
    """Values the filters offer: labels, relationship types, project statuses, member categories."""
    stats = store.stats()
    statuses = store.read("MATCH (p:Project) RETURN DISTINCT coalesce(p.status_norm, $u) AS s ORDER BY s",
                          {"u": STATUS_UNKNOWN})
    categories = store.read("MATCH (m:Member) RETURN DISTINCT m.category AS c ORDER BY c")
    return {
        "labels": sorted(stats.labels),
        "types": sorted(stats.relationship_types),
        "statuses": [r[0] for r in statuses.rows if r[0] is not None],
        "categories": [r[0] for r in categories.rows if r[0] is not None],
    }


def component_graph(store: Store, service_key: str, include_organizations: bool = False
                    ) -> tuple[dict[str, Node], dict[str, Relationship]]:
    """The component and its users (usage module): the projects that reuse or deliver it, their clients,
    the members (and applications) that the report says use it."""
    labels = ["Member", "Organization", "Application"] if include_organizations else ["Member", "Application"]
    nodes: dict[str, Node] = {}
    rels: dict[str, Relationship] = {}
    for cypher in (
        "MATCH p = (:Project)-[:REUSES|DELIVERS]->(s:Service {id: $s}) RETURN p",
        "MATCH p = (m)<-[:FOR]-(:Project)-[:REUSES|DELIVERS]->(s:Service {id: $s}) "
        "WHERE any(l IN labels(m) WHERE l IN $labels) RETURN p",
        "MATCH p = (m)-[:USES]->(s:Service {id: $s}) WHERE any(l IN labels(m) WHERE l IN $labels) RETURN p",
    ):
        result = store.read(cypher, {"s": service_key, "labels": labels}, max_rows=20_000)
        found_nodes, found_rels = result.graph()
        nodes.update(found_nodes)
        rels.update(found_rels)
    if not nodes:
        node = node_by_key(store, service_key)
        if node is not None:
            nodes[node.id] = node
    return nodes, rels


# ----------------------------------------------------------------------------------- reads the pages name
KEYS_SUBGRAPH_CYPHER = ("MATCH (n:Entity) WHERE n.id IN $keys OPTIONAL MATCH (n)-[r]-(m) WHERE m.id IN $keys "
                        "RETURN n, r, m")
EDITIONS_LOADED_CYPHER = "MATCH (e:Edition) RETURN e.sha256, e.loaded_at ORDER BY e.year"
NODE_COUNT_CYPHER = "MATCH (n) RETURN count(n)"


def keys_subgraph(store: Store, keys: list[str]) -> QueryResult:
    """The nodes of `keys` and the relationships among them."""
    return store.read(KEYS_SUBGRAPH_CYPHER, {"keys": keys}, max_rows=5000)


def fingerprint(store: Store) -> str:
    """Changes whenever the graph is reloaded: keys caches of what is read from it."""
    loaded = store.read(EDITIONS_LOADED_CYPHER)
    count = store.read(NODE_COUNT_CYPHER).scalar()
    return f"{store.engine}|{store.uri}|{json.dumps(loaded.rows)}|{count}"

__all__ = ["BETWEENNESS_SAMPLES_CYPHER", "COMMUNITY_METHOD_CYPHER", "Capped", "Comparison", "DEFAULT_LIMIT",
    "EDITIONS_LOADED_CYPHER", "ENTITIES_BY_KEYS_CYPHER", "ENTITIES_CYPHER", "Filters",
    "KEYS_SUBGRAPH_CYPHER", "LABEL_OF_M", "LINKS_BETWEEN_CYPHER", "LINKS_PER_TYPE", "Link",
    "MEMBERS_AND_ORGS_CYPHER", "MEMBERS_BY_KEYS_CYPHER", "MEMBERS_CYPHER", "NEIGHBOUR_COUNTS_CYPHER",
    "NEIGHBOUR_LABELS_CYPHER", "NODES_BY_KEYS_CYPHER", "NODE_BY_KEY_CYPHER", "NODE_COUNT_CYPHER",
    "NODE_LINKS_IN_CYPHER", "NODE_LINKS_OUT_CYPHER", "Neighbourhood", "NodeDetails", "PAIR_PATH_CYPHER",
    "PICKER_LIMIT", "ProblemRow", "SHARED_PROJECTS_CYPHER", "SHARED_TECHNOLOGIES_CYPHER", "STATUS_UNKNOWN",
    "TOP_BY_BETWEENNESS_CYPHER", "TOP_BY_DEGREE_CYPHER", "betweenness_samples", "community_method",
    "compare_members", "component_graph", "component_uses", "degree_by_type", "describe_metrics",
    "edition_file", "editions", "entities", "facet_values", "fingerprint", "keys_subgraph", "known_report",
    "links_between", "members", "neighbourhood", "node_by_key", "node_details", "node_label",
    "nodes_by_keys", "problems", "public_props", "report_excerpt", "report_lines", "report_path", "services",
    "store_data_dir", "top_by_metric"]
