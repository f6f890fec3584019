"""Ecosystem analytics on the networkx form of the graph (`graph_model.nx_graph`). No UI here.

Two graph forms are used:
- the *directed* MultiDiGraph of `nx_graph.from_store` for anything that follows the schema's meaning
  (a member's stack goes Project-[:FOR]->Member, Project-[:USES]->Technology, Project-[:REUSES]->Service and
  Member-[:USES]->Service);
- the *undirected* simple graph of `nx_graph.analytic_graph` for paths, centrality and communities (problems,
  editions and DUPLICATE_OF are left out: they are bookkeeping, not the ecosystem).

Every answer keeps its evidence: report line and page of the relationships it rests on, so a person can check it.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from . import schema
from .nx_graph import analytic_graph

DEFAULT_SEED = 42


# -- finding entities -----------------------------------------------------------------------------------------

def caption(graph: nx.Graph, key: str) -> str:
    data = graph.nodes[key] if key in graph else {}
    return str(data.get("caption") or data.get("name") or key)


def resolve(graph: nx.Graph, text: str) -> str | None:
    """A node key from a key, an acronym, a name or a caption (case-insensitive; exact before prefix)."""
    if text in graph:
        return text
    wanted = text.strip().lower()
    for exact in (True, False):
        for key, data in sorted(graph.nodes(data=True)):
            for name in ("acronym", "caption", "name"):
                value = str(data.get(name) or "").lower()
                if value and (value == wanted if exact else value.startswith(wanted)):
                    return key
    return None


# -- shortest paths -------------------------------------------------------------------------------------------

@dataclass
class PathStep:
    key: str
    caption: str
    kind: str
    via: str = ""  # relationship types joining it to the previous step


def shortest_path(graph: nx.Graph, source: str, target: str) -> list[PathStep]:
    """The shortest chain of relationships between two entities (direction ignored), [] when unconnected.
    Among equally short paths, networkx's breadth-first order on the sorted graph decides, so it is stable."""
    if source not in graph or target not in graph:
        raise KeyError(source if source not in graph else target)
    try:
        keys = nx.shortest_path(graph, source, target)
    except nx.NetworkXNoPath:
        return []
    steps = []
    for i, key in enumerate(keys):
        via = "" if i == 0 else "/".join(graph.edges[keys[i - 1], key].get("rel_types", []))
        steps.append(PathStep(key, caption(graph, key), graph.nodes[key].get("kind", ""), via))
    return steps


def describe_path(steps: list[PathStep]) -> str:
    if not steps:
        return "No path: the two entities are not connected."
    text = steps[0].caption
    for step in steps[1:]:
        text += f" —{step.via}— {step.caption}"
    return f"{len(steps) - 1} step(s): {text}"


# -- centrality -----------------------------------------------------------------------------------------------

@dataclass
class CentralityRow:
    key: str
    caption: str
    kind: str
    degree: int
    degree_centrality: float
    betweenness: float


def centrality(graph: nx.Graph, kinds: Iterable[str] | None = None, top: int | None = None) -> list[CentralityRow]:
    """Degree (how many direct links) and betweenness (share of shortest paths between other entities that pass
    through this one: the bridges of the ecosystem), both normalised to 0..1, sorted by betweenness."""
    degree = nx.degree_centrality(graph) if graph.number_of_nodes() > 1 else dict.fromkeys(graph, 0.0)
    between = nx.betweenness_centrality(graph, normalized=True)
    wanted = set(kinds) if kinds else None
    rows = [CentralityRow(k, caption(graph, k), d.get("kind", ""), graph.degree(k), degree[k], between[k])
            for k, d in graph.nodes(data=True) if wanted is None or d.get("kind") in wanted]
    rows.sort(key=lambda r: (-r.betweenness, -r.degree, r.key))
    return rows[:top] if top else rows


# -- communities ----------------------------------------------------------------------------------------------

@dataclass
class Community:
    index: int
    keys: list[str]
    kinds: dict[str, int]
    top: dict[str, list[str]]  # kind -> captions of its best-connected nodes
    description: str = ""


def communities(graph: nx.Graph, seed: int = DEFAULT_SEED, resolution: float = 1.0,
                top: int = 3) -> list[Community]:
    """Louvain communities (seeded: the same graph gives the same groups), largest first, each described by
    its dominant labels and its best-connected members, components and technologies."""
    if graph.number_of_nodes() == 0:
        return []
    parts, _ = louvain_parts(graph, seed=seed, resolution=resolution)
    return describe_communities(graph, parts, top=top)


