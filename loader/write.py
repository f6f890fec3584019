"""Write parsed datasets to a store: batched `UNWIND $rows` upserts on deterministic keys, all-or-nothing.

Everything is written into the store's staging writer (`Store.replace_graph`), which becomes the live graph
only when every statement has succeeded; a failed or killed load leaves the previous graph as it was.

Before writing, the whole-graph metrics (degree, betweenness, Louvain communities) are measured once on the rows
and written as node properties (`schema.METRIC_PROPERTIES`): pages read them instead of measuring on view.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import networkx as nx

from smals_graph.graph_model import schema
from smals_graph.graph_model.analytics import LoadMetrics, load_metrics
from smals_graph.graph_model.errors import EngineUnavailable, LoadError, QueryError
from smals_graph.graph_model.nx_graph import ANALYTIC_LABELS
from smals_graph.graph_model.results import GraphStats
from smals_graph.graph_model.store import Store, Writer

from .model import Dataset, Problem

BATCH_SIZE = 5000
# FalkorDB's range index kills the server on a string of about 5,000 characters (4,000 pass): indexed values
# and keys longer than this are cut, and the cut is a data-quality problem, not a crash
MAX_INDEXED_CHARS = 1000
INDEXED = frozenset({schema.KEY, "name", "acronym", "category", "status_norm", "domain", "severity"})


def node_statement(label: str) -> str:
    # both labels in the MERGE: FalkorDB's `SET n:Entity` afterwards is ~35x slower
    return (f"UNWIND $rows AS row MERGE (n:{label}:{schema.ENTITY} {{{schema.KEY}: row.id}}) "
            "SET n += row.props, n._load = $mark")


def relationship_statement(start: str, rel_type: str, end: str) -> str:
    return (f"UNWIND $rows AS row MATCH (a:{start} {{{schema.KEY}: row.a}}) "
            f"MATCH (b:{end} {{{schema.KEY}: row.b}}) "
            f"MERGE (a)-[r:{rel_type}]->(b) SET r += row.props, r._load = $mark")


@dataclass
class GraphRows:
    """What a load writes: node rows per label and relationship rows per (start label, type, end label)."""

    nodes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    relationships: dict[tuple[str, str, str], dict[tuple[str, str], dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(dict))

    def node(self, label: str, node_id: str, props: dict[str, Any]) -> None:
        node_id = capped_key(node_id)
        clean = _clean(props)
        cut = sorted(k for k in INDEXED if isinstance(clean.get(k), str) and len(clean[k]) > MAX_INDEXED_CHARS)
        for k in cut:
            clean[k] = clean[k][: MAX_INDEXED_CHARS - 1] + "…"
        if cut:
            self._too_long(label, node_id, cut, clean)
        current = self.nodes[label].get(node_id)
        if current is None:
            self.nodes[label][node_id] = clean
        else:  # a later edition updates what it says and keeps the rest
            current.update({k: v for k, v in clean.items() if v is not None})
            current["editions"] = sorted(set(current.get("editions", [])) | set(clean.get("editions", [])))

    def relationship(self, start: tuple[str, str], rel_type: str, end: tuple[str, str],
                     props: dict[str, Any]) -> None:
        key = (start[0], rel_type, end[0])
        self.relationships[key].setdefault((capped_key(start[1]), capped_key(end[1])), _clean(props))

    def _too_long(self, label: str, node_id: str, cut: list[str], props: dict[str, Any]) -> None:
        message = (f"{label} {node_id[:80]}: {', '.join(cut)} longer than {MAX_INDEXED_CHARS} characters, "
                   "cut (the engine cannot index longer values)")
        pid = problem_id(Problem(severity="warning", line=props.get("line"), message=message))
        self.nodes[schema.PROBLEM][pid] = _clean({"edition": props.get("edition"), "editions": props.get("editions"),
                                                  "line": props.get("line"), "severity": "warning",
                                                  "message": message, "name": message[:80]})
        self.relationships[(schema.PROBLEM, schema.CONCERNS, label)].setdefault(
            (pid, node_id), _clean({"edition": props.get("edition"), "line": props.get("line")}))

    def count(self) -> int:
        return sum(len(v) for v in self.nodes.values()) + sum(len(v) for v in self.relationships.values())


def capped_key(node_id: str) -> str:
    """A key short enough to index: a long one keeps its start and gets a digest of the whole."""
    if len(node_id) <= MAX_INDEXED_CHARS:
        return node_id
    return node_id[:200] + "~" + hashlib.sha1(node_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    """Property values both engines store: scalars and lists of scalars (None drops the key)."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            out[key] = [v for v in value if isinstance(v, (str, int, float, bool))]
        elif isinstance(value, (str, int, float, bool)):
            out[key] = value
        else:
            out[key] = str(value)
    return out


