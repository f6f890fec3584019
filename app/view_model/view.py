"""A graph view: what is on screen, in a form both the browser widget and the figure export read.
No Streamlit import here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from smals_graph.app.view_model import style
from smals_graph.app.view_model.layout import DEFAULT_SEED, compute_layout, resolve_kind
from smals_graph.graph_model.dialect import neutral_ids
from smals_graph.graph_model.results import Node, QueryResult, Relationship


@dataclass
class GraphView:
    nodes: dict[str, Node] = field(default_factory=dict)
    relationships: dict[str, Relationship] = field(default_factory=dict)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    title: str = ""
    seed: int = DEFAULT_SEED
    omitted: dict[str, int] = field(default_factory=dict)  # label -> how many were left out of the view
    sizes: dict[str, float] | None = None  # node id -> metric value (size grows with it), else size by degree
    size_metric: str = ""
    groups: dict[str, str] | None = None  # node id -> group name (colour by group; the shape keeps the label)
    group_title: str = ""
    size_by_degree: bool = True  # without metric sizes: grow with links on screen, or a fixed size per label
    layout_kind: str = "auto"  # view_model.layout.KINDS: auto chooses by the shape of the view
    centre: str | None = None  # node id in the middle of a radial layout (one node's neighbourhood)
    poles: tuple[str, str] | None = None  # two node ids at the ends of a layered layout (what two share)
    layout_used: str = ""  # the kind the last layout() resolved "auto" to
    truncated_at: int | None = None  # the query's row cap cut the answer there (a page says so)

    def group_colors(self) -> dict[str, str]:
        """Group name -> colour, in the order the figures use (sorted names, style.PALETTE)."""
        names = sorted(set((self.groups or {}).values()))
        return {name: style.group_color(i) for i, name in enumerate(names)}

    @classmethod
    def from_result(cls, result: QueryResult, title: str = "", seed: int = DEFAULT_SEED, *,
                    layout_kind: str = "auto", centre_key: str | None = None) -> GraphView:
        nodes, rels = neutral_ids(*result.graph())  # the same view, layout and figure from either engine
        view = cls(nodes=nodes, relationships=rels, title=title, seed=seed, layout_kind=layout_kind,
                   truncated_at=len(result.rows) if result.truncated else None)
        view.centre = view.id_of(centre_key) if centre_key else None
        view.layout()
        return view

    def id_of(self, key: str | None) -> str | None:
        """The node id of a schema key (`id` property), if that node is in the view."""
        return next((node_id for node_id, node in self.nodes.items() if node.key == key), None)

    def add(self, nodes: dict[str, Node], rels: dict[str, Relationship]) -> None:
        self.nodes.update(nodes)
        self.relationships.update({k: r for k, r in rels.items() if r.start in self.nodes and r.end in self.nodes})

    def layout(self, keep_existing: bool = False) -> None:
        # laid out by schema key, not by engine id, so that both engines give the same picture
        neutral = {i: (n.key or i) for i, n in self.nodes.items()}
        if len(set(neutral.values())) < len(neutral):
            neutral = {i: i for i in self.nodes}
        back = {v: k for k, v in neutral.items()}
        fixed = ({neutral[k]: v for k, v in self.positions.items() if k in self.nodes} if keep_existing else None)
        edges = [(neutral.get(r.start, r.start), neutral.get(r.end, r.end)) for r in self.relationships.values()]
        degree = self.degrees()
        boxes = {neutral[n]: style.node_box(node, style.node_size(style.style_of(node), degree[n], self.size_by_degree))
                 for n, node in self.nodes.items()}
        labels = {neutral[n]: node.label for n, node in self.nodes.items()}
        centre = neutral.get(self.centre) if self.centre else None
        poles = (neutral.get(self.poles[0], self.poles[0]), neutral.get(self.poles[1], self.poles[1])) \
            if self.poles else None
        self.layout_used = resolve_kind(list(back), edges, labels, self.layout_kind, centre, poles)
        placed = compute_layout(list(back), edges, seed=self.seed, fixed=fixed, kind=self.layout_used, labels=labels,
                                boxes=boxes, centre=centre, poles=poles)
        self.positions = {back[k]: v for k, v in placed.items()}

    def degrees(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for r in self.relationships.values():
            counts[r.start] += 1
            counts[r.end] += 1
        return counts

    def pages(self) -> list[int]:
        """Report pages the view's facts come from (for the source footnote)."""
        found = {n.properties.get("page") for n in self.nodes.values()}
        found |= {r.properties.get("page") for r in self.relationships.values()}
        return sorted(p for p in found if isinstance(p, int))

    def editions(self) -> list[int]:
        found = {n.properties.get("edition") for n in self.nodes.values()}
        return sorted(e for e in found if isinstance(e, int))

    def vis_data(self, size_by_degree: bool = True) -> dict[str, Any]:
        """Nodes and edges as vis-network DataSet items, positions fixed (physics off)."""
        degree = self.degrees()
        shares = style.metric_shares(self.sizes, list(self.nodes)) if self.sizes else None
        colors = self.group_colors()
        nodes = []
        for node_id, node in self.nodes.items():
            st = style.style_of(node)
            x, y = self.positions.get(node_id, (0.0, 0.0))
            group = (self.groups or {}).get(node_id)
            nodes.append({
                "id": node_id, "label": "\n".join(style.caption_lines(node.caption)[0]), "x": x, "y": y, "shape": st.shape,
                "size": (style.metric_size(st, shares[node_id]) if shares is not None
                         else style.node_size(st, degree[node_id], size_by_degree)),
                "color": {"background": colors[group] if group else st.color, "border": st.border},
                "group": node.label, "title": node.properties.get("name") or style.caption(node),
            })
        edges = [{"id": rel_id, "from": r.start, "to": r.end, "label": r.type,
                  "color": style.EDGE_COLORS.get(r.type, style.DEFAULT_EDGE_COLOR)}
                 for rel_id, r in self.relationships.items()]
        return {"nodes": nodes, "edges": edges}

__all__ = ["GraphView"]