def stored_communities(graph: nx.Graph, prop: str = schema.COMMUNITY_PROP, top: int = 3) -> list[Community]:
    """The communities the load measured (node attribute `prop`), described as `communities` describes them."""
    parts: dict[Any, list[str]] = defaultdict(list)
    for key, data in graph.nodes(data=True):
        if data.get(prop) is not None:
            parts[data[prop]].append(key)
    return describe_communities(graph, list(parts.values()), top=top)


def describe_communities(graph: nx.Graph, parts: Iterable[Iterable[str]], top: int = 3) -> list[Community]:
    ordered = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    result = []
    for index, keys in enumerate(ordered):
        kinds = Counter(graph.nodes[k].get("kind", "") for k in keys)
        best: dict[str, list[str]] = {}
        for kind in (schema.MEMBER, schema.SERVICE, schema.TECHNOLOGY, schema.PROJECT, schema.ORGANIZATION):
            of_kind = sorted((k for k in keys if graph.nodes[k].get("kind") == kind),
                             key=lambda k: (-graph.degree(k), k))
            if of_kind:
                best[kind] = [caption(graph, k) for k in of_kind[:top]]
        dominant = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
        bits = [f"{len(keys)} nodes ({dominant})"]
        for kind, word in ((schema.MEMBER, "members"), (schema.SERVICE, "components"),
                           (schema.TECHNOLOGY, "technologies")):
            if best.get(kind):
                bits.append(f"{word}: {', '.join(best[kind])}")
        result.append(Community(index + 1, list(keys), dict(kinds), best, "; ".join(bits)))
    return result


def community_of(parts: list[Community]) -> dict[str, int]:
    return {key: c.index for c in parts for key in c.keys}


# -- member stacks and similarity -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Evidence:
    """Why a member has a technology or component: through which project (or a direct statement), where."""

    via: str  # project key, or "" for a direct statement
    via_caption: str
    rel_type: str
    line: int | None
    page: int | None
    quote: str = ""

    def text(self) -> str:
        where = ", ".join(x for x in (f"line {self.line}" if self.line is not None else "",
                                      f"p. {self.page}" if self.page is not None else "") if x)
        what = f"project {self.via_caption}" if self.via else "statement"
        if self.quote:
            what += f" «{self.quote}»"
        return f"{what} ({where})" if where else what


@dataclass
class Profile:
    key: str
    caption: str
    category: str | None
    technologies: dict[str, list[Evidence]] = field(default_factory=dict)
    components: dict[str, list[Evidence]] = field(default_factory=dict)
    projects: list[str] = field(default_factory=list)

    def features(self, on: str = "all") -> set[str]:
        if on == "technologies":
            return set(self.technologies)
        if on == "components":
            return set(self.components)
        return set(self.technologies) | set(self.components)


def member_profiles(graph: nx.MultiDiGraph, kinds: Iterable[str] = (schema.MEMBER,)) -> dict[str, Profile]:
    """Each member's technologies and components: its projects' USES->Technology and REUSES|DELIVERS->Service,
    and its own USES->Service statements (the meaning of "user" of app/view_model/usage.py), with the evidence of each (a duplicate member line is not a second member)."""
    wanted = set(kinds)
    profiles: dict[str, Profile] = {}
    for key, data in graph.nodes(data=True):
        if data.get("kind") in wanted and not data.get("duplicate_of"):
            profiles[key] = Profile(key, caption(graph, key), data.get("category"))
    for project, member, data in graph.edges(data=True):
        if data.get("rel_type") != schema.FOR or member not in profiles:
            continue
        profile = profiles[member]
        profile.projects.append(project)
        p_caption = str(graph.nodes[project].get("name") or caption(graph, project))
        for _, target, used in graph.out_edges(project, data=True):
            kind = graph.nodes[target].get("kind")
            bucket = (profile.technologies if used.get("rel_type") == schema.USES and kind == schema.TECHNOLOGY
                      else profile.components if used.get("rel_type") in schema.PROJECT_COMPONENT_TYPES
                      and kind == schema.SERVICE
                      else None)
            if bucket is not None:
                bucket.setdefault(target, []).append(Evidence(
                    project, p_caption, used["rel_type"], used.get("line"), used.get("page"),
                    str(used.get("quote") or "")))
    for member, target, data in graph.edges(data=True):
        if (member in profiles and data.get("rel_type") == schema.USES
                and graph.nodes[target].get("kind") == schema.SERVICE):
            profiles[member].components.setdefault(target, []).append(Evidence(
                "", "", schema.USES, data.get("line"), data.get("page"), str(data.get("quote") or "")))
    for profile in profiles.values():
        profile.projects.sort()
    return dict(sorted(profiles.items()))