def problem_id(problem: Problem) -> str:
    digest = hashlib.sha1(f"{problem.severity}|{problem.line}|{problem.message}".encode())
    return "q:" + digest.hexdigest()[:12]


Where = dict[str, tuple[str, int | None, int | None]]  # record id -> (label, line, page)
USER_LABELS = {"project": schema.PROJECT, "member": schema.MEMBER, "organization": schema.ORGANIZATION,
               "application": schema.APPLICATION}


@dataclass(frozen=True, slots=True)
class _Provenance:
    """The edition a row comes from; `of(line, page)` gives a row's provenance properties."""

    year: int

    def of(self, line: int | None, page: int | None = None, **extra: Any) -> dict[str, Any]:
        return {"edition": self.year, "editions": [self.year], "line": line, "page": page, **extra}


def dataset_rows(dataset: Dataset, rows: GraphRows | None = None) -> GraphRows:
    """Turn one parsed dataset (dataset.schema.json) into node and relationship rows, with provenance."""
    rows = rows or GraphRows()
    source = dataset.source
    year = int(source.year)
    rows.node(schema.EDITION, f"e:{year}", {"edition": year, "editions": [year], "year": year, "title": source.title,
                                            "file": source.file, "sha256": source.sha256, "language": source.language,
                                            "name": source.title or f"Rapport {year}"})
    prov = _Provenance(year)
    where: Where = {}
    _member_rows(dataset, rows, where, prov)
    for o in dataset.organizations:
        rows.node(schema.ORGANIZATION, o.id, {**prov.of(o.line, o.page), "name": o.name})
        where[o.id] = (schema.ORGANIZATION, o.line, o.page)
    for a in dataset.applications:
        rows.node(schema.APPLICATION, a.id, {**prov.of(a.line, a.page), "name": a.name, "aliases": a.aliases,
                                             "project_id": a.project_id})
        where[a.id] = (schema.APPLICATION, a.line, a.page)
    first_line = _project_rows(dataset, rows, where, prov)
    for t in dataset.technologies:
        line, page = first_line.get(t.id, (None, None))
        rows.node(schema.TECHNOLOGY, t.id, {**prov.of(line, page), "name": t.name, "category": t.category,
                                            "aliases": t.aliases})
        where[t.id] = (schema.TECHNOLOGY, line, page)
    for s in dataset.services:
        rows.node(schema.SERVICE, s.id, {**prov.of(s.line, s.page), "name": s.name, "domain": s.domain,
                                         "reusable": bool(s.reusable), "description": s.description,
                                         "aliases": s.aliases, "reusable_quote": s.reusable_quote,
                                         "reusable_line": s.reusable_line})
        where[s.id] = (schema.SERVICE, s.line, s.page)
    for use in dataset.uses:
        label = USER_LABELS[use.user_kind]
        rel_type = use.relationship or (schema.REUSES if label == schema.PROJECT else schema.USES)
        page = use.page or where.get(use.user_id, (None, None, None))[2]
        rows.relationship((label, use.user_id), rel_type, (schema.SERVICE, use.service_id),
                          prov.of(use.line, page, quote=use.quote, mention=use.mention, rule=use.rule,
                                  via=use.rule or "statement"))
    _problem_rows(dataset, rows, where, prov)
    return rows


def _member_rows(dataset: Dataset, rows: GraphRows, where: Where, prov: _Provenance) -> None:
    for m in dataset.members:
        rows.node(schema.MEMBER, m.id, {**prov.of(m.line, m.page), "name": m.name, "acronym": m.acronym,
                                        "category": m.category, "aliases": m.aliases,
                                        "duplicate_of": m.duplicate_of})
        where[m.id] = (schema.MEMBER, m.line, m.page)
    for m in dataset.members:
        if m.duplicate_of:
            rows.relationship((schema.MEMBER, m.id), schema.DUPLICATE_OF, (schema.MEMBER, m.duplicate_of),
                              prov.of(m.line))


