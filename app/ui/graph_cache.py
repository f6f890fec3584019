"""Caches keyed by the graph's fingerprint, shared by the pages: what is read once per load of the graph."""

from __future__ import annotations

import networkx as nx
import streamlit as st

from smals_graph.app.ui.gc_policy import long_lived
from smals_graph.app.view_model import metrics
from smals_graph.graph_model import analytics
from smals_graph.graph_model.disk_cache import cached, graph_fingerprint
from smals_graph.graph_model.nx_graph import analytic_graph, from_store
from smals_graph.graph_model.store import Store


def fingerprint(store: Store) -> str:
    """Changes whenever the graph is reloaded: keys caches of what is read from it."""
    return graph_fingerprint(store)


@st.cache_resource(max_entries=2, show_spinner="Reading the graph…")
@long_lived
def whole_graph(_store: Store, fp: str) -> tuple[nx.MultiDiGraph, nx.Graph, dict[str, analytics.Profile]]:
    """The whole graph in networkx, its analytic form (entities only, undirected) and the members' profiles:
    read once per load of the graph, kept on disk next to the data (a restarted app reads the file)."""

    def derived(graph: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, nx.Graph, dict[str, analytics.Profile]]:
        return graph, analytic_graph(graph), analytics.member_profiles(graph)

    # on disk only the graph itself, as JSON node-link data (never pickle); the rest is derived again
    return cached(_store, fp, "whole-graph", lambda: derived(from_store(_store)),
                  encode=lambda value: nx.node_link_data(value[0], edges="edges"),
                  decode=lambda doc: derived(nx.node_link_graph(doc, directed=True, multigraph=True,
                                                                 edges="edges")))


@st.cache_data(show_spinner="Measuring the whole graph…", max_entries=2)
def whole_graph_metrics(_store: Store, fp: str) -> dict[str, dict[str, float]]:
    return metrics.metrics_of(whole_graph(_store, fp)[1])
