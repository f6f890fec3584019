"""Status: engine, URI, counts, source edition and last load."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from smals_graph.app.ui.connection import get_store
from smals_graph.app.ui.escape import md_text
from smals_graph.app.view_model import queries
from smals_graph.graph_model.store import resolve_uri, shown_uri


def render() -> None:
    store = get_store()
    st.title("Status")
    uri, origin = resolve_uri()
    stats = store.stats()
    c1, c2, c3 = st.columns(3)
    c1.metric("Engine", store.engine)
    c2.metric("Nodes", stats.nodes)
    c3.metric("Relationships", stats.relationships)
    st.markdown(f"**URI** {md_text(shown_uri(store.uri))} (from {origin['source']}; configured: "
                f"{md_text(shown_uri(uri))})")
    where = "Database" if store.engine == "neo4j" else "Graph"
    st.markdown(f"**{where}** {md_text(store.database_name())}")
    if store.engine == "falkordb" and uri.startswith("embedded"):
        from smals_graph.graph_model.embedded import default_data_dir

        st.markdown(f"**Data directory** `{default_data_dir()}`")
    left, right = st.columns(2)
    with left:
        st.markdown("**Nodes per label**")
        st.dataframe(pd.DataFrame(sorted(stats.labels.items()), columns=["label", "count"]), hide_index=True,
                     width="stretch")
    with right:
        st.markdown("**Relationships per type**")
        st.dataframe(pd.DataFrame(sorted(stats.relationship_types.items()), columns=["type", "count"]),
                     hide_index=True, width="stretch")
    st.subheader("Source")
    editions = queries.editions(store)
    if not editions:
        st.warning("No edition loaded: run `smals-graph load`.")
    for edition in editions:
        path = queries.known_report(store, edition)
        st.markdown(
            f"**{md_text(edition.get('title') or edition.get('name'))}** · edition {md_text(edition.get('year'))} · "
            f"file {md_text(edition.get('file'))}{'' if path else ' (not on this machine)'}  \n"
            f"sha256 {md_text(edition.get('sha256'))} · last load: {md_text(edition.get('loaded_at') or 'not recorded')}")
    st.markdown("**Metrics** " + md_text(queries.describe_metrics(queries.betweenness_samples(store),
                                                                   queries.community_method(store))))
    st.caption("Health: the app pings the database on every page view and reconnects by itself.")
