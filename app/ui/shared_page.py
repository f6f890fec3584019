"""Shared components: the member x component matrix, one component's users, and what two members share."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd
import streamlit as st

from smals_graph.app.figures import charts
from smals_graph.app.ui.common import legend, safe_csv
from smals_graph.app.ui.components.graph_widget import event_of, graph_widget
from smals_graph.app.ui.connection import get_store
from smals_graph.app.ui.escape import md_text
from smals_graph.app.ui.export_panel import chart_panel, export_panel, safe_filename
from smals_graph.app.ui.gc_policy import long_lived
from smals_graph.app.ui.graph_cache import fingerprint
from smals_graph.app.ui.navigation import EXPLORE, page
from smals_graph.app.view_model import queries, shared_matrix, usage
from smals_graph.app.view_model.usage import UsageFact
from smals_graph.app.view_model.view import GraphView
from smals_graph.graph_model.store import Store

SECTIONS = {"matrix": "Matrix", "component": "One component", "pair": "Two members"}


def _param(name: str, default: str | None = None) -> str | None:
    return st.query_params.get(name, default)


def _set_params(**values: str | None) -> None:
    wanted = {k: v for k, v in {**st.query_params.to_dict(), **values}.items() if v not in (None, "")}
    if wanted != st.query_params.to_dict():
        st.query_params.from_dict(wanted)


def uses_frame(uses: list[UsageFact]) -> pd.DataFrame:
    return pd.DataFrame([{
        "member": u.user_caption, "member key": u.user_key, "category": u.category, "label": u.user_label,
        "component": u.service_name, "component key": u.service_key, "via": u.via,
        "project": u.project_name, "project key": u.project_key, "page": u.page, "line": u.line,
        "quote": u.quote,
    } for u in uses])


def split_frame(split: dict[str, usage.UserCounts], names: dict[str, str]) -> pd.DataFrame:
    """One row per component: the split of its users (the usage module's meaning of "user")."""
    rows = [{"component": names.get(k, k), "members": len(c.members), "directly": len(c.members_direct),
             "through projects": len(c.members_via_projects), "projects": len(c.projects),
             "applications": len(c.applications), "organisations": len(c.organizations)} for k, c in split.items()]
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.sort_values(["members", "projects", "applications", "component"],
                             ascending=[False, False, False, True]).reset_index(drop=True)


def facts_frame(facts: list[usage.UsageFact]) -> pd.DataFrame:
    """Every usage fact with its source: who (and how), which component, the project, page, line, quote."""
    return pd.DataFrame([{
        "user": f.user_caption, "kind": f.user_label if f.kind != usage.VIA_PROJECT else f"{f.user_label} (project)",
        "component": f.service_name, "relationship": f.relationship, "project": f.project_name, "page": f.page,
        "line": f.line, "rule": f.rule, "quote": f.quote} for f in facts])


def matrix(uses: list[UsageFact]) -> pd.DataFrame:
    """Members (rows) x components (columns): how many projects of the member reuse the component, plus one
    for a direct statement; totals first, components ordered by number of members."""
    cells: dict[tuple[str, str], set[str]] = defaultdict(set)
    captions: dict[str, tuple[str, str | None]] = {}
    names: dict[str, str] = {}
    for u in uses:
        cells[(u.user_key, u.service_key)].add(u.project_key or "statement")
        captions[u.user_key] = (u.user_caption, u.category)
        names[u.service_key] = u.service_name
    members_of: dict[str, set[str]] = defaultdict(set)
    for (m, s) in cells:
        members_of[s].add(m)
    columns = sorted(names, key=lambda s: (-len(members_of[s]), names[s].lower()))
    rows = []
    for m, (caption, category) in captions.items():
        row: dict[str, object] = {"member": caption, "category": category,
                                  "components": sum(1 for s in columns if (m, s) in cells),
                                  "uses": sum(len(cells[(m, s)]) for s in columns if (m, s) in cells)}
        for s in columns:
            row[names[s]] = len(cells[(m, s)]) if (m, s) in cells else None
        rows.append(row)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame = frame.sort_values(["components", "uses", "member"], ascending=[False, False, True])
    return frame.reset_index(drop=True)


def render() -> None:
    store = get_store()
    st.title("Shared components")
    st.caption("Which members use which reusable components — through the projects they are clients of, or "
               "where the report states it directly.")
    section = _param("view", "matrix")
    if section not in SECTIONS:
        section = "matrix"
    # an index, not dict.get: the options are the keys, and format_func must return a str
    choice = st.segmented_control("View", list(SECTIONS), format_func=SECTIONS.__getitem__, default=section,
                                  key=f"sc_view_{section}", label_visibility="collapsed")
    if choice and choice != section:
        _set_params(view=choice)
        st.rerun()
    c1, c2 = st.columns(2)
    include_orgs = c1.toggle("Include non-member organisations", value=_param("orgs") == "1", key="sc_orgs")
    reusable_only = c2.toggle("Reusable components only", value=_param("reusable", "1") == "1",
                              key="sc_reusable")
    _set_params(view=section, orgs="1" if include_orgs else None, reusable="1" if reusable_only else "0")
    if section == "matrix":
        _matrix(store, include_orgs, reusable_only)
    elif section == "component":
        _component(store, include_orgs, reusable_only)
    else:
        _pair(store, include_orgs, reusable_only)


@st.cache_data(max_entries=4, show_spinner=False)
@long_lived
def _pairs(_store: Store, fp: str, include_orgs: bool, reusable_only: bool) -> shared_matrix.Pairs:
    """The member x component relation, one engine query per load of the graph and choice of toggles."""
    return shared_matrix.pairs(_store, include_organizations=include_orgs, reusable_only=reusable_only)


def _matrix(store: Store, include_orgs: bool, reusable_only: bool) -> None:
    relation = _pairs(store, fingerprint(store), include_orgs, reusable_only)
    if relation.empty:
        st.info("No member uses a component in this graph.")
        return
    c1, c2, c3 = st.columns([3, 2, 1])
    search = c1.text_input("Find a member or component", key="sc_search", placeholder="name, acronym or key")
    sort = c2.selectbox("Sort members by", list(shared_matrix.SORTS), format_func=shared_matrix.SORTS.__getitem__,
                        key="sc_sort")
    first = shared_matrix.matrix_page(relation, limit=MATRIX_ROWS, columns=MATRIX_COLUMNS, sort=sort,
                                      search=search or "")
    pages = max(1, (first.members_total + MATRIX_ROWS - 1) // MATRIX_ROWS)
    number = int(c3.number_input(f"Page (of {pages})", min_value=1, max_value=pages, value=1,
                                 key=f"sc_page_{search}_{sort}"))
    shown = first if number == 1 else shared_matrix.matrix_page(
        relation, offset=(number - 1) * MATRIX_ROWS, limit=MATRIX_ROWS, columns=MATRIX_COLUMNS, sort=sort,
        search=search or "")
    frame = shown.frame
    if shown.members_total == 0:
        st.info(f"No member or component matches “{md_text(search)}”.")
        return
    st.markdown(f"**{shown.members_total} members × {shown.components_total} components** · a cell counts the "
                "member's projects that reuse or deliver the component, plus one where the report says the member "
                "uses it directly.")
    hidden = shown.components_total - (len(frame.columns) - 4)
    caption = f"Members {shown.offset + 1}–{shown.offset + len(frame)} of {shown.members_total}"
    if hidden > 0:
        caption += (f"; the {len(frame.columns) - 4} components with the most members are shown, {hidden} more "
                    "in the CSV download")
    st.caption(caption + ".")
    config = {"member": st.column_config.TextColumn(pinned=True),
              "components": st.column_config.NumberColumn(help="Number of components this member uses"),
              "uses": st.column_config.NumberColumn(help="Projects + direct statements, all components")}
    for column in frame.columns[4:]:
        config[column] = st.column_config.NumberColumn(column, width="small", format="%d")
    st.dataframe(frame, hide_index=True, width="stretch", height=min(38 + 35 * len(frame), 560),
                 column_config=config, key="sc_matrix", placeholder="")
    d1, d2 = st.columns(2)
    # built when clicked (a callable), and no rerun of the page for it
    d1.download_button("Download the matrix (CSV)", lambda: safe_csv(shared_matrix.full_frame(relation)),
                       "shared-components-matrix.csv", "text/csv", key="sc_dl_matrix", on_click="ignore")
    d2.download_button("Download the facts (CSV)", lambda: safe_csv(uses_frame(queries.component_uses(
        store, include_organizations=include_orgs, reusable_only=reusable_only))),
        "shared-components-facts.csv", "text/csv", key="sc_dl_facts", on_click="ignore")
    if st.toggle("Users per component, every fact with its source, and the figures", key="sc_details"):
        _matrix_details(store, include_orgs, reusable_only)


def _matrix_details(store: Store, include_orgs: bool, reusable_only: bool) -> None:
    """Whole-graph tables and figures: read only when asked for."""
    facts = usage.usage_facts(store, include_organizations=include_orgs, reusable_only=reusable_only)
    per_component = split_frame(usage.counts(facts), {f.service_key: f.service_name for f in facts})
    left, right = st.columns(2)
    with left:
        st.markdown("**Users per component** (members directly or through their projects; projects; applications)")
        st.dataframe(per_component, hide_index=True, width="stretch", height=min(38 + 35 * len(per_component), 360),
                     key="sc_split")
    with right:
        st.markdown("**Every fact, with its source**")
        st.dataframe(facts_frame(facts), hide_index=True, width="stretch", height=360)
    chart_panel("member-components", charts.member_components_data(
        store, include_organizations=include_orgs, reusable_only=reusable_only), key="sc_matrix_figure",
        filename="member-components")
    chart_panel("components-by-users", charts.components_by_users_data(store, include_organizations=include_orgs),
                key="sc_ranking_figure", filename="components-by-users")


MATRIX_ROWS = 200  # members per page of the matrix
MATRIX_COLUMNS = 60  # components shown at most (the most used); the CSV has them all


def _component(store: Store, include_orgs: bool, reusable_only: bool) -> None:
    options = [s for s in queries.services(store) if s["reusable"] or not reusable_only]
    if not options:
        st.info("No component in this graph.")
        return
    keys = [s["id"] for s in options]
    by_key = {s["id"]: s for s in options}
    current = _param("component")
    index = keys.index(current) if current in keys else 0
    chosen = st.selectbox("Component", keys, index=index, key=f"sc_component_{current}",
                          format_func=lambda k: picker_label(by_key[k], include_orgs))
    if chosen != current:
        _set_params(component=chosen)
    service = by_key[chosen]
    st.markdown(f"**{md_text(service['name'])}** · {md_text(service['domain'] or '')} · {md_text(chosen)}")
    nodes, rels = queries.component_graph(store, chosen, include_orgs)
    view = GraphView(nodes=nodes, relationships=rels, title=service["name"])
    view.centre = view.id_of(chosen)
    view.layout()
    left, right = st.columns([5, 2])
    with left:
        result = graph_widget(view, key="sc_component_graph", height=600, selected=[chosen],
                              filename=f"component-{chosen}")
        legend(sorted({n.label for n in nodes.values()}))
        export_panel(view, key="sc_component_export", filename=safe_filename(f"component-{chosen}"))
        _open_on_dblclick(result)
    with right:
        facts = usage.usage_facts(store, service_key=chosen, include_organizations=include_orgs)
        split = usage.counts(facts).get(chosen, usage.UserCounts())
        m1, m2, m3 = st.columns(3)
        m1.metric("Members using it", len(split.members),
                  help=f"{len(split.members_direct)} directly, {len(split.members_via_projects)} through their projects")
        m2.metric("Projects", len(split.projects), help="projects that reuse or deliver it")
        m3.metric("Applications", len(split.applications))
        st.caption(split.describe())
        frame = facts_frame(facts)
        if not frame.empty:
            st.dataframe(frame.drop(columns=["component"]).dropna(axis=1, how="all"), hide_index=True,
                         width="stretch", height=360, key="sc_component_facts")
        st.page_link(page(EXPLORE), label=f"Open {md_text(service['name'])} in Explore", icon=":material/travel_explore:",
                     query_params={"node": chosen})


def picker_label(service: dict, include_orgs: bool = False) -> str:
    """"Wave — 3 member(s) (0 directly, 3 through projects) · 4 project(s) · 0 application(s)"."""
    split: usage.UserCounts = service["split"]
    if not include_orgs:
        split = usage.UserCounts(split.members, split.members_direct, split.members_via_projects, split.projects,
                                 split.applications)
    return f"{service['name']} — {split.describe()}"


PICKER_ROWS = 300  # members a picker lists; more: type to narrow (the list says what it left out)


def pair_drawing(nodes: dict, rels: dict, reusable_only: bool) -> tuple[dict, dict]:
    """What the two-members view draws: with "Reusable components only", no technology and no service that is
    not reusable (the paths through them are listed, not drawn)."""
    if not reusable_only:
        return nodes, rels
    kept = {k: n for k, n in nodes.items() if n.label != "Technology"
            and not (n.label == "Service" and n.properties.get("reusable") is not True)}
    return kept, {k: r for k, r in rels.items() if r.start in kept and r.end in kept}


def _pair(store: Store, include_orgs: bool, reusable_only: bool) -> None:
    a0, b0 = _param("a"), _param("b")
    text = st.text_input("Find members", key="sc_pair_find", placeholder="name, acronym or key")
    people = queries.members(store, include_organizations=include_orgs, with_projects=not include_orgs,
                             limit=PICKER_ROWS, text=text or None)
    if people.truncated:
        st.caption(f"The {PICKER_ROWS} with the most projects are listed: type in the box to find others.")
    chosen = [k for k in (a0, b0) if k]
    listed = {p["id"] for p in people}
    pickable: list[dict[str, Any]] = people
    if any(k not in listed for k in chosen):  # the URL's members stay pickable
        pickable = [*queries.members(store, include_organizations=True, keys=chosen), *people]
    keys = list(dict.fromkeys(p["id"] for p in pickable))
    by_key = {p["id"]: p for p in pickable}
    if len(keys) < 2:
        st.info("Fewer than two members with projects." if not text else f"Fewer than two members match “{text}”.")
        return
    c1, c2 = st.columns(2)
    fmt = lambda k: f"{by_key[k]['caption']} — {by_key[k]['projects']} project(s)"  # noqa: E731
    a = c1.selectbox("First member", keys, index=keys.index(a0) if a0 in keys else 0, format_func=fmt,
                     key=f"sc_a_{a0}")
    b = c2.selectbox("Second member", keys, index=keys.index(b0) if b0 in keys else 1, format_func=fmt,
                     key=f"sc_b_{b0}")
    if (a, b) != (a0, b0):
        _set_params(a=a, b=b)
    if a == b:
        st.warning("Pick two different members.")
        return
    cmp = queries.compare_members(store, a, b, reusable_only=reusable_only)
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Shared components", len(cmp.shared_components))
    m2.metric("Shared technologies", len(cmp.shared_technologies))
    m3.metric("Shared projects", len(cmp.shared_projects))
    m4.metric("Paths between them", f"{cmp.paths}{'+' if cmp.paths_truncated else ''}")
    with st.container():
        drawn_nodes, drawn_rels = pair_drawing(cmp.nodes, cmp.relationships, reusable_only)
        if drawn_nodes:
            view = GraphView(nodes=drawn_nodes, relationships=drawn_rels,
                             title=f"What {by_key[a]['caption']} and {by_key[b]['caption']} share")
            ends = (view.id_of(a), view.id_of(b))
            view.poles = (ends[0], ends[1]) if ends[0] and ends[1] else None
            view.layout()
            result = graph_widget(view, key="sc_pair_graph", height=640, selected=[a, b],
                                  filename=f"pair-{a}-{b}")
            legend(sorted({n.label for n in drawn_nodes.values()}))
            export_panel(view, key="sc_pair_export", filename=safe_filename(f"pair-{a}-{b}"))
            _open_on_dblclick(result)
        else:
            st.info("No path of the patterns below joins them: they share no project, component or technology.")
        st.caption("Paths: a shared project; a component reused by a project of each (or stated directly); "
                   "a technology used by a project of each.")
    for column, (title, rows) in zip(st.columns(3), (("Components", cmp.shared_components),
                                                     ("Technologies", cmp.shared_technologies),
                                                     ("Projects", cmp.shared_projects)), strict=True):
        with column:
            st.markdown(f"**{title}** ({len(rows)})")
            if rows:
                st.dataframe(pd.DataFrame(rows).drop(columns=["key"]), hide_index=True, width="stretch",
                             height=min(38 + 35 * len(rows), 240))


def _open_on_dblclick(result: object) -> None:
    event = event_of(result)
    if event and event.kind == "dblclick" and event.node:
        st.switch_page(page(EXPLORE), query_params={"node": event.node})
    if event and event.node:
        st.caption(f"Selected {md_text(event.node)} — double-click a node to open it in Explore.")
