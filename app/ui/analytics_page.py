"""Analytics page: who could reuse a component next and why, bridges, communities, similar members, paths.

One section at a time (a segmented control, not tabs: Streamlit runs every tab's code on each run), each
answer cached per graph fingerprint. Bridges and communities read what the load measured on the nodes; pairwise
measures run over a bounded number of members and say what they left out."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from smals_graph.app.figures import FigureOptions, render_bytes
from smals_graph.app.ui.connection import get_store
from smals_graph.app.ui.escape import md_text
from smals_graph.app.ui.graph_cache import fingerprint, whole_graph
from smals_graph.app.view_model import queries
from smals_graph.app.view_model.view import GraphView
from smals_graph.graph_model import analytics, export
from smals_graph.graph_model.store import Store

SECTIONS = {"reuse": "Who could reuse…", "pairs": "Similar stacks", "bridges": "Bridges",
            "groups": "Communities", "paths": "Shortest path", "data": "Export data"}
PAIRWISE_MAX = 1500  # members with a stack compared pairwise at most (the cost grows with the square)


@st.cache_data(max_entries=16, show_spinner="Comparing stacks…")
def _opportunities(_store: Store, fp: str, component: str) -> list[analytics.Opportunity]:
    graph, _, profiles = whole_graph(_store, fp)
    return analytics.reuse_opportunities(graph, component, profiles=profiles, top=15)


@st.cache_data(max_entries=2, show_spinner="Comparing every pair of members…")
def _pairs(_store: Store, fp: str) -> tuple[list[analytics.StackPair], int, int]:
    graph, _, profiles = whole_graph(_store, fp)
    chosen, total = analytics.largest_stacks(profiles, PAIRWISE_MAX)
    return analytics.unshared_pairs(graph, profiles=chosen)[:200], len(chosen), total


@st.cache_data(max_entries=6, show_spinner="Measuring similarity…")
def _similar(_store: Store, fp: str, on: str) -> list[analytics.Similarity]:
    _, _, profiles = whole_graph(_store, fp)
    chosen, _ = analytics.largest_stacks(profiles, PAIRWISE_MAX)
    return analytics.similarity(chosen, on=on)[:50]


@st.cache_data(max_entries=4, show_spinner="Grouping…")
def _communities(_store: Store, fp: str, seed: int | None) -> list[analytics.Community]:
    """The communities the load measured (seed None), or Louvain again with another seed."""
    eco = whole_graph(_store, fp)[1]
    found = analytics.stored_communities(eco) if seed is None else []
    return found or analytics.communities(eco, seed=seed if seed is not None else analytics.DEFAULT_SEED)


@st.cache_data(max_entries=2, show_spinner="Preparing the exports…")
def _exports(_store: Store, fp: str, fmt: str) -> dict[str, bytes]:
    return export.export_bytes(whole_graph(_store, fp)[0], fmt)


def _view_of(store, keys: list[str], title: str) -> GraphView:
    return GraphView.from_result(queries.keys_subgraph(store, keys), title=title)


def render() -> None:
    store = get_store()
    fp = fingerprint(store)
    st.title("Analytics")
    # the section is in the URL (?section=groups): every view is a shareable URL
    wanted = st.query_params.get("section", "reuse")
    if wanted not in SECTIONS:
        wanted = "reuse"
    section = st.segmented_control("Section", list(SECTIONS), format_func=SECTIONS.__getitem__, default=wanted,
                                   key=f"an_section_{wanted}", label_visibility="collapsed") or wanted
    if section != wanted:
        st.query_params["section"] = section
        st.rerun()
    if st.query_params.get("section") != section:
        st.query_params["section"] = section
    {"reuse": _reuse, "pairs": _stack_pairs, "bridges": _bridges, "groups": _groups, "paths": _paths,
     "data": _data}[section](store, fp)


def _reuse(store: Store, fp: str) -> None:
    graph, _, profiles = whole_graph(store, fp)
    st.markdown("**Who could reuse a component next, and why.** For each institution that does not use the "
                "component yet, we look at the institutions that do, and measure how alike their technology "
                "stacks are (Jaccard: shared technologies ÷ all technologies of the two). The most alike user is "
                "the evidence: the report lines and pages below let you check each claim.")
    components = analytics.reusable_components(graph)
    default = components.index("s:wave") if "s:wave" in components else 0
    chosen = st.selectbox("Component", components, index=default,
                          format_func=lambda k: analytics.caption(graph, k))
    found = _opportunities(store, fp, chosen)
    users = [p.caption for p in profiles.values() if chosen in p.components]
    st.markdown(f"Used today by: {md_text(', '.join(sorted(users)) or 'no institution')}.")
    if not found:
        st.info("No institution shares a technology with the current users of this component.")
    for rank, opp in enumerate(found[:15], start=1):
        with st.expander(f"{rank}. {md_text(opp.member_caption)} — like {md_text(opp.peer_caption)} "
                         f"(similarity {opp.score:.2f}, {len(opp.shared_technologies)} shared)", expanded=rank <= 3):
            for line in opp.reasons():
                st.markdown(f"- {md_text(line)}")


def _stack_pairs(store: Store, fp: str) -> None:
    graph = whole_graph(store, fp)[0]
    st.markdown("**Institutions with similar stacks that share no reusable component yet**, most similar first, "
                "with what each could take from the other.")
    found, compared, total = _pairs(store, fp)
    if compared < total:
        st.warning(f"Compared the {compared} institutions with the largest stacks, of {total} with a stack: "
                   f"{total - compared} left out (pairs grow with the square of the institutions).")
    rows = [{"A": analytics.caption(graph, p.a), "B": analytics.caption(graph, p.b), "similarity": round(p.score, 2),
             "shared technologies": ", ".join(p.shared_technologies),
             "A uses, B not": ", ".join(p.a_only_components), "B uses, A not": ", ".join(p.b_only_components)}
            for p in found]
    if len(found) >= 200:
        st.caption("The 200 most similar pairs are listed.")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    on = st.radio("Similarity on", ["all", "technologies", "components"], horizontal=True)
    sims = [{"A": analytics.caption(graph, s.a), "B": analytics.caption(graph, s.b), "Jaccard": round(s.score, 2),
             "shared": ", ".join(analytics.caption(graph, k) for k in s.shared)}
            for s in _similar(store, fp, on)]
    st.caption("The 50 most similar pairs.")
    st.dataframe(pd.DataFrame(sims), hide_index=True, width="stretch")


def _bridges(store: Store, fp: str) -> None:
    st.markdown("**Bridges of the ecosystem.** *Degree* counts direct links. *Betweenness* is the share of "
                "shortest paths between two other entities that pass through this one: a high value means it "
                "connects parts of the ecosystem that would otherwise be far apart.")
    kinds = st.multiselect("Show", ["Member", "Project", "Service", "Technology", "Organization"],
                           default=["Member", "Project", "Service"])
    samples = queries.betweenness_samples(store)
    if samples:
        st.caption(f"Betweenness is an estimate: measured by the load from {samples} sampled sources (seeded), "
                   "the graph being too large for the exact measure.")
    rows = queries.top_by_metric(store, "betweenness", top=40, kinds=kinds or None)
    if not rows and samples is None:
        st.info("This graph was loaded without its metrics: load it again (`smals-graph load`).")
    frame = pd.DataFrame([{"entity": r["caption"], "label": r["label"], "links": int(r["degree"] or 0),
                           "betweenness": round(float(r["betweenness"] or 0.0), 3), "key": r["key"]} for r in rows])
    st.dataframe(frame, hide_index=True, width="stretch")


def _groups(store: Store, fp: str) -> None:
    st.markdown("**Communities** (Louvain, seeded so the same graph gives the same groups): sets of entities "
                "more linked among themselves than with the rest, described by their dominant labels and their "
                "best-connected institutions, components and technologies.")
    seed = int(st.number_input("Seed", value=analytics.DEFAULT_SEED, step=1,
                               help="The load measured them with the default seed; another seed measures again."))
    method = queries.community_method(store)
    if method and method != analytics.LOUVAIN_NETWORKX:
        st.caption(f"Grouped by the load with {md_text(method)}: the compiled Louvain used above "
                   f"{analytics.NX_LOUVAIN_MAX:,} linked entities (networkx's below).")
    for community in _communities(store, fp, None if seed == analytics.DEFAULT_SEED else seed)[:12]:
        st.markdown(f"**{community.index}.** {md_text(community.description)}")


PATH_PICKER_ROWS = 300  # entities a shortest-path picker lists; more: type to narrow (the list says so)


def _entity_picker(column, store: Store, side: str, default: str) -> str | None:
    """A searchable picker of entities: the engine finds what is typed, best connected first, and the list
    says when it is cut; the URL's or default choice stays pickable."""
    text = column.text_input(f"Find {side.lower()}", key=f"an_path_find_{side}", placeholder="name, acronym or key")
    found = queries.entities(store, text or None, limit=PATH_PICKER_ROWS)
    if found.truncated:
        column.caption(f"The {PATH_PICKER_ROWS} best-connected matches are listed: type to find others.")
    rows = list(found)
    if not text and default not in {r["id"] for r in rows}:
        rows = [*queries.entities(store, keys=[default]), *rows]
    if not rows:
        column.info(f"No entity matches “{md_text(text)}”.")
        return None
    keys = list(dict.fromkeys(r["id"] for r in rows))
    by_key = {r["id"]: r for r in rows}
    return column.selectbox(side, keys, index=keys.index(default) if default in keys else 0,
                            format_func=lambda k: f"{by_key[k]['caption']} ({by_key[k]['label']})",
                            key=f"an_path_{side}")


