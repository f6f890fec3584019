"""Scenes: saved views by name (app/view_model/scenes.py) drawn as figures with the styling rules
(app/view_model/style_rules.py). The rules are in the URL (`?rules=`), the open scene too (`?scene=`), so a
reload or a shared link shows the same; a scene exports as the figure spec `smals-graph snapshot` renders."""

from __future__ import annotations

import streamlit as st

from smals_graph.app.figures.render import FigureOptions, figure_bytes
from smals_graph.app.figures.render import render as draw_figure
from smals_graph.app.figures.snapshot import apply_style_rules
from smals_graph.app.ui.connection import get_store
from smals_graph.app.ui.escape import html_text, md_text
from smals_graph.app.ui.navigation import page as nav_page
from smals_graph.app.view_model.scenes import Scene, SceneStore, scene_cypher, scene_spec_toml
from smals_graph.app.view_model.style_rules import StyleRule, legend, rules_from_url, rules_to_url
from smals_graph.app.view_model.view import GraphView
from smals_graph.graph_model.errors import ConfigError, SmalsGraphError
from smals_graph.graph_model.store import Store

__all__ = ["render"]

EXAMPLE_RULES = ('[{"set":"colour","value":"#d62728","label":"Member","property":"category","equals":"A"},'
                 '{"set":"colour","value":"#1f77b4","label":"Member"}]')
EXAMPLE_NODES = "MATCH (m:Member)<-[:FOR]-(p:Project) WHERE m.acronym IN ['ONSS', 'INAMI'] RETURN m, p"


def _on_rules() -> None:
    st.query_params["rules"] = st.session_state["sc_rules"]


def _rules() -> list[StyleRule]:
    """The rules of the URL (a shared link) or of the box; an error names the rule that is wrong."""
    wanted = st.query_params.get("rules", "")
    if st.session_state.get("sc_rules_url") != wanted:
        st.session_state["sc_rules_url"] = wanted
        st.session_state["sc_rules"] = wanted
    st.text_area("Styling rules (JSON, kept in the URL)", key="sc_rules", on_change=_on_rules, height=90,
                 placeholder=EXAMPLE_RULES,
                 help='Each rule: {"set": "colour"|"size"|"caption", "value": …, "label": …, "property": …, '
                      '"equals": … | "min": …, "max": …}; the first rule that matches a node wins.')
    try:
        return rules_from_url(st.session_state.get("sc_rules", ""))
    except ConfigError as exc:
        st.error(md_text(str(exc)), icon=":material/error:")
        return []


def render() -> None:
    store = get_store()
    scenes = SceneStore()
    st.title("Scenes")
    rules = _rules()
    names = scenes.names()
    chosen_url = st.query_params.get("scene")
    c1, c2, c3 = st.columns([4, 1, 1], vertical_alignment="bottom")
    index = names.index(chosen_url) if chosen_url in names else None
    picked = c1.selectbox(f"Saved scenes ({len(names)}, in {scenes.directory})", names, index=index,
                          key=f"sc_pick_{chosen_url}", placeholder="Pick a scene…")
    if c2.button("Open scene", key="sc_open", disabled=picked is None, width="stretch") and picked is not None:
        st.query_params["scene"] = picked
        if not st.session_state.get("sc_rules"):
            opened = scenes.load(picked)
            if opened.rules:  # the scene's own rules, unless the URL already has some
                st.query_params["rules"] = rules_to_url(opened.rules)
        st.rerun()
    if c3.button("Delete scene", key="sc_delete", disabled=picked is None, width="stretch") and picked is not None:
        scenes.delete(picked)
        st.query_params.pop("scene", None)
        st.rerun()
    if chosen_url and chosen_url in names:
        _show(store, scenes.load(chosen_url), rules)
    elif chosen_url:
        st.warning(md_text(f"No saved scene named “{chosen_url}”."), icon=":material/warning:")
    _save_form(store, scenes, rules)


def _show(store: Store, scene: Scene, rules: list[StyleRule]) -> None:
    cypher, params = scene_cypher(scene)
    view = GraphView.from_result(store.read(cypher, params, timeout=30, max_rows=100_000),
                                 title=scene.title or scene.name)
    for node_id, node in view.nodes.items():  # the positions the scene was saved with
        if node.key in scene.positions:
            view.positions[node_id] = scene.positions[node.key]
    missing = len(set(scene.nodes) - set(scene.dismissed) - {n.key for n in view.nodes.values()})
    st.markdown(f"**{md_text(scene.title or scene.name)}** · {len(view.nodes)} node(s), "
                f"{len(view.relationships)} relationship(s) · saved {md_text(scene.saved_at)}")
    if missing:
        st.warning(f"{missing} node(s) of this scene are not in the loaded graph (another edition?).",
                   icon=":material/warning:")
    options = FigureOptions(size="slide-16x9", title=scene.title or scene.name)
    apply_style_rules(view, options, rules)
    st.image(figure_bytes(draw_figure(view, options), "png", options), caption=f"scene “{scene.name}”")
    shown = legend(rules, view.nodes.values())
    if shown:
        items = "".join(
            f'<li class="sc-legend"><span style="display:inline-block;width:12px;height:12px;border-radius:6px;'
            f'background:{html_text(value) if what == "colour" else "#bbbbbb"}"></span> '
            f"{html_text(what)} {html_text(value)}: {html_text(text)}</li>" for what, value, text in shown)
        st.markdown(f'<ul style="list-style:none;padding-left:0">{items}</ul>', unsafe_allow_html=True)
    explore = scene.filters.get("explore")
    if isinstance(explore, dict) and explore:
        st.page_link(nav_page("explore"), label="Open in Explore", icon=":material/travel_explore:",
                     query_params=explore)
    exported = Scene(**{**scene.__dict__, "rules": rules or scene.rules})
    st.download_button("Export as a figure spec (.toml)", scene_spec_toml(exported), key="sc_export",
                       file_name=f"scene-{scene.name}.toml", mime="application/toml")
    st.caption(md_text(f"smals-graph snapshot scene-{scene.name}.toml --out figures"))


def _save_form(store: Store, scenes: SceneStore, rules: list[StyleRule]) -> None:
    with st.expander("Save a new scene", expanded=not scenes.names()):
        name = st.text_input("Name", key="sc_name", placeholder="ONSS and INAMI")
        title = st.text_input("Title", key="sc_title")
        text = st.text_area("The scene's nodes: a read-only query", key="sc_query", value=EXAMPLE_NODES, height=80)
        if st.button("Save scene", key="sc_save", type="primary"):
            try:
                result = store.read(text, timeout=30, max_rows=10_000)
                view = GraphView.from_result(result)
                keys = sorted({n.key for n in view.nodes.values() if n.key})
                positions = {str(view.nodes[i].key): xy for i, xy in view.positions.items() if view.nodes[i].key}
                scene = Scene(name.strip(), keys, positions={k: (float(x), float(y)) for k, (x, y) in positions.items()},
                              rules=rules, title=title.strip())
                scenes.save(scene)
            except SmalsGraphError as exc:
                st.error(md_text(str(exc)), icon=":material/error:")
                return
            st.query_params["scene"] = scene.name
            st.rerun()
