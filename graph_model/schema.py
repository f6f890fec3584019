"""The graph schema: labels, their key, relationship types, and the DDL that creates keys and indexes.

    (:Member {id, name, acronym, category, aliases, duplicate_of})   member institutions, categories A/B/C
    (:Organization {id, name})                                        non-member bodies named in the report
    (:Project {id, name, tagline, status, status_norm, url, page, description})
    (:Technology {id, name, category, aliases})
    (:Service {id, name, domain, reusable, reusable_quote, reusable_line, description, aliases})  components, services
    (:Application {id, name, aliases, project_id})                   applications named as users, not projects
    (:Problem {id, severity, message})                                data-quality findings of the loader
    (:Edition {id, year, title, file, sha256, loaded_at})             the report a graph was loaded from

    (:Project)-[:FOR {raw, rule}]->(:Member|:Organization)           client institutions of a project
    (:Project)-[:USES {raw}]->(:Technology)                           technology line of a project
    (:Project)-[:REUSES {raw, quote, rule}]->(:Service)               a reusable component in its stack or text
    (:Project)-[:DELIVERS {rule}]->(:Service)                         the project builds or runs the component
    (:Member|:Organization|:Application)-[:USES {quote, rule}]->(:Service)   explicit statements of use
    (:Member)-[:DUPLICATE_OF]->(:Member)                              one body listed twice in the members list
    (:Problem)-[:CONCERNS]->(any)                                     what a finding is about

Who *uses* a component (one meaning everywhere, smals_graph's usage module): members directly (USES),
members through their projects (client of a project that REUSES or DELIVERS it), projects (REUSES or
DELIVERS), applications (USES); organisations on request.

Every node and relationship carries provenance: `edition` (report year), `line` (1-based line in the report)
and `page` where known. Every label is keyed by `id`, a deterministic slug (`m:onss`, `p:wave-saas`...), unique
per label on both engines.

Every node of these labels also carries the common label `:Entity`, whose `id` is unique and indexed on both
engines: a lookup by key (`MATCH (n:Entity {id: $key})`) is an index seek whatever the node's label, where
`MATCH (n) WHERE n.id = $key` would scan every node. `ENTITY` is bookkeeping: the stores' results leave it out of
`Node.labels`, and `label_of(var)` is the Cypher for a node's schema label.

The loader also writes whole-graph metrics onto the entity nodes (`METRIC_PROPERTIES`, internal: names start
with `_`), measured once per load on the analytic graph (`graph_model.analytics.load_metrics`).
"""

from __future__ import annotations

from dataclasses import dataclass

MEMBER = "Member"
ORGANIZATION = "Organization"
PROJECT = "Project"
TECHNOLOGY = "Technology"
SERVICE = "Service"
APPLICATION = "Application"
PROBLEM = "Problem"
EDITION = "Edition"

FOR = "FOR"
USES = "USES"
REUSES = "REUSES"
DELIVERS = "DELIVERS"
DUPLICATE_OF = "DUPLICATE_OF"
CONCERNS = "CONCERNS"

# a project uses a component it reuses or delivers; its clients use the component through it (app usage module)
PROJECT_COMPONENT_TYPES = (REUSES, DELIVERS)
ENTITY = "Entity"  # on every keyed node: one unique index serves every lookup by key

KEY = "id"
PROVENANCE = ("edition", "line", "page")


@dataclass(frozen=True)
class LabelSpec:
    label: str
    indexed: tuple[str, ...]  # searched or filtered properties, besides the key
    description: str


LABELS: tuple[LabelSpec, ...] = (
    LabelSpec(MEMBER, ("name", "acronym", "category"), "Member institution of Smals (category A, B or C)"),
    LabelSpec(ORGANIZATION, ("name",), "Body named in the report that is not a member (e.g. Smals itself)"),
    LabelSpec(PROJECT, ("name", "status_norm"), "Project of the year with its clients, status and stack"),
    LabelSpec(TECHNOLOGY, ("name", "category"), "Technology in a project's stack, canonical name"),
    LabelSpec(SERVICE, ("name", "domain"), "Service, reusable component, G-Cloud offer or competence centre"),
    LabelSpec(APPLICATION, ("name",), "Application named as a user of a component, not a project of the report"),
    LabelSpec(PROBLEM, ("severity",), "Data-quality finding of the loader"),
    LabelSpec(EDITION, ("year",), "The report edition the graph was loaded from"),
)