def jaccard(a: set[str], b: set[str]) -> float:
    """|A ∩ B| / |A ∪ B|; 0 when both are empty."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


@dataclass
class Similarity:
    a: str
    b: str
    score: float
    shared: list[str]


def largest_stacks(profiles: dict[str, Profile], limit: int) -> tuple[dict[str, Profile], int]:
    """At most `limit` profiles with a stack, the largest first: pairwise measures grow with the square of the
    members. Returns (chosen, how many had a stack), so that a page can say what was left out."""
    stacked = [p for p in profiles.values() if p.technologies or p.components]
    stacked.sort(key=lambda p: (-(len(p.technologies) + len(p.components)), p.key))
    return {p.key: p for p in sorted(stacked[:limit], key=lambda p: p.key)}, len(stacked)


def similarity(profiles: dict[str, Profile], on: str = "all", min_score: float = 0.0) -> list[Similarity]:
    """Jaccard similarity of every pair of members on their technology and/or component sets, best first."""
    pairs = []
    for a, b in itertools.combinations(sorted(profiles), 2):
        fa, fb = profiles[a].features(on), profiles[b].features(on)
        score = jaccard(fa, fb)
        if score > min_score:
            pairs.append(Similarity(a, b, score, sorted(fa & fb)))
    pairs.sort(key=lambda s: (-s.score, s.a, s.b))
    return pairs


# -- reuse opportunities --------------------------------------------------------------------------------------

def reusable_components(graph: nx.MultiDiGraph) -> list[str]:
    return sorted(k for k, d in graph.nodes(data=True)
                  if d.get("kind") == schema.SERVICE and d.get("reusable") in (True, "true", "True", 1))


@dataclass
class Opportunity:
    """`member` could reuse `component`, which `peer` (a member with a similar technology stack) already uses."""

    member: str
    member_caption: str
    component: str
    component_caption: str
    peer: str
    peer_caption: str
    score: float  # Jaccard similarity of the two technology stacks
    shared_technologies: list[tuple[str, list[Evidence], list[Evidence]]]  # (tech caption, member's, peer's)
    peer_evidence: list[Evidence]  # where the report says the peer uses the component
    other_peers: list[str] = field(default_factory=list)  # other users of the component with a shared tech
    pair_shares_components: list[str] = field(default_factory=list)  # reusable components they already share

    def reasons(self) -> list[str]:
        techs = ", ".join(name for name, _, _ in self.shared_technologies)
        lines = [f"{self.member_caption} and {self.peer_caption} share {len(self.shared_technologies)} "
                 f"technolog{'y' if len(self.shared_technologies) == 1 else 'ies'} (Jaccard {self.score:.2f}): "
                 f"{techs}."]
        lines.append(f"{self.peer_caption} already uses {self.component_caption}: "
                     + "; ".join(e.text() for e in self.peer_evidence) + ".")
        for name, mine, theirs in self.shared_technologies:
            lines.append(f"{name}: {self.member_caption} in " + "; ".join(e.text() for e in mine)
                         + f" — {self.peer_caption} in " + "; ".join(e.text() for e in theirs) + ".")
        if self.other_peers:
            lines.append(f"Also used by members with overlapping stacks: {', '.join(self.other_peers)}.")
        if not self.pair_shares_components:
            lines.append(f"{self.member_caption} and {self.peer_caption} share no reusable component yet.")
        return lines


def reuse_opportunities(graph: nx.MultiDiGraph, component: str | None = None, *,
                        profiles: dict[str, Profile] | None = None, min_shared: int = 1,
                        top: int | None = None) -> list[Opportunity]:
    """For each reusable component (or just `component`) and each member that does not use it yet: the member
    that uses it and whose technology stack is most similar (Jaccard), with the shared technologies and the
    evidence on both sides. Ranked by that similarity, then by the number of shared technologies."""
    profiles = profiles if profiles is not None else member_profiles(graph)
    components = [component] if component else reusable_components(graph)
    reusable = set(reusable_components(graph))
    found: list[Opportunity] = []
    for comp in components:
        users = [k for k, p in profiles.items() if comp in p.components]
        for member, profile in profiles.items():
            if comp in profile.components:
                continue
            mine = set(profile.technologies)
            ranked = sorted(((jaccard(mine, set(profiles[u].technologies)), len(mine & set(profiles[u].technologies)),
                              u) for u in users), key=lambda t: (-t[0], -t[1], t[2]))
            ranked = [r for r in ranked if r[1] >= min_shared]
            if not ranked:
                continue
            score, _, peer = ranked[0]
            theirs = profiles[peer]
            shared = sorted(mine & set(theirs.technologies), key=lambda k: caption(graph, k).lower())
            found.append(Opportunity(
                member=member, member_caption=profile.caption, component=comp,
                component_caption=caption(graph, comp), peer=peer, peer_caption=theirs.caption, score=score,
                shared_technologies=[(caption(graph, t), profile.technologies[t], theirs.technologies[t])
                                     for t in shared],
                peer_evidence=theirs.components[comp],
                other_peers=[profiles[u].caption for _, _, u in ranked[1:]],
                pair_shares_components=sorted(caption(graph, c) for c in
                                              set(profile.components) & set(theirs.components) & reusable),
            ))
    found.sort(key=lambda o: (-o.score, -len(o.shared_technologies), o.component, o.member))
    return found[:top] if top else found


@dataclass
class StackPair:
    a: str
    b: str
    score: float
    shared_technologies: list[str]
    a_only_components: list[str]  # reusable components a uses and b does not
    b_only_components: list[str]


def unshared_pairs(graph: nx.MultiDiGraph, *, profiles: dict[str, Profile] | None = None,
                   min_score: float = 0.0, min_shared: int = 1) -> list[StackPair]:
    """Pairs of members with similar technology stacks that share no reusable component yet, most similar first,
    with what each side could take from the other."""
    profiles = profiles if profiles is not None else member_profiles(graph)
    reusable = set(reusable_components(graph))
    pairs = []
    for a, b in itertools.combinations(sorted(profiles), 2):
        pa, pb = profiles[a], profiles[b]
        ta, tb = set(pa.technologies), set(pb.technologies)
        ca, cb = set(pa.components) & reusable, set(pb.components) & reusable
        if ca & cb or not ca ^ cb or len(ta & tb) < min_shared:
            continue  # they share a component already, or neither has one to offer
        score = jaccard(ta, tb)
        if score <= min_score:
            continue
        names = lambda keys: sorted(caption(graph, k) for k in keys)  # noqa: E731
        pairs.append(StackPair(a, b, score, names(ta & tb), names(ca - cb), names(cb - ca)))
    pairs.sort(key=lambda p: (-p.score, -len(p.shared_technologies), p.a, p.b))
    return pairs


# -- metrics to size or colour a view -------------------------------------------------------------------------

METRICS = ("degree", "betweenness", "community")
EXACT_BETWEENNESS_MAX = 2500  # entities; above it betweenness is estimated from sampled sources
BETWEENNESS_SAMPLES = 200  # linked sources sampled (seeded) above EXACT_BETWEENNESS_MAX: ~0.7 s at 50x
BETWEENNESS_BATCH = 100  # sources walked together by the sparse-matrix breadth-first search
NX_LOUVAIN_MAX = 2000  # linked entities; above it Louvain runs compiled (scikit-network), ~100x faster
LOUVAIN_NETWORKX = "louvain (networkx)"
LOUVAIN_SKNETWORK = "louvain (scikit-network)"


@dataclass
class LoadMetrics:
    """Whole-graph metrics measured once per load (the loader writes them on the nodes)."""

    degree: dict[str, float]
    betweenness: dict[str, float]
    community: dict[str, int]
    betweenness_samples: int  # 0: exact; else an estimate from this many sampled sources
    community_method: str = LOUVAIN_NETWORKX  # which Louvain implementation grouped them


def betweenness(graph: nx.Graph, seed: int = DEFAULT_SEED,
                exact_max: int = EXACT_BETWEENNESS_MAX) -> tuple[dict[str, float], int]:
    """Normalised betweenness, exact up to `exact_max` nodes (networkx, O(nodes x links)); above, estimated
    from BETWEENNESS_SAMPLES sources drawn with `seed` among the linked nodes (same graph, same estimate).
    Returns (values, samples)."""
    n = graph.number_of_nodes()
    if n <= exact_max:
        return dict(nx.betweenness_centrality(graph, normalized=True)), 0
    linked = sorted(k for k in graph if graph.degree(k) > 0)
    k = min(BETWEENNESS_SAMPLES, len(linked))
    sources = random.Random(seed).sample(linked, k)
    # an unlinked source reaches nobody: sampling among the linked ones only wastes no sample, and scaling by
    # their number (not all nodes) keeps the estimate unbiased
    values = brandes(graph, sources, nodes=linked)
    scale = len(linked) / k / ((n - 1) * (n - 2)) if k else 0.0
    out = dict.fromkeys(graph, 0.0)
    out.update({key: value * scale for key, value in values.items()})
    return out, k


def _adjacency(graph: nx.Graph, index: dict[str, int]) -> Any:
    """The symmetric 0/1 sparse adjacency matrix of `graph` over the nodes of `index` (key -> row), self-loops
    left out: what the compiled Louvain and the matrix Brandes walk."""
    import numpy as np
    from scipy import sparse

    pairs = np.array([(index[a], index[b]) for a, b in graph.edges() if a in index and b in index and a != b],
                     dtype=np.int64).reshape(-1, 2)
    rows = np.concatenate([pairs[:, 0], pairs[:, 1]])
    cols = np.concatenate([pairs[:, 1], pairs[:, 0]])
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(index), len(index)))


def brandes(graph: nx.Graph, sources: list[str], nodes: list[str] | None = None) -> dict[str, float]:
    """Sum over `sources` of Brandes' dependency of each node (unnormalised betweenness of an undirected graph
    counts each pair from both ends; all sources give 2x networkx's `normalized=False`). The breadth-first
    searches run as sparse matrix products over BETWEENNESS_BATCH sources at a time (numpy/scipy, not a Python
    loop per link): ~10x networkx's per-source walk on a 50x graph."""
    import numpy as np

    nodes = nodes if nodes is not None else sorted(graph)
    index = {key: i for i, key in enumerate(nodes)}
    n = len(nodes)
    adjacency = _adjacency(graph, index)
    total = np.zeros(n)
    for start in range(0, len(sources), BETWEENNESS_BATCH):
        batch = [index[s] for s in sources[start:start + BETWEENNESS_BATCH]]
        columns = np.arange(len(batch))
        sigma = np.zeros((n, len(batch)))  # shortest paths from each source to each node
        sigma[batch, columns] = 1.0
        seen = sigma > 0
        levels = [seen.copy()]
        frontier = sigma.copy()
        while True:
            reach = adjacency @ frontier
            reach[seen] = 0.0
            new = reach > 0
            if not new.any():
                break
            sigma += reach
            seen |= new
            levels.append(new)
            frontier = reach
        delta = np.zeros_like(sigma)
        with np.errstate(divide="ignore", invalid="ignore"):
            for depth in range(len(levels) - 1, 0, -1):
                coefficient = np.where(levels[depth], (1.0 + delta) / sigma, 0.0)
                delta += np.where(levels[depth - 1], sigma * (adjacency @ coefficient), 0.0)
        delta[batch, columns] = 0.0  # a source is not between itself and another node
        total += delta.sum(axis=1)
    return {key: float(total[i]) for i, key in enumerate(nodes)}


