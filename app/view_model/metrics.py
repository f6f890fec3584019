"""Size or colour a view by a metric: measured on the whole graph (so a node looks the same in every view) and
written onto the GraphView, which the screen widget and the figure export both read. No Streamlit here."""

from __future__ import annotations

import networkx as nx

from smals_graph.app.view_model.view import GraphView
from smals_graph.graph_model import analytics, schema

SIZE_CHOICES = {
    "degree": "links on screen",
    "graph-degree": "links in the whole graph",
    "betweenness": "betweenness (bridges the ecosystem)",
    "none": "fixed size per label",
}
COLOUR_CHOICES = {
    "label": "label",
    "community": "community (Louvain, whole graph)",
    "category": "member category",
    "status_norm": "project status",
    "domain": "service domain",
}


METRIC_NAMES = ("degree", "betweenness", "community")
METRIC_PROPERTY = {"degree": schema.DEGREE_PROP, "betweenness": schema.BETWEENNESS_PROP,
                   "community": schema.COMMUNITY_PROP}


def metrics_of(graph: nx.Graph) -> dict[str, dict[str, float]]:
    """metric name -> {node key: value} on an analytic graph (graph_model.nx_graph.analytic_graph)."""
    return {name: analytics.metric(graph, name) for name in METRIC_NAMES}


def from_properties(view: GraphView) -> dict[str, dict[str, float]] | None:
    """metric name -> {node key: value} for the nodes of a view, read from the properties the loader measured
    on the whole graph (no measuring on view). None when the graph was loaded without them."""
    out: dict[str, dict[str, float]] = {name: {} for name in METRIC_NAMES}
    for node in view.nodes.values():
        for name, prop in METRIC_PROPERTY.items():
            value = node.properties.get(prop)
            if value is not None and node.key:
                out[name][node.key] = float(value)
    return out if any(out.values()) else None



def apply(view: GraphView, size_by: str, colour_by: str, metrics: dict[str, dict[str, float]] | None) -> None:
    """Set the view's sizes and groups from the choices (keys of SIZE_CHOICES / COLOUR_CHOICES)."""
    view.sizes, view.size_metric, view.groups, view.group_title = None, "", None, ""
    view.size_by_degree = size_by != "none"
    keyed = {node_id: node.key for node_id, node in view.nodes.items()}
    metric_name = {"graph-degree": "degree", "betweenness": "betweenness"}.get(size_by)
    if metric_name and metrics:
        values = metrics[metric_name]
        view.sizes = {node_id: values.get(key or "", 0.0) for node_id, key in keyed.items()}
        view.size_metric = SIZE_CHOICES[size_by]
    if colour_by == "community" and metrics:
        values = metrics["community"]
        view.groups = {node_id: f"{int(values[key]):02d}" for node_id, key in keyed.items() if key in values}
        view.group_title = "Community"
    elif colour_by in ("category", "status_norm", "domain"):
        view.groups = {node_id: str(node.properties[colour_by]) for node_id, node in view.nodes.items()
                       if node.properties.get(colour_by) not in (None, "")}
        view.group_title = COLOUR_CHOICES[colour_by].capitalize()

__all__ = ["COLOUR_CHOICES", "METRIC_NAMES", "METRIC_PROPERTY", "SIZE_CHOICES", "apply", "from_properties",
    "metrics_of"]
