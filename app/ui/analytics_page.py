"""Analytics page: who could reuse a component next and why, bridges, communities, similar members, paths."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from smals_graph.app.figures import FigureOptions, render_bytes
from smals_graph.app.ui.connection import get_store
from smals_graph.app.ui.graph_cache import fingerprint, whole_graph
from smals_graph.app.view_model.view import GraphView
from smals_graph.graph_model import analytics, export


def _view_of(store, keys: list[str], title: str) -> GraphView:
    result = store.read("MATCH (n:Entity) WHERE n.id IN $keys OPTIONAL MATCH (n)-[r]-(m) WHERE m.id IN $keys "
                        "RETURN n, r, m", {"keys": keys}, max_rows=5000)
    return GraphView.from_result(result, title=title)


def render() -> None:
    store = get_store()
    graph, eco, profiles = whole_graph(store, fingerprint(store))
    st.title("Analytics")
    st.caption(f"{eco.number_of_nodes()} entities and {eco.number_of_edges()} links (institutions, projects, "
               "technologies, components; data-quality findings left out).")

    reuse, pairs, bridges, groups, paths, data = st.tabs(
        ["Who could reuse…", "Similar stacks", "Bridges", "Communities", "Shortest path", "Export data"])

    with reuse:
        st.markdown("**Who could reuse a component next, and why.** For each institution that does not use the "
                    "component yet, we look at the institutions that do, and measure how alike their technology "
                    "stacks are (Jaccard: shared technologies ÷ all technologies of the two). The most alike user is "
                    "the evidence: the report lines and pages below let you check each claim.")
        components = analytics.reusable_components(graph)
        default = components.index("s:wave") if "s:wave" in components else 0
        chosen = st.selectbox("Component", components, index=default,
                              format_func=lambda k: analytics.caption(graph, k))
        found = analytics.reuse_opportunities(graph, chosen, profiles=profiles)
        users = [p.caption for p in profiles.values() if chosen in p.components]
        st.write(f"Used today by: {', '.join(sorted(users)) or 'no institution'}.")
        if not found:
            st.info("No institution shares a technology with the current users of this component.")
        for rank, opp in enumerate(found[:15], start=1):
            with st.expander(f"{rank}. {opp.member_caption} — like {opp.peer_caption} "
                             f"(similarity {opp.score:.2f}, {len(opp.shared_technologies)} shared)", expanded=rank <= 3):
                for line in opp.reasons():
                    st.markdown(f"- {line}")

    with pairs:
        st.markdown("**Institutions with similar stacks that share no reusable component yet**, most similar first, "
                    "with what each could take from the other.")
        rows = [{"A": analytics.caption(graph, p.a), "B": analytics.caption(graph, p.b), "similarity": round(p.score, 2),
                 "shared technologies": ", ".join(p.shared_technologies),
                 "A uses, B not": ", ".join(p.a_only_components), "B uses, A not": ", ".join(p.b_only_components)}
                for p in analytics.unshared_pairs(graph, profiles=profiles)]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        on = st.radio("Similarity on", ["all", "technologies", "components"], horizontal=True)
        sims = [{"A": analytics.caption(graph, s.a), "B": analytics.caption(graph, s.b), "Jaccard": round(s.score, 2),
                 "shared": ", ".join(analytics.caption(graph, k) for k in s.shared)}
                for s in analytics.similarity(profiles, on=on)[:50]]
        st.dataframe(pd.DataFrame(sims), hide_index=True, width="stretch")

    with bridges:
        st.markdown("**Bridges of the ecosystem.** *Degree* counts direct links. *Betweenness* is the share of "
                    "shortest paths between two other entities that pass through this one: a high value means it "
                    "connects parts of the ecosystem that would otherwise be far apart.")
        kinds = st.multiselect("Show", ["Member", "Project", "Service", "Technology", "Organization"],
                               default=["Member", "Project", "Service"])
        rows = [{"entity": r.caption, "label": r.kind, "links": r.degree, "degree": round(r.degree_centrality, 3),
                 "betweenness": round(r.betweenness, 3), "key": r.key}
                for r in analytics.centrality(eco, kinds=kinds, top=40)]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

    with groups:
        st.markdown("**Communities** (Louvain, seeded so the same graph gives the same groups): sets of entities "
                    "more linked among themselves than with the rest, described by their dominant labels and their "
                    "best-connected institutions, components and technologies.")
        seed = st.number_input("Seed", value=42, step=1)
        for community in analytics.communities(eco, seed=int(seed))[:12]:
            st.markdown(f"**{community.index}.** {community.description}")

    with paths:
        st.markdown("**Shortest path**: the shortest chain of relationships between two entities, whatever their "
                    "direction (e.g. how an institution is connected to a component it does not use).")
        names = sorted(eco.nodes, key=lambda k: analytics.caption(eco, k).lower())
        left, right = st.columns(2)
        source = left.selectbox("From", names, index=names.index("m:onem") if "m:onem" in names else 0,
                                format_func=lambda k: f"{analytics.caption(eco, k)} ({eco.nodes[k].get('kind')})")
        target = right.selectbox("To", names, index=names.index("s:wave") if "s:wave" in names else 0,
                                 format_func=lambda k: f"{analytics.caption(eco, k)} ({eco.nodes[k].get('kind')})")
        steps = analytics.shortest_path(eco, source, target)
        st.write(analytics.describe_path(steps))
        if steps:
            view = _view_of(store, [s.key for s in steps], f"{steps[0].caption} → {steps[-1].caption}")
            options = FigureOptions(size="1600x500@120", legend=True)
            st.image(render_bytes(view, "png", options))

    with data:
        st.markdown("The whole graph with provenance (edition, line, page) on every node and relationship.")
        cols = st.columns(4)
        for col, fmt in zip(cols, export.FORMATS, strict=True):
            for name, content in export.export_bytes(graph, fmt).items():
                col.download_button(f"{name}", content, file_name=f"smals-{name}", key=f"dl-{name}")
