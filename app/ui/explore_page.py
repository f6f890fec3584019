"""Explore: search, a node's neighbourhood as an interactive graph, the inspector, expand/collapse, filters.

The whole view lives in an ExploreState that round-trips through the URL (shareable), and is rebuilt from it.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st

from smals_graph.app.ui.common import SHAPE_GLYPH, legend, relationship_legend, show_result
from smals_graph.app.ui.components.graph_widget import event_of, graph_widget
from smals_graph.app.ui.connection import get_store
from smals_graph.app.ui.escape import html_text, md_text
from smals_graph.app.ui.export_panel import export_panel, safe_filename
from smals_graph.app.ui.gc_policy import long_lived
from smals_graph.app.ui.graph_cache import fingerprint, whole_graph_metrics
from smals_graph.app.ui.navigation import page as nav_page
from smals_graph.app.ui.scene_panel import save_scene_panel
from smals_graph.app.view_model import metrics, queries, style, usage
from smals_graph.app.view_model.explore_view import (
    AGG_PREFIX,
    ExploreResult,
    ExploreState,
    build,
    parse_aggregate_key,
)
from smals_graph.app.view_model.queries import DEFAULT_LIMIT, Filters
from smals_graph.app.view_model.search import SearchIndex, cached_index
from smals_graph.app.view_model.view import GraphView
from smals_graph.app.view_model.workbench import PhraseMatch, match_phrases, phrase_titles
from smals_graph.graph_model.canned import load_canned
from smals_graph.graph_model.errors import QueryError
from smals_graph.graph_model.store import Store

STATE = "explore_state"
WRITTEN = "explore_written_params"
GRAPH_KEY = "explore_graph"
EDGE = "explore_edge"
DRAGGED = "explore_dragged"
MAX_HITS_PER_LABEL = 8
PHRASE = "explore_phrase"  # the search phrase chosen: {"query", "slot", "key", "text"}


# ------------------------------------------------------------------------------------------------ caching
@st.cache_resource(max_entries=2, show_spinner="Indexing names for search…")
@long_lived
def search_index(_store: Store, fp: str) -> SearchIndex:
    """Built once per load of the graph, kept on disk next to the data (a restarted app reads it)."""
    return cached_index(_store, fp)


@st.cache_data(max_entries=2, show_spinner=False)
def betweenness_samples(_store: Store, fp: str) -> int | None:
    return queries.betweenness_samples(_store)


@st.cache_data(max_entries=8, ttl=600, show_spinner=False)
def facets(_store: Store, fp: str) -> dict[str, list[str]]:
    return queries.facet_values(_store)


@st.cache_data(max_entries=64, ttl=600, show_spinner="Laying out the graph…")
def build_view(_store: Store, fp: str, params: str) -> ExploreResult:
    return build(_store, ExploreState.from_params(json.loads(params)))


# ------------------------------------------------------------------------------------------------ state
def _params_dict() -> dict[str, Any]:
    qp = st.query_params
    return {k: (qp.get_all(k) if k == "x" else qp.get(k)) for k in qp}


def current_state() -> ExploreState:
    """The state of this session; re-read from the URL when the URL changed under us (a shared link)."""
    url = _params_dict()
    if STATE not in st.session_state or url != st.session_state.get(WRITTEN):
        state = ExploreState.from_params(url)
        st.session_state[STATE] = state
        st.session_state[WRITTEN] = url
        _sync_widgets(state)
    return st.session_state[STATE]


def _sync_widgets(state: ExploreState) -> None:
    st.session_state["explore_q"] = state.query
    st.session_state["f_labels"] = state.filters.labels
    st.session_state["f_types"] = state.filters.types
    st.session_state["f_status"] = state.filters.statuses
    st.session_state["f_cat"] = state.filters.categories
    st.session_state["f_limit"] = state.limit
    st.session_state["f_agg"] = state.aggregate
    st.session_state["f_size_by"] = state.size_by
    st.session_state["f_colour_by"] = state.colour_by


def write_url(state: ExploreState) -> None:
    params = state.to_params()
    if st.query_params.get("present") == "1":  # presentation mode survives the view's own changes
        params["present"] = "1"
    current = _params_dict()
    if current != params:
        st.query_params.from_dict(params)
    st.session_state[WRITTEN] = _params_dict()


def _state() -> ExploreState:
    return st.session_state[STATE]


def _open(key: str) -> None:
    _state().open(key)
    st.session_state.pop(EDGE, None)
    st.session_state.pop(DRAGGED, None)


def _expand(key: str, rel_type: str | None = None) -> None:
    _state().expand(key, rel_type)


def _collapse(key: str) -> None:
    _state().collapse(key)


def _dismiss(key: str) -> None:
    _state().dismiss(key)


def _dismiss_others(key: str) -> None:
    _state().dismiss_others(key, sorted(build_view_keys()))


def _relayout() -> None:
    _state().relayout()
    st.session_state.pop(DRAGGED, None)


def _select(key: str) -> None:
    _state().selected = key
    st.session_state.pop(EDGE, None)


def _on_query() -> None:
    _state().query = st.session_state.get("explore_q", "")


def _on_filters(all_facets: dict[str, list[str]]) -> None:
    def chosen(widget: str, facet: str) -> list[str] | None:
        value = st.session_state.get(widget)
        if value is None or set(value) == set(all_facets[facet]):
            return None
        return list(value)

    state = _state()
    state.filters = Filters(labels=chosen("f_labels", "labels"), types=chosen("f_types", "types"),
                            statuses=chosen("f_status", "statuses"), categories=chosen("f_cat", "categories"))
    state.limit = int(st.session_state.get("f_limit") or DEFAULT_LIMIT)
    state.aggregate = bool(st.session_state.get("f_agg", True))
    state.size_by = st.session_state.get("f_size_by") or "degree"
    state.colour_by = st.session_state.get("f_colour_by") or "label"


def _reset() -> None:
    st.session_state[STATE] = ExploreState()
    _sync_widgets(st.session_state[STATE])
    st.session_state.pop(EDGE, None)


# ------------------------------------------------------------------------------------------------ page
def render() -> None:
    store = get_store()
    fp = fingerprint(store)
    state = current_state()
    all_facets = facets(store, fp)
    _sidebar(all_facets)
    st.title("Explore")
    st.text_input("Search", key="explore_q", on_change=_on_query,
                  placeholder="A member, project, component, technology… (name, acronym, alias; accents, case "
                              "and typos don't matter)")
    if state.query:
        phrased = _search_phrases(store, search_index(store, fp), state)
        _search_results(search_index(store, fp), state, quiet_if_empty=phrased)
        st.page_link(nav_page("search-text"), label=md_text(f"Search the text for “{state.query}”"),
                     icon=":material/manage_search:", query_params={"text": state.query})  # descriptions, quotes
    if st.session_state.get(PHRASE):
        _phrase_result(store, st.session_state[PHRASE])
    if not state.node:
        if not st.session_state.get(PHRASE):
            _welcome(store)
        write_url(state)
        return
    result = build_view(store, fp, json.dumps(state.to_params(), sort_keys=True))
    if result.missing:
        st.error(f"No node has the key {md_text(state.node)} in this graph (was it renamed by a reload?).")
        write_url(state)
        return
    # drop expansions that no longer apply (their node is off screen), so the URL says what is drawn — and say so
    if len(result.applied) != len(state.expansions):
        dropped = [e.key for e in state.expansions if e not in result.applied]
        st.info(md_text(f"Expansion of {', '.join(dropped)} dropped: no longer on screen (its parent was "
                        "collapsed or a filter hides it)."), icon=":material/filter_alt:")
        state.expansions = list(result.applied)
    view = result.view
    st.session_state["explore_view_keys"] = [n.key for n in view.nodes.values() if n.key]
    on_screen = set(st.session_state["explore_view_keys"])
    if state.selected and state.selected not in on_screen and not state.selected.startswith(AGG_PREFIX):
        # the inspector follows the screen: a node the filters hide is not inspected as if it were there
        st.info(md_text(f"{state.selected} is hidden by the filters: the inspector shows the centre instead."),
                icon=":material/filter_alt:")
        state.selected = state.node
    _notices(result, state)
    left, right = st.columns([5, 2], gap="medium")
    with left:
        _graph(view, state)
    with right:
        _inspector(store, view, state)
    write_url(state)


def _sidebar(all_facets: dict[str, list[str]]) -> None:
    def on_change() -> None:
        _on_filters(all_facets)

    with st.sidebar:
        st.subheader("Filters")
        for widget, facet, title in (("f_labels", "labels", "Labels"), ("f_types", "types", "Relationship types"),
                                     ("f_status", "statuses", "Project status"),
                                     ("f_cat", "categories", "Member category")):
            if st.session_state.get(widget) is None:
                st.session_state[widget] = list(all_facets[facet])
            else:  # values that no longer exist in the graph
                st.session_state[widget] = [v for v in st.session_state[widget] if v in all_facets[facet]]
            st.multiselect(title, all_facets[facet], key=widget, on_change=on_change)
        st.number_input("Neighbours per node (limit)", min_value=5, max_value=5000, step=25, key="f_limit",
                        on_change=on_change, help="Above it, the view says how many were left out.")
        st.toggle("Aggregate what is over the limit", key="f_agg", on_change=on_change,
                  help="Show one node per label with its count instead of the first neighbours in key order.")
        st.selectbox("Size by", list(metrics.SIZE_CHOICES), key="f_size_by", on_change=on_change,
                     format_func=metrics.SIZE_CHOICES.__getitem__)
        st.selectbox("Colour by", list(metrics.COLOUR_CHOICES), key="f_colour_by", on_change=on_change,
                     format_func=metrics.COLOUR_CHOICES.__getitem__,
                     help="Shapes always show the label; colours the chosen grouping.")
        st.button("Re-layout", on_click=_relayout, width="stretch",
                  help="Lay the whole view out afresh; later expansions again keep every node in place")
        st.button("Reset view", on_click=_reset, width="stretch")


def _choose_phrase(match: PhraseMatch) -> None:
    st.session_state[PHRASE] = {"query": match.query, "slot": match.slot, "key": match.key, "text": match.text}


def _search_phrases(store: Store, index: SearchIndex, state: ExploreState) -> bool:
    """Canned queries with a `phrase:` header read the search text as a question ("members using wave")."""
    canned = load_canned()

    def find(rest: str, label: str) -> list[tuple[str, str]]:
        return [(h.key, h.caption) for h in index.search(rest, limit=3, labels=[label])]

    matches = match_phrases(state.query, canned, find)
    if matches:
        st.markdown("**Search phrases**")
        cols = st.columns(min(3, len(matches)))
        for i, match in enumerate(matches):
            cols[i % len(cols)].button(f":material/manage_search: {md_text(match.text)}", key=f"phrase_{match.query}_{match.key}",
                                       on_click=_choose_phrase, args=(match,), width="stretch",
                                       help=f"{canned[match.query].title} with ${match.slot} = {match.key}")
        return True
    hints = phrase_titles(state.query, canned)
    if hints:
        st.caption("Search phrases: " + " · ".join(f"“{md_text(h)}”" for h in hints))
    return False


def _phrase_result(store: Store, chosen: dict[str, Any]) -> None:
    query = load_canned().get(chosen["query"])
    if query is None:
        return
    params = {**query.defaults(), chosen["slot"]: chosen["key"]}
    head, close = st.columns([5, 1], vertical_alignment="center")
    head.subheader(md_text(chosen["text"]))
    close.button("Close", key="phrase_close", on_click=lambda: st.session_state.pop(PHRASE, None), width="stretch")
    link = {"canned": query.name, "params": json.dumps(params, ensure_ascii=False, sort_keys=True), "run": "1"}
    st.page_link(nav_page("query"), label=md_text(f"Open “{query.title}” in Query (${chosen['slot']} picked: {chosen['key']})"),
                 icon=":material/terminal:", query_params=link)
    try:
        canned_text = query.text_for(store.engine)
        result = store.read(canned_text, params, max_rows=5000)
    except QueryError as exc:
        st.error(md_text(str(exc)))
        return
    show_result(result, key="phrase_result", filename=safe_filename(chosen["text"]))


def _search_results(index: SearchIndex, state: ExploreState, quiet_if_empty: bool = False) -> None:
    groups = index.grouped(state.query, limit=60)
    if not groups:
        if not quiet_if_empty:
            st.info(f"Nothing matches “{md_text(state.query)}”.")
        return
    total = sum(len(v) for v in groups.values())
    with st.expander(f"{total} result(s) for “{md_text(state.query)}”", expanded=state.node is None
                     or state.node not in {h.key for hits in groups.values() for h in hits}):
        columns = st.columns(min(4, len(groups)))
        for column, (label, hits) in zip(columns * 4, groups.items(), strict=False):
            st_ = style.STYLES.get(label, style.DEFAULT_STYLE)
            with column:
                st.markdown(f'<span style="color:{st_.color}">{SHAPE_GLYPH.get(st_.shape, "●")}</span> '
                            f"**{html_text(label)}** ({len(hits)})", unsafe_allow_html=True)
                for hit in hits[:MAX_HITS_PER_LABEL]:
                    why = "" if hit.kind == "name" else f" · {hit.kind}: {hit.matched}"
                    st.button(md_text(hit.caption if hit.caption == hit.name else f"{hit.caption} — {hit.name}"),
                              key=f"hit_{hit.key}", on_click=_open, args=(hit.key,),
                              help=md_text(f"{hit.name} ({hit.key}){why}"), width="stretch")
                if len(hits) > MAX_HITS_PER_LABEL:
                    st.caption(f"+ {len(hits) - MAX_HITS_PER_LABEL} more: refine the search")


def _welcome(store: Store) -> None:
    st.markdown("Search above, or start from one of the most used reusable components:")
    top = [s for s in queries.services(store) if s["users"]][:8]
    cols = st.columns(4)
    for i, s in enumerate(top):
        cols[i % 4].button(md_text(f"{s['name']} · {s['summary']}"), key=f"start_{s['id']}", on_click=_open,
                           args=(s["id"],), width="stretch")


def _notices(result: ExploreResult, state: ExploreState) -> None:
    for notice in result.notices:
        left = md_text(", ".join(f"{n} {label}" for label, n in sorted(notice.omitted.items())))
        left_total = notice.total - notice.shown
        if notice.aggregated:
            st.warning(f"**{md_text(notice.caption)}** has {notice.total} neighbours, more than the limit "
                       f"({state.limit}): shown aggregated, one node per label with its count "
                       f"({left_total} not drawn individually: {left}). Click an aggregated node to list them, "
                       "or narrow the filters.", icon=":material/functions:")
        else:
            st.warning(f"**{md_text(notice.caption)}** has {notice.total} neighbours: the first {notice.shown} (key order) "
                       f"are drawn, **{left_total} left out** ({left}). Turn on aggregation or narrow the "
                       "filters.", icon=":material/content_cut:")


def _graph(view: GraphView, state: ExploreState) -> None:
    dragged = st.session_state.get(DRAGGED, {})
    by_key = {n.key: eid for eid, n in view.nodes.items()}
    for key, pos in dragged.items():
        if key in by_key:
            view.positions[by_key[key]] = tuple(pos)
    size = state.size_by != "none"
    wanted = state.size_by in ("graph-degree", "betweenness") or state.colour_by == "community"
    measured = metrics.from_properties(view) if wanted else None  # measured by the load, read off the nodes
    if wanted and measured is None:  # a graph loaded before the load measured them
        measured = whole_graph_metrics(get_store(), fingerprint(get_store()))
    metrics.apply(view, state.size_by, state.colour_by, measured)
    if state.size_by == "betweenness" and view.sizes:
        samples = betweenness_samples(get_store(), fingerprint(get_store()))
        if samples:
            view.size_metric = f"betweenness (estimate from {samples} sampled sources)"
    st.markdown(f"#### {html_text(view.title)} <span style='font-size:0.7em;color:#6b6b6b'>"
                f"{len(view.nodes)} nodes · {len(view.relationships)} relationships · click to inspect, "
                "double-click to expand or collapse</span>", unsafe_allow_html=True)
    result = graph_widget(view, key=GRAPH_KEY, selected=[state.inspected] if state.inspected else [],
                          height=660, size_by_degree=size, filename=f"explore-{state.node}")
    labels = sorted({n.label for n in view.nodes.values()})
    counts: dict[str, int] = {}
    for n in view.nodes.values():
        if not n.properties.get("_aggregate"):
            counts[n.label] = counts.get(n.label, 0) + 1
    legend(labels, counts, size_by_degree=size,
           aggregated=any(n.properties.get("_aggregate") for n in view.nodes.values()),
           size_note=f"size grows with {view.size_metric}" if view.sizes else None)
    rel_counts: dict[str, int] = {}
    for rel in view.relationships.values():
        if not str(rel.end).startswith(AGG_PREFIX):  # a count towards an aggregated node is no relationship
            rel_counts[rel.type] = rel_counts.get(rel.type, 0) + 1
    relationship_legend(rel_counts)
    if view.groups:
        colours = "".join(f'<span style="margin-right:12px;white-space:nowrap"><span style="color:{c}">●</span> '
                          f"{html_text(name)}</span>" for name, c in view.group_colors().items())
        st.markdown(f'<div style="font-size:0.9em">colour: {html_text(view.group_title)} — {colours}</div>',
                    unsafe_allow_html=True)
    export_panel(view, key="explore_export", filename=safe_filename(f"explore-{state.node}"))
    save_scene_panel(view, state.to_params())
    moved = result.get("dragged") if result else None
    if moved:
        st.session_state[DRAGGED] = {**dragged, **moved}
    event = event_of(result)
    if event is None:
        return
    changed = False
    if event.node:
        if event.kind == "dblclick" and not event.node.startswith(AGG_PREFIX):
            if event.node != state.node and state.is_expanded(event.node):
                state.collapse(event.node)
            else:
                state.expand(event.node)
            state.selected = event.node
            changed = True
        elif event.node != state.inspected:
            _select(event.node)
            changed = True
    elif event.edge:
        clicked = view.relationships.get(event.edge)
        if clicked is not None and st.session_state.get(EDGE) != event.edge:
            st.session_state[EDGE] = event.edge
            changed = True
    if changed:
        write_url(state)
        st.rerun()


# ------------------------------------------------------------------------------------------------ inspector
def _inspector(store: Store, view: GraphView, state: ExploreState) -> None:
    edge_id = st.session_state.get(EDGE)
    if edge_id and edge_id in view.relationships:
        _edge_inspector(store, view, edge_id)
        st.button("Back to the node", on_click=lambda: st.session_state.pop(EDGE, None))
        return
    key = state.inspected
    if not key:
        return
    agg = parse_aggregate_key(key)
    if agg:
        _aggregate_inspector(store, state, *agg)
        return
    details = queries.node_details(store, key)
    if details is None:
        st.info(f"{md_text(key)} is not in the graph.")
        return
    node = details.node
    st_ = style.style_of(node)
    props = queries.public_props(node.properties)
    st.markdown(f'<div data-testid="sg-inspector-title"><span style="color:{st_.color};font-size:1.3em">'
                f'{SHAPE_GLYPH.get(st_.shape, "●")}</span> <b>{html_text(details.label)}</b> · '
                f'<code>{html_text(key)}</code></div>', unsafe_allow_html=True)
    st.subheader(md_text(props.get("name") or style.caption(node)))
    if details.label == "Service":
        _component_users(store, state, key)
    _node_actions(store, state, key)
    _provenance(store, props)
    _resolution(details)
    hidden = {"name", "description", "editions", "clients_raw", "technologies_raw"}
    rows = [(k, _short(v)) for k, v in sorted(props.items()) if k not in hidden]
    st.dataframe(pd.DataFrame(rows, columns=["property", "value"]), hide_index=True, width="stretch",
                 height=min(38 + 35 * len(rows), 320))
    if props.get("description"):
        with st.expander("Description (from the report)"):
            st.markdown(md_text(props["description"]))
    if details.problems:
        count = max(details.problem_count(), len(details.problems))
        with st.expander(f":material/warning: {count} data-quality problem(s) about it", expanded=True):
            for problem in details.problems:
                p = problem.properties
                st.markdown(f"- **{md_text(p.get('severity'))}** (line {md_text(p.get('line'))}): "
                            f"{md_text(p.get('message'))}")
            if count > len(details.problems):
                st.caption(f"The first {len(details.problems)} are listed; {count - len(details.problems)} more.")
    links = [{"dir": "→" if link.direction == "out" else "←", "type": link.type,
              "node": f"{link.other.label}: {style.caption(link.other, 40)}", "key": link.other.key,
              "raw": link.properties.get("raw"), "rule": link.properties.get("rule"),
              "line": link.properties.get("line"), "page": link.properties.get("page"),
              "quote": link.properties.get("quote")} for link in details.links]
    if links:
        st.markdown(f"**Relationships** ({max(details.total, len(links))})")
        more = details.more
        if more:
            cut = "; ".join(f"{'→' if d == 'out' else '←'} {t}: {n:,} more" for (d, t), n in more.items())
            st.caption(md_text(f"A busy node: the first {queries.LINKS_PER_TYPE} of each type are listed "
                               f"(in key order) — {cut}. Expand by relationship type to draw them."),
                       help="The counts above cover every relationship.")
        frame = pd.DataFrame(links).dropna(axis=1, how="all")
        picked = st.dataframe(frame, hide_index=True, width="stretch", height=min(38 + 35 * len(links), 300),
                              on_select="rerun", selection_mode="single-row", key=f"links_{key}")
        rows_sel = picked.selection.rows if picked else []
        if rows_sel:
            other = links[rows_sel[0]]["key"]
            c1, c2 = st.columns(2)
            c1.button(f"Inspect {md_text(other)}", on_click=_select_and_show, args=(other,),
                      key=f"insp_{key}_{other}")
            c2.button(f"Centre on {md_text(other)}", on_click=_open, args=(other,), key=f"ctr_{key}_{other}")


def _select_and_show(key: str) -> None:
    state = _state()
    present = build_view_keys()
    if key not in present:
        state.expand(state.inspected or key)
    _select(key)


def build_view_keys() -> set[str]:
    value = st.session_state.get("explore_view_keys")
    return set(value or [])


def _component_users(store: Store, state: ExploreState, key: str) -> None:
    """Who uses the component, counted as every page counts it (usage module), and its users in one click."""
    split = usage.counts(usage.usage_facts(store, service_key=key, include_organizations=True)).get(
        key, usage.UserCounts())
    st.markdown(f"**Used by** {md_text(split.summary())}",
                help=f"{len(split.members_direct)} member(s) directly (the report says so), "
                     f"{len(split.members_via_projects)} as clients of a project that reuses or delivers it")
    if key == state.node:
        label = "Hide its users" if state.users else "Show its users"
        st.button(label, key="act_users", on_click=_toggle_users, width="stretch",
                  help="Members (through projects and directly), projects and applications; each link says how: "
                       "FOR (client of the project), REUSES/DELIVERS (the project uses or builds it), USES (the "
                       "report states it)")
    else:
        st.button("Open with its users", key="act_users", on_click=_open, args=(key,), width="stretch")


def _toggle_users() -> None:
    _state().users = not _state().users


def _node_actions(store: Store, state: ExploreState, key: str) -> None:
    degrees = queries.degree_by_type(store, key)
    expanded = state.is_expanded(key)
    c1, c2 = st.columns(2)
    if key != state.node:
        c1.button("Centre here", key="act_centre", on_click=_open, args=(key,), width="stretch",
                  help="A fresh view around this node")
    if key != state.node:
        if expanded:
            c2.button("Collapse", key="act_collapse", on_click=_collapse, args=(key,), width="stretch",
                      help="Remove the neighbours this node brought in")
        else:
            c2.button(f"Expand all ({sum(degrees.values())})", key="act_expand", on_click=_expand, args=(key,),
                      width="stretch", help="Add all its neighbours (within the filters and the limit)")
    if key != state.node:
        d1, d2 = st.columns(2)
        d1.button("Dismiss", key="act_dismiss", on_click=_dismiss, args=(key,), width="stretch",
                  help="Take this node off the view")
        d2.button("Dismiss others", key="act_dismiss_others", on_click=_dismiss_others, args=(key,),
                  width="stretch", help="Keep only this node and the centre")
    if degrees:
        options = [f"{t} ({n})" for t, n in sorted(degrees.items())]
        c3, c4 = st.columns([3, 2], vertical_alignment="bottom")
        choice = c3.selectbox("Expand by relationship type", options, key=f"exp_type_{key}")
        rel_type = choice.split(" (")[0] if choice else None
        c4.button("Expand", key="act_expand_type", on_click=_expand, args=(key, rel_type), width="stretch")


def _provenance(store: Store, props: dict[str, Any]) -> None:
    edition, page, line = props.get("edition"), props.get("page"), props.get("line")
    if edition is None and line is None:
        return
    bits = [f"edition **{md_text(edition)}**" if edition else None, f"page **{md_text(page)}**" if page else None,
            f"line **{md_text(line)}**" if line else None]
    st.markdown(":material/description: Report: " + ", ".join(b for b in bits if b))
    path = queries.edition_file(store, edition if isinstance(edition, int) else None)
    excerpt = queries.report_excerpt(path, line, context=0)
    if excerpt:
        number, text = excerpt[0]
        shown = text.strip() or "(blank line)"
        st.markdown(f'<div data-testid="sg-report-line" style="border-left:3px solid #ccc;padding:2px 8px;'
                    f'color:#333;font-size:0.92em"><code>{number}</code> {html_text(shown[:600])}</div>',
                    unsafe_allow_html=True)
    if props.get("quote"):
        st.markdown(f"> {md_text(props['quote'])}")


def _resolution(details: queries.NodeDetails) -> None:
    """For resolved clients: which spelling of the report, by which rule."""
    fors = [link for link in details.links if link.type == "FOR"]
    if not fors:
        return
    if details.label == "Project":
        rows = [{"client as written": link.properties.get("raw"), "resolved to": style.caption(link.other),
                 "key": link.other.key, "rule": link.properties.get("rule")} for link in fors]
        title = "Clients (as written → resolved)"
    else:
        rows = [{"project": style.caption(link.other, 40), "written as": link.properties.get("raw"),
                 "rule": link.properties.get("rule"), "line": link.properties.get("line")} for link in fors]
        title = f"Named as a client in {len(fors)} project(s)"
    st.markdown(f"**{title}**")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=min(38 + 35 * len(rows), 250))


def _edge_inspector(store: Store, view: GraphView, edge_id: str) -> None:
    rel = view.relationships[edge_id]
    start, end = view.nodes.get(rel.start), view.nodes.get(rel.end)
    props = queries.public_props(rel.properties)
    st.markdown(f"**Relationship** {md_text(':' + rel.type)}")
    st.subheader(md_text(f"{style.caption(start) if start else rel.start} → {style.caption(end) if end else rel.end}"))
    _provenance(store, props)
    rows = [(k, _short(v)) for k, v in sorted(props.items()) if k not in ("editions", "quote")]
    if rows:
        st.dataframe(pd.DataFrame(rows, columns=["property", "value"]), hide_index=True, width="stretch")


def _aggregate_inspector(store: Store, state: ExploreState, owner: str, label: str) -> None:
    st.markdown(f"**Aggregated:** the {md_text(label)} neighbours of {md_text(owner)}")
    filters = state.filters
    narrowed = Filters(labels=[label], types=filters.types, statuses=filters.statuses,
                       categories=filters.categories)
    hood = queries.neighbourhood(store, owner, narrowed, limit=2000)
    rows = [{"key": n.key, "name": n.properties.get("name"), "caption": style.caption(n)}
            for n in hood.nodes.values() if n.key != owner]
    st.caption(f"{hood.total} {md_text(label)} node(s)" + (f"; first {len(rows)} listed" if hood.omitted_total else ""))
    picked = st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=360, on_select="rerun",
                          selection_mode="single-row", key=f"agg_{owner}_{label}")
    rows_sel = picked.selection.rows if picked else []
    if rows_sel:
        other = rows[rows_sel[0]]["key"]
        st.button(f"Centre on {md_text(other)}", on_click=_open, args=(other,), key=f"agg_open_{other}")
    st.button(f"Show only {md_text(label)} neighbours (drawn, up to the limit)", key="agg_filter",
              on_click=_only_label, args=(label,))


def _only_label(label: str) -> None:
    st.session_state["f_labels"] = [label]
    state = _state()
    state.filters = Filters(labels=[label], types=state.filters.types, statuses=state.filters.statuses,
                            categories=state.filters.categories)
    state.selected = state.node


def _short(value: Any) -> str:
    if isinstance(value, list):
        text = ", ".join(str(v) for v in value)
    else:
        text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"
