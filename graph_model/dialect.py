"""Where FalkorDB's Cypher and Neo4j's differ, in one place.

Canned queries stay in the common subset, or a file gets an engine-specific sibling
(`name.falkordb.cypher` / `name.neo4j.cypher` beside `name.cypher`). Ad-hoc queries are sent as written: the
engine's own error message is shown, followed by a hint from the table below when the failure is a known
dialect gap. Known differences (measured, see README "Engines"):

- `=~` regular expressions: Neo4j only. Use CONTAINS / STARTS WITH / toLower() in shared queries.
- `shortestPath(...)` in MATCH: Neo4j only. FalkorDB accepts it in WITH/RETURN, directed only.
- `EXISTS { ... }` and `COUNT { ... }` subqueries: Neo4j only. Use a pattern predicate / comprehension.
- `elementId(n)`: Neo4j only; FalkorDB has `id(n)` (an integer). Shared queries use the `id` property (the key).
- Unique constraints: Neo4j DDL vs FalkorDB's GRAPH.CONSTRAINT command (see schema.py).
- Relationship uniqueness in fixed-length patterns: Neo4j never binds one relationship twice in a MATCH;
  FalkorDB may. Shared queries that repeat a relationship type add `r1 <> r2` (or node inequality) predicates.
- `datetime()`: Neo4j only; `date()` and `localdatetime()` exist on both.
- Element ids: FalkorDB numbers nodes and relationships, Neo4j gives element ids (`4:<uuid>:<n>`); views made
  from query results key them by schema key (`neutral_ids`) so that layouts and figures do not depend on them.
- ORDER BY with ties, and LIMIT after it, return the tied rows in engine order: canned queries order on a
  unique key at the end.
- Planning: FalkorDB starts from the labelled, indexed node of the pattern; Neo4j's planner is cost-based, on
  sampled index statistics. Stale statistics (sampled before a load) make it scan an index instead of seeking
  it, so its store resamples after each load (`neo4j_store.REPLAN_CYPHER`); and where a small label looks cheaper
  than a seek of a few keys, the seek ends its own query part (`WITH DISTINCT u`: a plain `WITH u` is folded
  away by Neo4j's planner). No planner hints (`USING INDEX`): FalkorDB does not parse them.
"""

from __future__ import annotations

import json
import re

from .results import Node, Relationship

ENGINES = ("falkordb", "neo4j")

_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"support =~"), "FalkorDB has no regular expressions; use CONTAINS, STARTS WITH, ENDS WITH "
                                "with toLower() for a case-insensitive match."),
    (re.compile(r"shortestPaths? in WITH or RETURN"),
     "write it as MATCH (a ...), (b ...) WITH a, b, shortestPath((a)-[*..6]->(b)) AS p RETURN p "
     "(directed patterns only)."),
    (re.compile(r"undirected shortestPath"), "FalkorDB's shortestPath needs a direction: -[*..6]-> ."),
    (re.compile(r"Unknown function 'elementId'"), "use id(n) on FalkorDB, or better the n.id key property."),
    (re.compile(r"Unknown function 'datetime'"), "use localdatetime() or date()."),
)

_SUBQUERY = re.compile(r"\b(EXISTS|COUNT)\s*\{", re.IGNORECASE)


def falkordb_hint(message: str, cypher: str) -> str | None:
    """A hint for a FalkorDB error caused by a Neo4j-only feature, or None."""
    for pattern, hint in _HINTS:
        if pattern.search(message):
            return hint
    if _SUBQUERY.search(cypher) and ("Invalid input" in message or "errMsg" in message):
        return ("EXISTS { } / COUNT { } subqueries are Neo4j-only; use a pattern predicate "
                "WHERE (n)-[:REL]->() or size([(n)-[:REL]->(m) | m]).")
    return None


_TOKEN = re.compile(
    r"""(?P<comment>//[^\n]*|/\*.*?(?:\*/|$))"""
    r"""|(?P<string>'(?:[^'\\]|\\.)*(?:'|$)|"(?:[^"\\]|\\.)*(?:"|$))"""
    r"""|(?P<name>`(?:[^`]|``)*(?:`|$))""",
    re.DOTALL,
)


def code_only(cypher: str) -> str:
    """The query with comments, string literals and backticked names blanked out (same length), so that a
    keyword or `$name` found in the result is really code."""
    return _TOKEN.sub(lambda m: " " * len(m.group(0)), cypher)


def strip_comments(cypher: str) -> str:
    """The query without its comments (strings and backticked names kept as they are)."""
    return _TOKEN.sub(lambda m: "" if m.lastgroup == "comment" else m.group(0), cypher)


_PARAM = re.compile(r"\$(?:([A-Za-z_][A-Za-z0-9_]*)|`([^`]+)`)")


def parameter_names(cypher: str) -> list[str]:
    """`$names` the query uses, in order of first use (comments and strings ignored)."""
    plain = _TOKEN.sub(lambda m: m.group(0) if m.lastgroup == "name" else " " * len(m.group(0)), cypher)
    seen: dict[str, None] = {}
    for match in _PARAM.finditer(plain):
        seen.setdefault(match.group(1) or match.group(2), None)
    return list(seen)


_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)


def reads_external_data(cypher: str) -> bool:
    """LOAD CSV: FalkorDB's read-only mode lets it read files and URLs, so the read path refuses it itself."""
    return bool(_LOAD_CSV.search(code_only(cypher)))


def neutral_ids(nodes: dict[str, Node], rels: dict[str, Relationship]
                ) -> tuple[dict[str, Node], dict[str, Relationship]]:
    """The same nodes and relationships keyed by what they are rather than by the engine's ids: a node by its
    schema key (engine id when it has none), a relationship by type, ends and rank among its parallels. FalkorDB
    numbers elements, Neo4j gives element ids: whatever is ordered by id (layout, drawing order) then comes out
    the same from either engine."""
    node_id = {eid: (n.key or eid) for eid, n in nodes.items()}
    if len(set(node_id.values())) < len(node_id):  # duplicate keys: keep engine ids rather than merge nodes
        node_id = {eid: eid for eid in nodes}
    out_nodes = {node_id[eid]: Node(id=node_id[eid], labels=n.labels, properties=n.properties)
                 for eid, n in nodes.items()}
    ranked: dict[str, int] = {}
    out_rels: dict[str, Relationship] = {}

    def order(rel: Relationship) -> tuple[str, str, str, str]:
        public = {k: v for k, v in rel.properties.items() if not k.startswith("_")}
        return (node_id.get(rel.start, rel.start), rel.type, node_id.get(rel.end, rel.end),
                json.dumps(public, sort_keys=True, default=str))

    for rel in sorted(rels.values(), key=order):
        start, end = node_id.get(rel.start, rel.start), node_id.get(rel.end, rel.end)
        base = f"{start}-{rel.type}->{end}"
        ranked[base] = ranked.get(base, 0) + 1
        rid = base if ranked[base] == 1 else f"{base}#{ranked[base]}"
        out_rels[rid] = Relationship(id=rid, type=rel.type, start=start, end=end, properties=rel.properties)
    return out_nodes, out_rels

__all__ = ["ENGINES", "code_only", "falkordb_hint", "neutral_ids", "parameter_names", "reads_external_data",
    "strip_comments"]