def load_metrics(graph: nx.Graph, seed: int = DEFAULT_SEED, step: Any = None) -> LoadMetrics:
    """Degree, betweenness and Louvain communities of the analytic graph. `step(name)` is told each step."""
    tell = step or (lambda name: None)
    tell("degree")
    degree = {k: float(v) for k, v in graph.degree()}
    tell("betweenness")
    between, samples = betweenness(graph, seed=seed)
    tell("communities")
    index, method = community_index_and_method(graph, seed=seed)
    return LoadMetrics(degree, between, index, samples, method)


def community_index(graph: nx.Graph, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """node key -> 1-based index of its Louvain community, largest first (as `communities` numbers them)."""
    return community_index_and_method(graph, seed=seed)[0]


def community_index_and_method(graph: nx.Graph, seed: int = DEFAULT_SEED) -> tuple[dict[str, int], str]:
    """`community_index`, and which Louvain grouped them (LOUVAIN_NETWORKX up to NX_LOUVAIN_MAX linked nodes,
    else LOUVAIN_SKNETWORK). Isolated nodes are their own community, so Louvain runs without them: the
    modularity it optimises is the same (they carry no link), and a graph of many unlinked members (each
    edition lists them all) stays fast."""
    linked = graph.subgraph([k for k in graph if graph.degree(k) > 0]).copy()  # a view would filter on every step
    parts, method = louvain_parts(linked, seed=seed) if linked else ([], LOUVAIN_NETWORKX)
    parts += [[k] for k in graph if graph.degree(k) == 0]
    parts.sort(key=lambda p: (-len(p), p[0]))
    return {key: index for index, part in enumerate(parts, start=1) for key in part}, method


def louvain_parts(graph: nx.Graph, seed: int = DEFAULT_SEED, resolution: float = 1.0,
                  nx_max: int = NX_LOUVAIN_MAX) -> tuple[list[list[str]], str]:
    """Louvain communities (sorted keys each) and the implementation used: networkx's (pure Python, seeded)
    up to `nx_max` linked nodes, else scikit-network's compiled one on the nodes in key order (deterministic:
    the seed only shuffles that order, and only when it is not the default seed)."""
    if sum(1 for k in graph if graph.degree(k) > 0) <= nx_max:  # unlinked nodes cost Louvain nothing
        # networkx's Louvain walks sets of nodes: with string keys their order follows Python's per-process hash
        # seed, so the same graph gave other communities on every load. Integers in key order hash the same in
        # every process, and the links go in sorted: same graph, same seed, same communities.
        nodes = sorted(graph)
        number = {key: i for i, key in enumerate(nodes)}
        canonical = nx.Graph()
        canonical.add_nodes_from(range(len(nodes)))
        canonical.add_edges_from(sorted(tuple(sorted((number[a], number[b]))) for a, b in graph.edges()))
        found = nx.community.louvain_communities(canonical, seed=seed, resolution=resolution)
        return [sorted(nodes[i] for i in p) for p in found], LOUVAIN_NETWORKX
    from sknetwork.clustering import Louvain

    nodes = sorted(graph)
    adjacency = _adjacency(graph, {key: i for i, key in enumerate(nodes)})
    louvain = Louvain(resolution=resolution, modularity="newman", shuffle_nodes=seed != DEFAULT_SEED,
                      random_state=seed)
    labels = louvain.fit_predict(adjacency)
    groups: dict[int, list[str]] = defaultdict(list)
    for key, label in zip(nodes, labels, strict=True):
        groups[int(label)].append(key)
    return list(groups.values()), LOUVAIN_SKNETWORK


def metric(graph: nx.Graph, name: str, seed: int = DEFAULT_SEED) -> dict[str, float]:
    """node key -> value of a metric on the analytic graph (community: its 1-based index)."""
    if name == "degree":
        return {k: float(v) for k, v in graph.degree()}
    if name == "betweenness":
        return betweenness(graph, seed=seed)[0]
    if name == "community":
        return {k: float(v) for k, v in community_of(communities(graph, seed=seed)).items()}
    raise ValueError(f"unknown metric {name!r}: use one of {', '.join(METRICS)}")


def ecosystem(graph: nx.MultiDiGraph) -> nx.Graph:
    """Shorthand for the analytic (undirected, entities-only) form of a store graph."""
    return analytic_graph(graph)

__all__ = ["BETWEENNESS_BATCH", "BETWEENNESS_SAMPLES", "CentralityRow", "Community", "DEFAULT_SEED",
    "EXACT_BETWEENNESS_MAX", "Evidence", "LOUVAIN_NETWORKX", "LOUVAIN_SKNETWORK", "LoadMetrics", "METRICS",
    "NX_LOUVAIN_MAX", "Opportunity", "PathStep", "Profile", "Similarity", "StackPair", "betweenness",
    "brandes", "caption", "centrality", "communities", "community_index", "community_index_and_method",
    "community_of", "describe_communities", "describe_path", "ecosystem", "jaccard", "largest_stacks",
    "load_metrics", "louvain_parts", "member_profiles", "metric", "resolve", "reusable_components",
    "reuse_opportunities", "shortest_path", "similarity", "stored_communities", "unshared_pairs"]
