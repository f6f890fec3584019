"""The Query page's stream of frames, its schema panel and the plan drawn as a tree (the logic is in
app/view_model/frames.py, schema_panel.py and plan_figure.py; this module only draws it)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import streamlit as st

from smals_graph.app.ui.common import result_frame
from smals_graph.app.ui.escape import md_text
from smals_graph.app.view_model.frames import MAX_FRAMES, Frame, FrameStream
from smals_graph.app.view_model.plan_figure import plan_svg
from smals_graph.app.view_model.schema_panel import (
    SchemaSummary,
    label_query,
    property_query,
    read_schema,
    type_query,
)
from smals_graph.graph_model.store import Store

__all__ = ["draw_plan", "frame_stream", "render_schema_panel", "render_stream"]

STREAM = "q_frames"


def frame_stream() -> FrameStream:
    """The session's stream (one per browser session; a reload starts a new one, as in Browser)."""
    stream = st.session_state.get(STREAM)
    if not isinstance(stream, FrameStream):
        stream = st.session_state[STREAM] = FrameStream(MAX_FRAMES)
    return stream


@st.cache_data(max_entries=4, ttl=600, show_spinner="Reading the schema…")
def schema_summary(_store: Store, fp: str) -> SchemaSummary:
    return read_schema(_store)


def render_schema_panel(store: Store, fp: str, open_query: Callable[[str], None]) -> None:
    """Labels, relationship types and property keys with counts; a click puts a query in the editor and runs it."""
    summary = schema_summary(store, fp)
    with st.expander(f"Schema ({len(summary.labels)} labels, {len(summary.types)} relationship types, "
                     f"{len(summary.properties)} property keys)", expanded=False):
        st.caption("From the live graph (db.labels(), db.relationshipTypes(), db.propertyKeys()); "
                   "click one to query it.")
        st.markdown("**Node labels**")
        for name, count in summary.labels:
            st.button(f":{name} ({count})", key=f"schema_label_{name}", on_click=open_query,
                      args=(label_query(name),), width="stretch")
        st.markdown("**Relationship types**")
        for rel in summary.types:
            ends = ", ".join(f"{a}→{b} {n}" for a, b, n in rel.ends[:4])
            st.button(f"[:{rel.name}] ({rel.count})", key=f"schema_type_{rel.name}", on_click=open_query,
                      args=(type_query(rel.name),), width="stretch", help=ends or None)
            if ends:
                st.caption(ends)
        st.markdown("**Property keys**")
        for key, count in summary.properties:
            st.button(f"{key} ({count})", key=f"schema_key_{key}", on_click=open_query,
                      args=(property_query(key),), width="stretch")


def draw_plan(plan: Any) -> None:
    """The plan as a tree of operator boxes; the indented text one click away."""
    st.markdown(f'<div class="plan-figure" style="overflow:auto;max-height:640px">{plan_svg(plan)}</div>',
                unsafe_allow_html=True)
    with st.expander("The plan as text"):
        st.code(plan.text(), language=None)


def _remove(stream: FrameStream, ident: int) -> None:
    stream.remove(ident)


def render_stream(stream: FrameStream, newest: Callable[[Frame], None],
                  rerun: Callable[[Frame], None]) -> None:
    """Frames newest first: the newest drawn in full by `newest`, older ones as their table (or plan, or error);
    each can be collapsed, re-run (its query back in the editor, run again) or removed."""
    if not len(stream):
        return
    top, clear = st.columns([5, 1], vertical_alignment="center")
    top.markdown(f"**Stream** ({len(stream)} of at most {stream.cap} frames, newest first)")
    clear.button("Clear stream", key="q_frames_clear", on_click=stream.clear, width="stretch")
    for position, frame in enumerate(list(stream.frames)):
        with st.container(border=True, key=f"frame_{frame.ident}"):
            st.markdown(md_text(frame.summary()))
            b1, b2, b3, _ = st.columns([1, 1, 1, 3], vertical_alignment="center")
            b1.button("Expand" if frame.collapsed else "Collapse", key=f"frame_toggle_{frame.ident}",
                      on_click=stream.toggle, args=(frame.ident,), width="stretch")
            b2.button("Re-run", key=f"frame_rerun_{frame.ident}", on_click=rerun, args=(frame,), width="stretch",
                      help="Put this query and its parameters back in the editor and run it")
            b3.button("Remove", key=f"frame_remove_{frame.ident}", on_click=_remove, args=(stream, frame.ident),
                      width="stretch")
            if frame.collapsed:
                continue
            st.code(frame.text, language="cypher", wrap_lines=True)
            if frame.params:
                st.caption("Parameters: " + md_text(json.dumps(frame.params, ensure_ascii=False, default=str)))
            if position == 0:
                newest(frame)
            else:
                _older(frame)


def _older(frame: Frame) -> None:
    outcome = frame.outcome
    if outcome.get("error"):
        st.error(md_text(outcome["error"]), icon=":material/error:")
    elif outcome.get("plan") is not None:
        draw_plan(outcome["plan"])
    elif outcome.get("result") is not None:
        result = outcome["result"]
        tab_table, tab_json = st.tabs(["Table", "JSON"])
        with tab_table:
            st.dataframe(result_frame(result), hide_index=True, width="stretch",
                         height=min(38 + 35 * max(1, len(result.rows)), 300))
        with tab_json:
            shown = result.to_json()
            shown["rows"] = shown["rows"][:50]
            st.json(shown, expanded=1)
