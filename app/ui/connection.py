"""The store for the app: one per process and configuration, validated by a ping on every use so that a dead
connection is never kept (the app recovers by itself when the database comes back)."""

from __future__ import annotations

import contextlib
import os

import streamlit as st

from smals_graph.app.ui.escape import md_text
from smals_graph.graph_model.connect import connect
from smals_graph.graph_model.errors import EngineUnavailable, SmalsGraphError
from smals_graph.graph_model.store import Store, resolve_uri, shown_uri

RETRY_SECONDS = 3


def _config() -> tuple[str, str, str]:
    uri, _ = resolve_uri()
    return uri, os.environ.get("SMALS_GRAPH_DATA_DIR", ""), os.environ.get("NEO4J_DATABASE", "")


def _alive(store: Store) -> bool:
    try:
        store.ping()
    except Exception:
        return False
    return True


def _release(store: Store) -> None:
    with contextlib.suppress(Exception):
        store.close()


@st.cache_resource(max_entries=2, validate=_alive, on_release=_release,
                   show_spinner="Connecting to the graph database…")
def _store(uri: str, data_dir: str, database: str) -> Store:
    store = connect()  # honours SMALS_GRAPH_URI / NEO4J_URI / SMALS_GRAPH_DATA_DIR / NEO4J_DATABASE
    store.ping()
    return store


def get_store() -> Store:
    """The store; raises EngineUnavailable (never cached) when the database does not answer."""
    return _store(*_config())


def forget_store() -> None:
    _store.clear()


def unavailable_banner(exc: SmalsGraphError) -> None:
    """A clear banner, and a poll that reruns the app as soon as the database answers again."""
    uri, source = resolve_uri()
    st.error(f"**The graph database is unreachable** ({md_text(shown_uri(uri))}, from {source['source']})."
             f"\n\n{md_text(exc)}\n\n"
             f"The app retries every {RETRY_SECONDS} s and comes back by itself.", icon=":material/cloud_off:")

    @st.fragment(run_every=RETRY_SECONDS)
    def _poll() -> None:
        try:
            forget_store()
            get_store()
        except (EngineUnavailable, SmalsGraphError):
            st.caption("Still unreachable…")
            return
        st.rerun(scope="app")

    _poll()
