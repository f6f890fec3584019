"""How the app's cost grows with the graph: 1x, 10x, 50x synthetic copies of the ecosystem.

    .venv/bin/python benchmarks/scale.py    # FalkorDB (embedded) and Neo4j (NEO4J_URI, else the test server)
    .venv/bin/python benchmarks/scale.py --runs 10 --scales 1,10,50 --engines falkordb,neo4j

Each copy k > 1 of the bundled report's dataset has its members, projects and services under new keys
(`m:onss-x7`, names suffixed `#7`), with the same links: the copy's projects are for the copy's members and reuse
the copy's services; technologies and organisations are shared by every copy (as a new edition or ecosystem
would share them). The scaled dataset goes through the loader's own writer (`load_dataset`: metrics, staging
graph, swap), timed as `load (with metrics)`.

For each scale and engine the table gives p50 / p95 in ms over `--runs` warm runs of each app view, canned query,
search and metric read, the growth 50x/1x of p50, and the target of the issue:
- `p95<100`: at the largest scale, p95 under 100 ms (opening a node in Explore, node details, search, each
  canned query);
- `flat<2`: the answer does not grow with the graph, so p50 at the largest scale under twice p50 at 1x;
- load of the largest graph with its metrics under 60 s.
Rows marked `grows` return an answer that grows with the graph (no growth target; canned queries among them
keep the p95 target); they run `GROWING_RUNS` times at most. `--scales 1,10` and `--runs 3` make a quick run.
The box's load average is printed: on a shared machine the absolute numbers move with it.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smals_graph.app.figures.snapshot import shipped_specs, spec_result  # noqa: E402
from smals_graph.app.view_model import explore_view, queries, shared_matrix  # noqa: E402
from smals_graph.app.view_model.metrics import from_properties  # noqa: E402
from smals_graph.app.view_model.search import SearchIndex  # noqa: E402
from smals_graph.graph_model.canned import load_canned  # noqa: E402
from smals_graph.graph_model.connect import connect  # noqa: E402
from smals_graph.graph_model.errors import SmalsGraphError  # noqa: E402
from smals_graph.graph_model.nx_graph import from_store  # noqa: E402
from smals_graph.graph_model.store import DEFAULT_MAX_ROWS, Store  # noqa: E402
from smals_graph.loader.knowledge import BUNDLED_REPORT  # noqa: E402
from smals_graph.loader.model import Dataset, Member, Project, Service, Use  # noqa: E402
from smals_graph.loader.parse import parse_report  # noqa: E402
from smals_graph.loader.write import add_metrics, dataset_rows, load_dataset  # noqa: E402

FAST_MS = 100.0
GROWING_RUNS = 3  # runs of the cases whose answer grows (reported, no growth target): keeps the run short
# canned queries whose answer does not grow with the copies (one key's neighbourhood); the others aggregate or
# list over the whole graph
FLAT_CANNED = {"members_sharing_component", "figure-member-ecosystem",
               "projects_of_member", "unresolved_problems", "pair_shared", "figure-service-users"}
FLAT_RATIO = 2.0
MATRIX_RATIO = 2.0  # the product's members x components path against the hand-written query, same engine and run
HAND_CASE = "matrix: hand-written Cypher (baseline)"
LOAD_LIMIT_S = 60.0
LOAD_RATIO = 3.0  # the loader's load against a raw batched UNWIND of the same rows, same engine and run
RAW_CASE = "load: raw batched UNWIND (baseline), s→ms"
RAW = "_RawBench"


# ----------------------------------------------------------------------------------------- the synthetic graph
def _suffix(key: str | None, k: int) -> str | None:
    return key if key is None or k == 1 else f"{key}-x{k}"


def scaled_dataset(dataset: Dataset, factor: int) -> Dataset:
    """`factor` copies of the members, projects and services (copy 1 is the original), same link structure."""
    members: list[Member] = []
    services: list[Service] = []
    projects: list[Project] = []
    uses: list[Use] = []
    for k in range(1, factor + 1):
        tag = "" if k == 1 else f" #{k}"
        for m in dataset.members:
            members.append(replace(m, id=_suffix(m.id, k), name=m.name + tag,
                                   acronym=(m.acronym + tag) if m.acronym else m.acronym,
                                   aliases=[a + tag for a in m.aliases], duplicate_of=_suffix(m.duplicate_of, k)))
        for s in dataset.services:
            services.append(replace(s, id=_suffix(s.id, k), name=s.name + tag, aliases=[a + tag for a in s.aliases]))
        for p in dataset.projects:
            clients = [replace(c, member_id=_suffix(c.member_id, k)) for c in p.clients]
            techs = [replace(t, service_id=_suffix(t.service_id, k)) for t in p.technologies]
            projects.append(replace(p, id=_suffix(p.id, k), name=p.name + tag, clients=clients, technologies=techs))
        for u in dataset.uses:
            user = u.user_id if u.user_kind == "organization" else _suffix(u.user_id, k)
            uses.append(replace(u, user_id=user, service_id=_suffix(u.service_id, k)))
    return replace(copy.deepcopy(dataset), members=members, projects=projects, services=services, uses=uses)


def raw_unwind_seconds(store: Store, dataset: Dataset) -> float:
    """The same rows (nodes, relationships, metrics) written by bare batched UNWIND CREATEs under one scratch
    label with a key index, in batches of 5,000 auto-committed: the fastest a load of them can be. Deleted after."""
    rows = dataset_rows(dataset)
    add_metrics(rows)
    ddl = (f"CREATE INDEX rawbench_id IF NOT EXISTS FOR (n:{RAW}) ON (n.id)" if store.engine == "neo4j"
           else f"CREATE INDEX FOR (n:{RAW}) ON (n.id)")
    try:
        store.write(ddl)
    except SmalsGraphError:
        pass  # already there
    started = time.perf_counter()
    for by_id in rows.nodes.values():
        store.write_batches(f"UNWIND $rows AS row CREATE (n:{RAW} {{id: row.id}}) SET n += row.props",
                            [{"id": k, "props": v} for k, v in by_id.items()])
    for (_, rel_type, _), by_pair in rows.relationships.items():
        store.write_batches(f"UNWIND $rows AS row MATCH (a:{RAW} {{id: row.a}}) MATCH (b:{RAW} {{id: row.b}}) "
                            f"CREATE (a)-[r:{rel_type}]->(b) SET r += row.props",
                            [{"a": a, "b": b, "props": v} for (a, b), v in by_pair.items()])
    seconds = time.perf_counter() - started
    while store.write(f"MATCH (n:{RAW}) WITH n LIMIT 5000 DETACH DELETE n RETURN count(*)").scalar():
        pass
    return seconds


# ----------------------------------------------------------------------------------------- measuring
@dataclass
class Case:
    name: str
    run: Callable[[], Any]
    kind: str  # "fast" (p95 < 100 ms and flat), "flat" (flat only), "grows" (reported)


@dataclass
class Timing:
    p50: float
    p95: float
    note: str = ""


@dataclass
class Table:
    rows: dict[tuple[str, str], dict[int, Timing]] = field(default_factory=dict)  # (engine, case) -> scale
    kinds: dict[str, str] = field(default_factory=dict)

    def add(self, engine: str, case: str, kind: str, scale: int, timing: Timing) -> None:
        self.rows.setdefault((engine, case), {})[scale] = timing
        self.kinds[case] = kind


def measure(run: Callable[[], Any], runs: int) -> Timing:
    """p50/p95 of warm runs; a run the store refuses (time limit of the read path) is reported, not fatal."""
    try:
        run()  # warm: connections, caches of the engine
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            run()
            samples.append((time.perf_counter() - started) * 1000)
    except SmalsGraphError as exc:
        return Timing(float("inf"), float("inf"), note=type(exc).__name__)
    samples.sort()
    p95 = samples[min(len(samples) - 1, max(0, int(round(0.95 * len(samples))) - 1))]
    return Timing(statistics.median(samples), p95)


# The baseline of "who shares what": the plainest single query a person would write for the member x component
# pairs (reusable components, members only) and their number of projects, plus the direct statements.
HAND_PAIRS_CYPHER = (
    "MATCH (m:Member)-[:USES]->(s:Service) WHERE s.reusable = true RETURN DISTINCT m.id, s.id, 1 AS n "
    "UNION ALL MATCH (m:Member)<-[:FOR]-(p:Project)-[:REUSES|DELIVERS]->(s:Service) WHERE s.reusable = true "
    "RETURN m.id, s.id, count(DISTINCT p) AS n"
)


def networkx_pairs(graph: Any) -> dict[tuple[str, str], int]:
    """The same pairs in memory over the whole graph in networkx (the in-process baseline)."""
    kind = graph.nodes
    cells: dict[tuple[str, str], set[str]] = {}
    for a, b, data in graph.edges(data=True):
        rel = data.get("rel_type")
        if kind[b].get("kind") != "Service" or kind[b].get("reusable") is not True:
            continue
        if rel == "USES" and kind[a].get("kind") == "Member":
            cells.setdefault((a, b), set()).add("statement")
        elif rel in ("REUSES", "DELIVERS") and kind[a].get("kind") == "Project":
            for _, m, d in graph.out_edges(a, data=True):
                if d.get("type") == "FOR" and kind[m].get("kind") == "Member":
                    cells.setdefault((m, b), set()).add(a)
    return {k: len(v) for k, v in cells.items()}


def matrix_cases(store: Store) -> list[Case]:
    """Who shares what: the product's path (one engine query, the page's first screen) against the
    hand-written query and networkx, in the same run (`matrix x hand` = p50 product / p50 hand, target < 2)."""
    graph = from_store(store)

    def product() -> Any:
        relation = shared_matrix.pairs(store, reusable_only=True)
        return shared_matrix.matrix_page(relation, limit=200, columns=60)

    return [
        Case("matrix: product path (query + first page)", product, "matrix"),
        Case(HAND_CASE, lambda: store.read(HAND_PAIRS_CYPHER, max_rows=1_000_000), "baseline"),
        Case("matrix: networkx in memory (baseline)", lambda: networkx_pairs(graph), "baseline"),
    ]


def measure_together(runs_of: list[Callable[[], Any]], runs: int) -> list[Timing]:
    """p50/p95 of each, run in turns (a, b, c, a, b, c...): on a shared box a burst of load hits each alike, so
    their ratio holds where the absolute numbers move."""
    failed: dict[int, str] = {}
    samples: list[list[float]] = [[] for _ in runs_of]
    for rep in range(runs + 1):  # the first round warms (connections, the engine's caches)
        for i, run in enumerate(runs_of):
            if i in failed:
                continue
            started = time.perf_counter()
            try:
                run()
            except SmalsGraphError as exc:  # refused or timed out: reported, not fatal
                failed[i] = type(exc).__name__
                continue
            if rep:
                samples[i].append((time.perf_counter() - started) * 1000)
    out = []
    for i, got in enumerate(samples):
        if i in failed:
            out.append(Timing(float("inf"), float("inf"), note=failed[i]))
            continue
        got.sort()
        out.append(Timing(statistics.median(got), got[min(len(got) - 1, max(0, int(round(0.95 * len(got))) - 1))]))
    return out


def cases(store: Store, index_holder: dict[str, SearchIndex]) -> list[Case]:
    def explore(key: str) -> Callable[[], Any]:
        return lambda: explore_view.build(store, explore_view.ExploreState(node=key))

    def details(key: str) -> Callable[[], Any]:
        return lambda: queries.node_details(store, key)

    def search(text: str) -> Callable[[], Any]:
        return lambda: index_holder["index"].search(text, limit=60)

    def colour_sizes() -> Any:
        view = explore_view.build(store, explore_view.ExploreState(node="m:onss")).view
        return from_properties(view)

    out = [
        Case("explore: open m:onss", explore("m:onss"), "fast"),
        Case("explore: open s:wave", explore("s:wave"), "fast"),
        Case("explore: open p:vidis-2025", explore("p:vidis-2025"), "fast"),
        Case("explore: open t:java (grows)", explore("t:java"), "grows"),
        Case("node details m:onss", details("m:onss"), "fast"),
        Case("node details s:wave", details("s:wave"), "fast"),
        Case("node details t:java (grows, capped)", details("t:java"), "fast"),
        Case("search 'onss'", search("onss"), "fast"),
        Case("search 'signaletiqe' (typo)", search("signaletiqe"), "fast"),
        Case("search 'wave'", search("wave"), "fast"),
        Case("metrics: view sized by betweenness", colour_sizes, "flat"),
        Case("metrics: top bridges (precomputed)", lambda: queries.top_by_metric(store, "betweenness", top=40),
             "grows"),
        Case("members picker (300, engine-side count)",
             lambda: queries.members(store, limit=300, with_projects=True), "grows"),
        Case("members picker, typed 'ons'",
             lambda: queries.members(store, limit=300, with_projects=True, text="ons"), "grows"),
        Case("compare m:onss / m:onem", lambda: queries.compare_members(store, "m:onss", "m:onem"), "flat"),
        Case("component s:wave users", lambda: queries.component_uses(store, service_key="s:wave"), "flat"),
        Case("matrix: all uses (grows)", lambda: queries.component_uses(store, reusable_only=True), "grows"),
    ]
    for name, canned in load_canned().items():
        text, params = canned.text_for(store.engine), canned.defaults()
        cap = canned.max_rows or DEFAULT_MAX_ROWS  # the query's own row cap, as the Query page runs it
        out.append(Case(f"canned: {name}" + ("" if name in FLAT_CANNED else " (grows)"),
                        lambda text=text, params=params, cap=cap: store.read(text, params, max_rows=cap),
                        "fast" if name in FLAT_CANNED else "fast-grows"))
    for spec in (s for s in shipped_specs() if not s.chart):  # a chart spec has no query of its own
        out.append(Case(f"figure query: {spec.name}", lambda spec=spec: spec_result(store, spec), "grows"))
    return out


def run_engine(engine: str, store: Store, dataset: Dataset, scales: list[int], runs: int,
               table: Table, *, quiet: bool = False, only: str = "") -> None:
    for scale in scales:
        data = scaled_dataset(dataset, scale)
        started = time.perf_counter()
        outcome = load_dataset(store, data)
        load_s = time.perf_counter() - started
        nodes = sum(outcome.stats.labels.values())
        how = f"betweenness sampled k={outcome.betweenness_samples}" if outcome.betweenness_samples else "exact"
        if not quiet:
            print(f"[{engine} {scale}x] {nodes:,} nodes, {outcome.stats.relationships:,} relationships; load with "
                  f"metrics {load_s:.1f} s (metrics {outcome.metrics_seconds:.1f} s, {how})", flush=True)
        table.add(engine, "load (with metrics), s→ms", "load", scale, Timing(load_s * 1000, load_s * 1000))
        raw_s = raw_unwind_seconds(store, data)
        table.add(engine, RAW_CASE, "baseline", scale, Timing(raw_s * 1000, raw_s * 1000))
        holder: dict[str, SearchIndex] = {}
        started = time.perf_counter()
        holder["index"] = SearchIndex.build(store)
        build_ms = (time.perf_counter() - started) * 1000
        table.add(engine, "search index build (once per load)", "grows", scale, Timing(build_ms, build_ms))
        together = [case for case in matrix_cases(store) if not only or only in case.name]
        for case, timing in zip(together, measure_together([c.run for c in together], runs), strict=True):
            table.add(engine, case.name, case.kind, scale, timing)
        for case in cases(store, holder):
            if only and only not in case.name:
                continue
            growing = case.kind in ("grows", "fast-grows")
            table.add(engine, case.name, case.kind, scale, measure(case.run, min(runs, GROWING_RUNS) if growing
                                                                   else runs))


def print_table(table: Table, scales: list[int]) -> list[str]:
    low, high = scales[0], scales[-1]
    head = f"{'engine':9} {'case':46}" + "".join(f"{f'{s}x p50/p95 ms':>20}" for s in scales)
    head += f"{f'{high}x/{low}x':>9}  target"
    print(head)
    print("-" * len(head))
    misses = []
    cases_in_order = list(dict.fromkeys(case for _, case in table.rows))  # each case's engines side by side
    engines = list(dict.fromkeys(engine for engine, _ in table.rows))
    for engine, case in [(e, c) for c in cases_in_order for e in engines if (e, c) in table.rows]:
        by_scale = table.rows[(engine, case)]
        kind = table.kinds[case]
        cells = "".join(f"{by_scale[s].note or f'{by_scale[s].p50:.1f}/{by_scale[s].p95:.1f}':>20}"
                        if s in by_scale else f"{'':>20}" for s in scales)
        ratio = (by_scale[high].p50 / by_scale[low].p50) if low in by_scale and high in by_scale \
            and by_scale[low].p50 > 0 else float("nan")
        verdict = ""
        hand = table.rows.get((engine, HAND_CASE), {})
        if kind == "matrix" and high in by_scale and high in hand:
            times = by_scale[high].p50 / hand[high].p50
            verdict = f"{times:.1f}x hand-written (<{MATRIX_RATIO:.0f}) {'ok' if times < MATRIX_RATIO else 'MISS'}"
        elif kind == "load" and high in by_scale:
            ok = by_scale[high].p50 / 1000 < LOAD_LIMIT_S
            verdict = f"<{LOAD_LIMIT_S:.0f}s {'ok' if ok else 'MISS'}"
            raw = table.rows.get((engine, RAW_CASE), {})
            if high in raw:
                times = by_scale[high].p50 / raw[high].p50
                verdict += f", {times:.1f}x raw (<{LOAD_RATIO:.0f}) {'ok' if times < LOAD_RATIO else 'MISS'}"
        elif kind in ("fast", "flat", "fast-grows") and high in by_scale:
            bits = []
            if kind in ("fast", "fast-grows"):
                ok = by_scale[high].p95 < FAST_MS
                bits.append(f"p95<{FAST_MS:.0f} {'ok' if ok else 'MISS'}")
            if kind in ("fast", "flat") and "grows" not in case and len(scales) > 1:
                flat = ratio < FLAT_RATIO
                bits.append(f"flat<{FLAT_RATIO:.0f} {'ok' if flat else 'MISS'}")
            verdict = ", ".join(bits)
        else:
            verdict = "baseline" if kind == "baseline" else "grows"
        if "MISS" in verdict:
            misses.append(f"{engine}: {case}: {verdict}")
        print(f"{engine:9} {case:46}{cells}{ratio:>9.2f}  {verdict}")
    return misses


def neo4j_scale(dataset: Dataset, scales: list[int], runs: int, table: Table, only: str = "") -> None:
    """On NEO4J_URI when set (its database is replaced), else on the project's Neo4j test server when it is
    built (`make neo4j-server`), else skipped with a word."""
    server = None
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "neo4j_server"))
        import neo4j_test_server

        if not neo4j_test_server.JAR.is_file():
            print("neo4j: skipped (no NEO4J_URI, and the test server is not built: make neo4j-server)")
            return
        server = neo4j_test_server.start().wait()
        launched = f"test server: heap {neo4j_test_server.HEAP}, page cache {neo4j_test_server.PAGECACHE}"
        os.environ.update(server.env())
        uri = server.uri
    try:
        store = connect(uri)
        if server is not None:
            # a JVM just started compiles its first queries: without a warm-up pass the smallest scale would be
            # measured on a cold server (a live one is warm) and the growth ratios would flatter the larger ones
            started = time.perf_counter()
            run_engine("neo4j", store, dataset, scales[:1], runs, Table(), quiet=True, only=only)
            print(f"[neo4j] warm-up pass on {scales[0]}x, not in the table: {time.perf_counter() - started:.0f} s "
                  f"({launched})", flush=True)
        try:
            run_engine("neo4j", store, dataset, scales, runs, table, only=only)
        finally:
            print_table(table, scales)  # before the clean-up: a failure there loses no measure
        store.clear()
        store.close()
    finally:
        if server is not None:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10, help="warm runs per case (p50/p95 over them)")
    parser.add_argument("--scales", default="1,10,50", help="comma-separated copy factors, smallest first")
    parser.add_argument("--engines", default="falkordb,neo4j",
                        help="falkordb (embedded) and/or neo4j (NEO4J_URI, else the project's Neo4j test server "
                             "when built; SMALS_GRAPH_NEO4J_HEAP / SMALS_GRAPH_NEO4J_PAGECACHE size it)")
    parser.add_argument("--only", default="", help="measure only the cases whose name contains this text "
                        "(e.g. 'matrix'); the load and the search index build are always measured")
    args = parser.parse_args()
    scales = sorted(int(s) for s in args.scales.split(","))
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    dataset = parse_report(BUNDLED_REPORT)
    table = Table()
    with tempfile.TemporaryDirectory(prefix="smals-scale-") as data_dir:
        from smals_graph.graph_model.embedded import EmbeddedEngine

        embedded = EmbeddedEngine(data_dir) if "falkordb" in engines else None
        try:
            if embedded is not None:
                embedded.ensure_running()
                store = connect("embedded:", data_dir=data_dir, graph="bench_scale")
                run_engine("falkordb", store, dataset, scales, args.runs, table, only=args.only)
                store.clear()
                store.close()
                if "neo4j" in engines:  # printed now too: a Neo4j server that fails to start loses nothing
                    print_table(table, scales)
            if "neo4j" in engines:
                neo4j_scale(dataset, scales, args.runs, table, args.only)
        finally:
            if embedded is not None:
                embedded.stop()
    print()
    print(f"load average at the end: {', '.join(f'{v:.1f}' for v in os.getloadavg())} on {os.cpu_count()} CPUs")
    misses = print_table(table, scales)
    print()
    print("missed targets:" if misses else "every target met")
    for miss in misses:
        print("  " + miss)


if __name__ == "__main__":
    main()