def _project_rows(dataset: Dataset, rows: GraphRows, where: Where,
                  prov: _Provenance) -> dict[str, tuple[int, int | None]]:
    """Projects and their FOR, REUSES (technology line) and USES edges; returns each technology's first
    (line, page)."""
    first_line: dict[str, tuple[int, int | None]] = {}
    for p in dataset.projects:
        rows.node(schema.PROJECT, p.id, {
            **prov.of(p.line, p.page), "name": p.name, "tagline": p.tagline, "status": p.status,
            "status_norm": p.status_norm, "url": p.url, "description": p.description,
            "clients_raw": [c.raw for c in p.clients],
            "technologies_raw": [t.raw for t in p.technologies],
        })
        where[p.id] = (schema.PROJECT, p.line, p.page)
        for client in p.clients:
            target = ((schema.MEMBER, client.member_id) if client.member_id
                      else (schema.ORGANIZATION, client.organization_id) if client.organization_id
                      else None)
            if target:
                rows.relationship((schema.PROJECT, p.id), schema.FOR, target,
                                  prov.of(p.line, p.page, raw=client.raw, rule=client.rule))
        for item in p.technologies:
            if item.service_id:
                rows.relationship((schema.PROJECT, p.id), schema.REUSES, (schema.SERVICE, item.service_id),
                                  prov.of(p.line, p.page, raw=item.raw, rule=item.rule, via="technology line"))
            elif item.technology_id:
                rows.relationship((schema.PROJECT, p.id), schema.USES, (schema.TECHNOLOGY, item.technology_id),
                                  prov.of(p.line, p.page, raw=item.raw, rule=item.rule))
                first_line.setdefault(item.technology_id, (p.line, p.page))
    return first_line


def _problem_rows(dataset: Dataset, rows: GraphRows, where: Where, prov: _Provenance) -> None:
    """Each problem links to the record it names (`subject`, `subjects`) or, failing that, the record on its line,
    or the project whose block contains its line."""
    by_line: dict[int, tuple[str, str]] = {}
    for node_id, (label, line, _page) in where.items():
        if line is not None:
            by_line.setdefault(line, (label, node_id))
    # project blocks: from a project's name line to its description (the summary table is not a block)
    ends = sorted((p.line, max(p.line, p.description_line or p.line), p.id) for p in dataset.projects)
    # a block starts after the previous one ends (its tagline comes before its name line)
    blocks = [(ends[i - 1][1] + 1 if i else start, end, nid) for i, (start, end, nid) in enumerate(ends)]
    for problem in dataset.problems:
        pid = problem_id(problem)
        line = problem.line
        rows.node(schema.PROBLEM, pid, {**prov.of(line), "severity": problem.severity,
                                        "message": problem.message, "name": problem.message[:80],
                                        "kind": problem.kind, "mentions": problem.mentions})
        subjects: list[tuple[str, str]] = []
        for node_id in problem.concerned():
            if node_id in where and (where[node_id][0], node_id) not in subjects:
                subjects.append((where[node_id][0], node_id))
        if not subjects and line is not None and not problem.mentions:
            if line in by_line:
                subjects.append(by_line[line])
            else:
                inside = [nid for start, end, nid in blocks if start <= line <= end]
                if inside:
                    subjects.append((schema.PROJECT, inside[-1]))
        for label, node_id in subjects:
            rows.relationship((schema.PROBLEM, pid), schema.CONCERNS, (label, node_id), prov.of(line))


def analytic_graph_of_rows(rows: GraphRows) -> nx.Graph:
    """The analytic graph (`nx_graph.analytic_graph` of the loaded graph: entities only, undirected, no
    DUPLICATE_OF) straight from the rows, nodes and links inserted in the same order as there, so that seeded
    algorithms give the same answer on both."""
    graph = nx.Graph()
    kinds = {key: label for label in ANALYTIC_LABELS for key in rows.nodes.get(label, {})}
    for key in sorted(kinds):
        graph.add_node(key, kind=kinds[key])
    links = sorted((a, rel_type, b) for (_, rel_type, _), pairs in rows.relationships.items()
                   if rel_type != schema.DUPLICATE_OF for (a, b) in pairs if a in kinds and b in kinds and a != b)
    for a, rel_type, b in links:
        if graph.has_edge(a, b):
            if rel_type not in graph[a][b]["rel_types"]:
                graph[a][b]["rel_types"].append(rel_type)
        else:
            graph.add_edge(a, b, rel_types=[rel_type])
    return graph


def add_metrics(rows: GraphRows, step: Callable[[str], None] | None = None) -> LoadMetrics:
    """Measure the whole-graph metrics on the rows and put them on the node rows (and how betweenness and the
    communities were measured on the edition rows)."""
    measured = load_metrics(analytic_graph_of_rows(rows), step=step)
    for label in ANALYTIC_LABELS:
        for key, props in rows.nodes.get(label, {}).items():
            props[schema.DEGREE_PROP] = measured.degree.get(key, 0.0)
            props[schema.BETWEENNESS_PROP] = measured.betweenness.get(key, 0.0)
            if key in measured.community:
                props[schema.COMMUNITY_PROP] = measured.community[key]
    for props in rows.nodes.get(schema.EDITION, {}).values():
        props[schema.BETWEENNESS_SAMPLES_PROP] = measured.betweenness_samples
        props[schema.COMMUNITY_METHOD_PROP] = measured.community_method
    return measured