def _paths(store: Store, fp: str) -> None:
    st.markdown("**Shortest path**: the shortest chain of relationships between two entities, whatever their "
                "direction (e.g. how an institution is connected to a component it does not use).")
    left, right = st.columns(2)
    source = _entity_picker(left, store, "From", "m:onem")
    target = _entity_picker(right, store, "To", "s:wave")
    if not source or not target:
        return
    eco = whole_graph(store, fp)[1]
    if source not in eco or target not in eco:
        st.info("Not in the ecosystem graph (load the graph again).")
        return
    steps = analytics.shortest_path(eco, source, target)
    st.markdown(md_text(analytics.describe_path(steps)))
    if steps:
        view = _view_of(store, [s.key for s in steps], f"{steps[0].caption} → {steps[-1].caption}")
        options = FigureOptions(size="1600x500@120", legend=True)
        st.image(render_bytes(view, "png", options))


def _data(store: Store, fp: str) -> None:
    st.markdown("The whole graph with provenance (edition, line, page) on every node and relationship.")
    fmt = st.radio("Format", list(export.FORMATS), horizontal=True, key="an_export_format")
    if st.toggle("Prepare the download", key="an_export", help="Written once per load of the graph."):
        for name, content in _exports(store, fp, fmt).items():
            st.download_button(f"{name}", content, file_name=f"smals-{name}", key=f"dl-{name}")
