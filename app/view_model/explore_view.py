"""The Explore view as a value: centre node, ordered expansions and filters -> a GraphView with positions.

The state round-trips through the URL (`to_params` / `from_params`), and the view is rebuilt from it
deterministically: the centre's neighbourhood is laid out first, then each expansion in order with the
positions of already drawn nodes fixed. So a shared URL lands on the same picture, and expanding a node never
reshuffles what is already on screen. No Streamlit import here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from smals_graph.app.view_model import queries
from smals_graph.app.view_model.metrics import COLOUR_CHOICES, SIZE_CHOICES
from smals_graph.app.view_model.queries import DEFAULT_LIMIT, Filters, Neighbourhood
from smals_graph.app.view_model.view import GraphView
from smals_graph.graph_model.results import Node, Relationship
from smals_graph.graph_model.store import Store

SEP = "~"  # between a node key and a relationship type in an expansion ("m:onss~FOR")
AGG_PREFIX = "agg:"


@dataclass(frozen=True)
class Expansion:
    key: str
    rel_type: str | None = None

    def token(self) -> str:
        return self.key + (SEP + self.rel_type if self.rel_type else "")

    @classmethod
    def parse(cls, token: str) -> Expansion:
        key, _, rel_type = token.partition(SEP)
        return cls(key, rel_type or None)


@dataclass
class ExploreState:
    node: str | None = None  # the centre
    expansions: list[Expansion] = field(default_factory=list)
    selected: str | None = None  # the inspected node (defaults to the centre)
    filters: Filters = field(default_factory=Filters)
    limit: int = DEFAULT_LIMIT
    aggregate: bool = True  # over the limit: counts per label instead of the first `limit` neighbours
    query: str = ""  # the search box
    size_by: str = "degree"  # app.metrics.SIZE_CHOICES
    colour_by: str = "label"  # app.metrics.COLOUR_CHOICES
    # a component at the centre brings its users: members (through projects and directly), projects,
    # applications — who uses it is what people open a component for, and they sit two hops away
    users: bool = True
    hidden: list[str] = field(default_factory=list)  # dismissed node keys, kept off the view
    relaid_at: int | None = None  # "re-layout" pressed with this many expansions: laid out afresh from there

    # -- URL ---------------------------------------------------------------------------------------
    def to_params(self) -> dict[str, str | list[str]]:
        out: dict[str, str | list[str]] = {}
        if self.query:
            out["q"] = self.query
        if self.node:
            out["node"] = self.node
        if self.expansions:
            out["x"] = [e.token() for e in self.expansions]
        if self.selected and self.selected != self.node:
            out["sel"] = self.selected
        for name, values in (("labels", self.filters.labels), ("types", self.filters.types),
                             ("status", self.filters.statuses), ("cat", self.filters.categories)):
            if values is not None:
                out[name] = ",".join(values) if values else "-"
        if self.limit != DEFAULT_LIMIT:
            out["limit"] = str(self.limit)
        if not self.aggregate:
            out["agg"] = "0"
        if self.size_by != "degree":
            out["size"] = self.size_by
        if self.colour_by != "label":
            out["colour"] = self.colour_by
        if not self.users:
            out["users"] = "0"
        if self.hidden:
            out["hide"] = ",".join(self.hidden)
        if self.relaid_at is not None:
            out["relaid"] = str(self.relaid_at)
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> ExploreState:
        """From st.query_params (or a dict whose values are strings or lists of strings)."""

        def one(name: str) -> str | None:
            value = params.get(name)
            if isinstance(value, list):
                return value[-1] if value else None
            return value

        def many(name: str) -> list[str]:
            getter = getattr(params, "get_all", None)
            if getter is not None:
                return list(getter(name))
            value = params.get(name)
            if value is None:
                return []
            return list(value) if isinstance(value, list) else [value]

        def csv(name: str) -> list[str] | None:
            text = one(name)
            if text is None:
                return None
            return [] if text == "-" else [v for v in text.split(",") if v]

        try:
            limit = max(1, min(5000, int(one("limit") or DEFAULT_LIMIT)))
        except ValueError:
            limit = DEFAULT_LIMIT
        relaid = one("relaid")
        return cls(
            node=one("node") or None,
            expansions=[Expansion.parse(t) for t in many("x") if t],
            selected=one("sel") or None,
            filters=Filters(labels=csv("labels"), types=csv("types"), statuses=csv("status"),
                            categories=csv("cat")),
            limit=limit,
            aggregate=one("agg") != "0",
            query=one("q") or "",
            size_by=(one("size") or "degree") if one("size") in SIZE_CHOICES else "degree",
            colour_by=(one("colour") or "label") if one("colour") in COLOUR_CHOICES else "label",
            users=one("users") != "0",
            hidden=csv("hide") or [],
            relaid_at=int(relaid) if relaid and relaid.isdigit() else None,
        )

    # -- actions -----------------------------------------------------------------------------------
    def open(self, key: str) -> None:
        """Make `key` the centre of a fresh view."""
        self.node, self.selected, self.expansions, self.users = key, key, [], True
        self.hidden, self.relaid_at = [], None

    def dismiss(self, key: str) -> None:
        """Take a node off the view (never the centre); what only it brought in goes with it."""
        if key != self.node and key not in self.hidden:
            self.hidden.append(key)
            self.expansions = [e for e in self.expansions if e.key != key]
        if self.selected == key:
            self.selected = self.node

    def dismiss_others(self, key: str, on_screen: list[str]) -> None:
        """Keep `key` and the centre, take every other node on screen off the view."""
        for other in on_screen:
            if other not in (key, self.node):
                self.dismiss(other)

    def relayout(self) -> None:
        """Lay the whole view out afresh (a tidy picture after several expansions); later expansions again keep
        every node where it is."""
        self.relaid_at = len(self.expansions)

    def expand(self, key: str, rel_type: str | None = None) -> None:
        exp = Expansion(key, rel_type)
        if key == self.node and rel_type is None:
            return
        if exp not in self.expansions:
            # expanding all of a node replaces its per-type expansions
            if rel_type is None:
                self.expansions = [e for e in self.expansions if e.key != key]
            self.expansions.append(exp)

    def collapse(self, key: str) -> None:
        self.expansions = [e for e in self.expansions if e.key != key]

    def is_expanded(self, key: str) -> bool:
        return key == self.node or any(e.key == key for e in self.expansions)

    @property
    def inspected(self) -> str | None:
        return self.selected or self.node


@dataclass
class Notice:
    key: str  # the node whose neighbourhood was cut
    caption: str
    total: int
    shown: int
    omitted: dict[str, int]
    aggregated: bool


@dataclass
class ExploreResult:
    view: GraphView
    notices: list[Notice] = field(default_factory=list)
    applied: list[Expansion] = field(default_factory=list)  # expansions that could be applied
    missing: bool = False  # the centre does not exist


def aggregate_key(owner: str, label: str) -> str:
    return f"{AGG_PREFIX}{owner}{SEP}{label}"


def parse_aggregate_key(key: str) -> tuple[str, str] | None:
    if not key.startswith(AGG_PREFIX):
        return None
    owner, _, label = key[len(AGG_PREFIX):].rpartition(SEP)
    return (owner, label) if owner and label else None


def _aggregate(hood: Neighbourhood, already: dict[str, Node]
               ) -> tuple[dict[str, Node], dict[str, Relationship], dict[str, int]]:
    """The centre, the neighbours already on screen, and one node per label standing for the rest; and how many
    of each label are not drawn individually (what the aggregated nodes and the banner both count)."""
    centre = hood.centre
    assert centre is not None
    nodes: dict[str, Node] = {centre.id: centre}
    rels: dict[str, Relationship] = {}
    present = {n.key for n in already.values()}
    for node in hood.nodes.values():
        if node.key in present and node.id != centre.id:
            nodes[node.id] = node
    for rel in hood.relationships.values():
        if rel.start in nodes and rel.end in nodes:
            rels[rel.id] = rel
    drawn: dict[str, int] = {}
    for node in nodes.values():
        if node.id != centre.id:
            label = next((lab for lab in node.labels if lab in hood.by_label), node.labels[0] if node.labels else "")
            drawn[label] = drawn.get(label, 0) + 1
    not_drawn = {label: n - drawn.get(label, 0) for label, n in sorted(hood.by_label.items())
                 if n - drawn.get(label, 0) > 0}
    for label, count in not_drawn.items():
        key = aggregate_key(centre.key or centre.id, label)
        node = Node(id=key, labels=(label,), properties={
            "id": key, "name": f"{count} × {label}", "_aggregate": True, "_count": count, "_label": label,
            "_of": centre.key})
        nodes[key] = node
        rels["r" + key] = Relationship(id="r" + key, type=f"{count}", start=centre.id, end=key)
    return nodes, rels, not_drawn


def build(store: Store, state: ExploreState, *, seed: int = 42) -> ExploreResult:
    view = GraphView(seed=seed, title="")
    result = ExploreResult(view=view)
    if not state.node:
        return result
    steps = [Expansion(state.node)] + list(state.expansions)
    for index, exp in enumerate(steps):
        on_screen = {n.key: n for n in view.nodes.values() if n.key}
        if index > 0 and exp.key not in on_screen:
            continue  # its parent was collapsed
        hood = queries.neighbourhood(store, exp.key, state.filters, rel_type=exp.rel_type, limit=state.limit)
        if hood.centre is None:
            if index == 0:
                result.missing = True
                return result
            continue
        hidden = set(state.hidden)
        nodes = {i: n for i, n in hood.nodes.items() if n.key not in hidden}
        hood.nodes = nodes  # dismissed neighbours stay off the view
        hood.relationships = {i: r for i, r in hood.relationships.items() if r.start in nodes and r.end in nodes}
        if index > 0:
            result.applied.append(exp)
        cut = hood.omitted_total > 0
        if cut and state.aggregate:
            nodes, rels, not_drawn = _aggregate(hood, view.nodes)
            result.notices.append(Notice(exp.key, hood.centre.caption, hood.total,
                                         hood.total - sum(not_drawn.values()), not_drawn, True))
        else:
            nodes, rels = hood.nodes, hood.relationships
            if cut:
                result.notices.append(Notice(exp.key, hood.centre.caption, hood.total,
                                             hood.total - hood.omitted_total, hood.omitted, False))
        # nodes come back with engine ids: reuse the ids already on screen for the same keys
        view.add(nodes, rels)
        if index == 0:
            view.centre = hood.centre.id
            if state.users and "Service" in hood.centre.labels:
                users, how = queries.component_graph(store, exp.key)
                view.add(users, how)
        keys = [n.key for n in view.nodes.values() if n.key and not n.key.startswith(AGG_PREFIX)]
        view.add({}, queries.links_between(store, keys, state.filters.types))
        # after "re-layout" (pressed with relaid_at expansions applied) the picture is laid out afresh once
        view.layout(keep_existing=index > 0 and index != state.relaid_at)
    if not view.title:
        centre = next(iter(view.nodes.values()))
        view.title = centre.caption
    return result

__all__ = ["AGG_PREFIX", "Expansion", "ExploreResult", "ExploreState", "Notice", "SEP", "aggregate_key",
    "build", "parse_aggregate_key"]