@dataclass
class LoadOutcome:
    stats: GraphStats
    written: int
    problems: int
    seconds: float
    editions: list[int]
    metrics_seconds: float = 0.0
    betweenness_samples: int = 0
    communities: int = 0

    def describe(self) -> str:
        lines = [f"loaded edition(s) {', '.join(map(str, self.editions))}: {self.written} rows written "
                 f"in {self.seconds:.2f} s"]
        how = (f"estimated from {self.betweenness_samples} sampled sources" if self.betweenness_samples
               else "exact")
        lines.append(f"  metrics: degree, betweenness ({how}), {self.communities} communities "
                     f"in {self.metrics_seconds:.2f} s")
        lines += [f"  :{label} {count}" for label, count in sorted(self.stats.labels.items())]
        lines += [f"  [:{t}] {count}" for t, count in sorted(self.stats.relationship_types.items())]
        lines.append(f"problems: {self.problems}")
        return "\n".join(lines)


def write_rows(writer: Writer, rows: GraphRows, *, batch_size: int = BATCH_SIZE, progress: Any = None) -> int:
    written = 0
    for label, by_id in rows.nodes.items():
        payload = [{"id": node_id, "props": props} for node_id, props in by_id.items()]
        written += writer.write_batches(node_statement(label), payload, batch_size=batch_size, progress=progress)
    for (start, rel_type, end), by_pair in rows.relationships.items():
        payload = [{"a": a, "b": b, "props": props} for (a, b), props in by_pair.items()]
        written += writer.write_batches(relationship_statement(start, rel_type, end), payload,
                                        batch_size=batch_size, progress=progress)
    return written


def load_dataset(store: Store, datasets: Dataset | Sequence[Dataset], *,
                 progress: bool | Callable[[int], None] = False, batch_size: int = BATCH_SIZE) -> LoadOutcome:
    """Replace the store's graph with the given dataset(s). Raises LoadError; the old graph then stays.
    `progress`: True for a progress bar on stderr (its description names the step: measuring, writing), or a
    function called with each batch's row count."""
    items: Sequence[Dataset] = [datasets] if isinstance(datasets, Dataset) else datasets
    started = time.perf_counter()
    rows = GraphRows()
    editions: list[int] = []
    problems = 0
    for dataset in items:
        dataset_rows(dataset, rows)
        editions.append(int(dataset.source.year))
        problems += len(dataset.problems)
    loaded_at = datetime.now(UTC).isoformat(timespec="seconds")
    for props in rows.nodes[schema.EDITION].values():
        props["loaded_at"] = loaded_at  # when, not what: the one property a reload changes
    bar = None
    report = progress if callable(progress) else None
    if progress is True:
        from tqdm import tqdm

        bar = tqdm(total=rows.count(), unit="row", desc="loading", leave=False)
        report = bar.update
    measuring = time.perf_counter()
    measured = add_metrics(rows, step=(lambda name: bar.set_description(f"measuring {name}")) if bar else None)
    metrics_seconds = time.perf_counter() - measuring
    if bar:
        bar.set_description("writing")
    try:
        with store.replace_graph() as writer:
            written = write_rows(writer, rows, batch_size=batch_size, progress=report)
    except (QueryError, EngineUnavailable) as exc:
        raise LoadError(f"Load failed, the previous graph is unchanged: {exc}") from exc
    finally:
        if bar:
            bar.close()
    store.ensure_schema()
    _remember_reports(store, items)
    return LoadOutcome(stats=store.stats(), written=written, problems=problems,
                       seconds=time.perf_counter() - started, editions=editions, metrics_seconds=metrics_seconds,
                       betweenness_samples=measured.betweenness_samples,
                       communities=len(set(measured.community.values())))


def _remember_reports(store: Store, datasets: Iterable[Dataset]) -> None:
    """The app shows report lines only from reports a load on this machine read (graph_model.reports)."""
    from smals_graph.graph_model.embedded import default_data_dir
    from smals_graph.graph_model.reports import remember

    data_dir = getattr(store, "data_dir", None) or default_data_dir()
    for dataset in datasets:
        if dataset.source.file and dataset.source.sha256:
            remember(data_dir, dataset.source.file, dataset.source.sha256)
