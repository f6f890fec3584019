"""Explore's "Save as a scene": the view on screen (its nodes by key, positions, the Explore state that built it)
saved by name; the Scenes page reopens it, and its "Open in Explore" rebuilds the view from that state."""

from __future__ import annotations

from typing import Any

import streamlit as st

from smals_graph.app.ui.escape import md_text
from smals_graph.app.ui.navigation import page as nav_page
from smals_graph.app.view_model.scenes import Scene, SceneStore
from smals_graph.app.view_model.view import GraphView
from smals_graph.graph_model.errors import ConfigError

__all__ = ["save_scene_panel"]


def save_scene_panel(view: GraphView, explore_params: dict[str, Any], dismissed: list[str] | None = None) -> None:
    with st.expander("Save as a scene"):
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        name = c1.text_input("Scene name", key="explore_scene_name", placeholder=view.title or "My scene")
        if c2.button("Save scene", key="explore_scene_save", width="stretch"):
            keys = sorted({n.key for n in view.nodes.values() if n.key and not n.properties.get("_aggregate")})
            positions = {str(view.nodes[i].key): (float(x), float(y)) for i, (x, y) in view.positions.items()
                         if i in view.nodes and view.nodes[i].key}
            scene = Scene((name or view.title).strip(), keys, positions=positions, dismissed=list(dismissed or []),
                          filters={"explore": explore_params}, title=view.title)
            try:
                SceneStore().save(scene)
            except ConfigError as exc:
                st.error(md_text(str(exc)), icon=":material/error:")
                return
            st.success(md_text(f"Saved scene “{scene.name}” ({len(keys)} nodes)."), icon=":material/bookmark:")
        st.page_link(nav_page("scenes"), label="Saved scenes", icon=":material/collections_bookmark:")
