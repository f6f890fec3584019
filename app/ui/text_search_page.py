"""Search the text: full-text search over names, taglines, descriptions and quotes (app/view_model/text_search.py),
each hit with the sentence it came from and the words found highlighted. The words are in the URL (`?text=`)."""

from __future__ import annotations

import streamlit as st

from smals_graph.app.ui.common import explore_link
from smals_graph.app.ui.connection import get_store
from smals_graph.app.ui.escape import html_text
from smals_graph.app.ui.graph_cache import fingerprint
from smals_graph.app.view_model.text_search import Hit, TextIndex, build_index
from smals_graph.graph_model.store import Store

__all__ = ["render"]

LIMIT = 30


@st.cache_resource(max_entries=2, show_spinner="Indexing the report's text…")
def text_index(_store: Store, fp: str) -> TextIndex:
    return build_index(_store)  # once per graph version (fp changes with every load)


def _on_text() -> None:
    st.query_params["text"] = st.session_state["ts_text"]


def render() -> None:
    store = get_store()
    st.title("Search the text")
    wanted = st.query_params.get("text", "")
    if st.session_state.get("ts_text_url") != wanted:  # a shared link fills the box once
        st.session_state["ts_text_url"] = wanted
        st.session_state["ts_text"] = wanted
    st.text_input("Words to find", key="ts_text", on_change=_on_text,
                  placeholder="pseudonymisation, FHIR, vaccinations… (every word; accents and case don't matter)")
    text = st.session_state.get("ts_text", "").strip()
    st.caption("Names, taglines and descriptions of members, projects, components, technologies and "
               "applications, and the report's sentences quoted on relationships.")
    if not text:
        return
    hits = text_index(store, fingerprint(store)).search(text, limit=LIMIT)
    if not hits:
        st.info(f"No text holds every word of “{text}”.", icon=":material/search_off:")
        return
    st.markdown(f"**{len(hits)} hit(s)**" + (f" (the first {LIMIT})" if len(hits) == LIMIT else ""))
    for i, hit in enumerate(hits):
        _hit(hit, i)


def _hit(hit: Hit, i: int) -> None:
    with st.container(border=True, key=f"ts_hit_{i}"):
        where = f" · p. {hit.page}" if hit.page else ""
        st.markdown(f'<div class="ts-title"><b>{html_text(hit.title)}</b> '
                    f'<span style="color:#6b6b6b">{html_text(hit.label)} · {html_text(hit.field)}{where}</span>'
                    "</div>", unsafe_allow_html=True)
        sentence = "".join(f"<mark>{html_text(part)}</mark>" if found else html_text(part)
                           for part, found in hit.segments())
        st.markdown(f'<div class="ts-sentence">{sentence}</div>', unsafe_allow_html=True)
        explore_link(hit.key, "Open in Explore", icon=":material/travel_explore:")