RELATIONSHIP_TYPES: dict[str, str] = {
    FOR: "Project -> Member|Organization: a client institution of the project",
    USES: "Project -> Technology (technology line), or Member|Organization|Application -> Service (statement of use)",
    REUSES: "Project -> Service: a reusable component or shared service in the project's stack or text",
    DELIVERS: "Project -> Service: the project builds or runs the component (its clients count as its users)",
    DUPLICATE_OF: "Member -> Member: the same body listed twice in the members list",
    CONCERNS: "Problem -> any node: what a data-quality finding is about",
}

LABEL_NAMES: tuple[str, ...] = tuple(spec.label for spec in LABELS)

# whole-graph metrics the loader writes on entity nodes (graph_model.analytics.load_metrics)
DEGREE_PROP = "_degree"
BETWEENNESS_PROP = "_betweenness"
COMMUNITY_PROP = "_community"
METRIC_PROPERTIES = (DEGREE_PROP, BETWEENNESS_PROP, COMMUNITY_PROP)
# on Edition nodes: how betweenness was measured (0 = exact, else the number of sampled sources)
BETWEENNESS_SAMPLES_PROP = "_betweenness_samples"
# on Edition nodes: which Louvain implementation grouped the communities (graph_model.analytics.LOUVAIN_*)
COMMUNITY_METHOD_PROP = "_community_method"


def label_of(var: str) -> str:
    """Cypher for the schema label of node `var` (its labels without the common `:Entity`)."""
    return f"head([l IN labels({var}) WHERE l <> '{ENTITY}'])"

# (start label, type, end label) triples a load may write; the Neo4j parser test checks each statement.
ENDPOINTS: tuple[tuple[str, str, str], ...] = (
    (PROJECT, FOR, MEMBER),
    (PROJECT, FOR, ORGANIZATION),
    (PROJECT, USES, TECHNOLOGY),
    (PROJECT, REUSES, SERVICE),
    (PROJECT, DELIVERS, SERVICE),
    (MEMBER, USES, SERVICE),
    (ORGANIZATION, USES, SERVICE),
    (APPLICATION, USES, SERVICE),
    (MEMBER, DUPLICATE_OF, MEMBER),
    *((PROBLEM, CONCERNS, label) for label in (MEMBER, ORGANIZATION, PROJECT, TECHNOLOGY, SERVICE, APPLICATION)),
)


def neo4j_ddl() -> list[str]:
    """Neo4j 5 statements: a uniqueness constraint on each key (it brings its index) and property indexes."""
    statements: list[str] = []
    for spec in LABELS:
        low = spec.label.lower()
        statements.append(
            f"CREATE CONSTRAINT {low}_id IF NOT EXISTS FOR (n:{spec.label}) REQUIRE n.{KEY} IS UNIQUE"
        )
        for prop in spec.indexed:
            statements.append(f"CREATE INDEX {low}_{prop} IF NOT EXISTS FOR (n:{spec.label}) ON (n.{prop})")
    statements.append(f"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:{ENTITY}) REQUIRE n.{KEY} IS UNIQUE")
    return statements


def neo4j_entity_migration() -> str:
    """Give `:Entity` to keyed nodes written before it existed, so that the loader's MERGE finds them."""
    return (f"MATCH (n) WHERE NOT n:{ENTITY} AND any(l IN labels(n) WHERE l IN $labels) "
            f"AND n.{KEY} IS NOT NULL SET n:{ENTITY}")


def falkordb_ddl() -> list[str]:
    """FalkorDB range indexes (the Neo4j 5 forms do not parse there); unique keys go through GRAPH.CONSTRAINT."""
    statements: list[str] = []
    for spec in LABELS:
        for prop in (KEY, *spec.indexed):
            statements.append(f"CREATE INDEX FOR (n:{spec.label}) ON (n.{prop})")
    statements.append(f"CREATE INDEX FOR (n:{ENTITY}) ON (n.{KEY})")
    return statements


def unique_keys() -> list[str]:
    """Labels whose `id` is unique (GRAPH.CONSTRAINT on FalkorDB, constraints on Neo4j)."""
    return [*LABEL_NAMES, ENTITY]
