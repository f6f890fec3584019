"""Query: ad-hoc read-only Cypher with a parameter form, canned queries from cypher/, history, downloads."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from smals_graph.app.ui.common import show_result
from smals_graph.app.ui.connection import get_store
from smals_graph.app.ui.escape import md_text
from smals_graph.app.view_model import history
from smals_graph.graph_model.canned import CannedQuery, Parameter, convert_value, load_canned
from smals_graph.graph_model.dialect import falkordb_hint, parameter_names
from smals_graph.graph_model.errors import EngineUnavailable, QueryError, SmalsGraphError
from smals_graph.graph_model.store import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S

TEXT = "q_text"
LOADED = "q_loaded_url"
RESULT = "q_result"
EXAMPLE = "MATCH (p:Project)-[:FOR]->(m:Member)\nWHERE m.acronym = $acronym\nRETURN p.name AS project, p.status AS status\nORDER BY project"


@st.cache_data(ttl=60, show_spinner=False)
def canned_queries() -> dict[str, CannedQuery]:
    return load_canned()


def parse_value(text: str) -> Any:
    """A free parameter: JSON when it parses (numbers, booleans, lists, maps, quoted strings), else the text."""
    try:
        return json.loads(text)
    except (json.JSONDecodeError, ValueError):
        return text


def show_value(value: Any) -> str:
    """The text that `parse_value` reads back as `value` ("1" the string is shown quoted)."""
    if isinstance(value, str) and parse_value(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)


def _load_from_url() -> None:
    """A shared URL (q, params, canned, run) fills the editor once per distinct URL."""
    url = st.query_params.to_dict()
    ident = json.dumps({k: url.get(k) for k in ("q", "params", "canned")}, sort_keys=True)
    if st.session_state.get(LOADED) == ident:
        return
    st.session_state[LOADED] = ident
    canned = canned_queries().get(url.get("canned", ""))
    text = url.get("q")
    if text is None and canned is not None:
        text = canned.text_for(get_store().engine)
    if text is not None:
        st.session_state[TEXT] = text
    try:
        params = json.loads(url.get("params", "{}"))
    except json.JSONDecodeError:
        params = {}
    if canned is not None:
        params = {**{p.name: p.default for p in canned.parameters}, **params}
    for name, value in params.items():
        st.session_state[f"qp_{name}"] = _widget_value(_declared(canned, name), value)
    st.session_state["q_canned"] = canned.name if canned else None
    if url.get("run") == "1" and text:
        # a link may fill the editor but never run a query for whoever clicks it: the click on Run is theirs
        st.session_state["q_from_link"] = True


def _declared(canned: CannedQuery | None, name: str) -> Parameter | None:
    if canned is None:
        return None
    return next((p for p in canned.parameters if p.name == name), None)


def _widget_value(param: Parameter | None, value: Any) -> Any:
    if param is None:
        return show_value(value)
    if param.type == "bool":
        return bool(value)
    if param.type in ("int", "float"):
        return value
    if param.type == "list":
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value or "")
    return "" if value is None else str(value)


def _open_canned(name: str) -> None:
    query = canned_queries()[name]
    st.session_state[TEXT] = query.text_for(get_store().engine)
    st.session_state["q_canned"] = name
    for p in query.parameters:
        st.session_state[f"qp_{p.name}"] = _widget_value(p, p.default)
    st.session_state.pop(RESULT, None)
    st.session_state["q_autorun"] = True


def _open_history(entry: dict[str, Any]) -> None:
    st.session_state[TEXT] = entry["text"]
    canned = canned_queries().get(entry.get("canned") or "")
    st.session_state["q_canned"] = canned.name if canned else None
    for name, value in (entry.get("params") or {}).items():
        st.session_state[f"qp_{name}"] = _widget_value(_declared(canned, name), value)
    st.session_state.pop(RESULT, None)


def render() -> None:
    store = get_store()
    _load_from_url()
    if TEXT not in st.session_state:
        st.session_state[TEXT] = EXAMPLE
        st.session_state.setdefault("qp_acronym", "ONSS")
    st.title("Query")
    st.markdown('<style>textarea[aria-label="Cypher"] {font-family: "DejaVu Sans Mono", monospace !important;'
                "font-size: 0.9em !important;}</style>", unsafe_allow_html=True)
    canned = canned_queries()
    left, right = st.columns([1, 3], gap="medium")
    with left:
        st.subheader("Canned queries")
        for name, query in canned.items():
            with st.container(border=True):
                st.button(query.title, key=f"canned_{name}", on_click=_open_canned, args=(name,),
                          width="stretch", help=f"cypher/{name}.cypher")
                if query.description:
                    st.caption(query.description)
    with right:
        _editor(store, canned)
    _history()


def _editor(store: Any, canned: dict[str, CannedQuery]) -> None:
    current = canned.get(st.session_state.get("q_canned") or "")
    if current is not None:
        st.markdown(f"**{current.title}** · `cypher/{current.name}.cypher`")
    text = st.text_area("Cypher", key=TEXT, height=190,
                        help="Read-only: the engine refuses writes. $names become parameters below.")
    if current is not None and text.strip() != current.text_for(store.engine).strip():
        current = None  # edited: no longer the canned query
    names = parameter_names(text)
    params: dict[str, Any] = {}
    errors: list[str] = []
    if names:
        st.markdown("**Parameters**")
        cols = st.columns(min(3, len(names)))
        for i, name in enumerate(names):
            param = _declared(current, name)
            with cols[i % len(cols)]:
                try:
                    params[name] = _param_widget(name, param)
                except ValueError as exc:
                    errors.append(md_text(f"${name}: {exc}"))
    c1, c2, c3, _ = st.columns([1, 1, 1, 2], vertical_alignment="bottom")
    timeout = c1.number_input("Timeout (s)", min_value=0.5, max_value=120.0, value=DEFAULT_TIMEOUT_S, step=0.5,
                              key="q_timeout")
    max_rows = c2.number_input("Row cap", min_value=1, max_value=100_000, value=DEFAULT_MAX_ROWS, step=100,
                               key="q_max_rows")
    run = c3.button("Run", type="primary", key="q_run", width="stretch")
    if st.session_state.pop("q_autorun", False):
        run = True
    if st.session_state.get("q_from_link") and not run:
        st.info("This query came with the link you opened: read it, then press **Run**.",
                icon=":material/link:")
    if run:
        st.session_state.pop("q_from_link", None)
    for error in errors:
        st.error(error)
    if run and not errors and text.strip():
        _run(store, text, params, timeout=float(timeout), max_rows=int(max_rows),
             canned=current.name if current else None)
    outcome = st.session_state.get(RESULT)
    if outcome:
        if outcome.get("error"):
            st.error(md_text(outcome["error"]), icon=":material/error:")
            if outcome.get("hint"):
                st.info(f"Hint: {outcome['hint']}")
        else:
            show_result(outcome["result"], key="q_result_view", filename="query-result")


def _param_widget(name: str, param: Parameter | None) -> Any:
    key = f"qp_{name}"
    help_ = (param.help if param else None) or f"${name}"
    if param is None:
        st.session_state.setdefault(key, "")
        raw = st.text_input(f"${name}", key=key, help=help_ + " · JSON when it parses (1, true, [\"a\"]), "
                                                               "else text")
        return parse_value(raw)
    if param.type == "bool":
        st.session_state.setdefault(key, bool(param.default))
        return st.checkbox(f"${name}", key=key, help=help_)
    if param.type == "int":
        st.session_state.setdefault(key, int(param.default or 0))
        return int(st.number_input(f"${name}", key=key, step=1, help=help_))
    if param.type == "float":
        st.session_state.setdefault(key, float(param.default or 0.0))
        return float(st.number_input(f"${name}", key=key, help=help_))
    st.session_state.setdefault(key, _widget_value(param, param.default))
    raw = st.text_input(f"${name} ({param.type})", key=key, help=help_)
    return convert_value(raw, param.type)


def _run(store: Any, text: str, params: dict[str, Any], *, timeout: float, max_rows: int,
         canned: str | None) -> None:
    url = {"q": text, "params": json.dumps(params, ensure_ascii=False, sort_keys=True), "run": "1"}
    if canned:
        url["canned"] = canned
    st.session_state[LOADED] = json.dumps({k: url.get(k) for k in ("q", "params", "canned")}, sort_keys=True)
    st.query_params.from_dict(url)
    try:
        result = store.read(text, params, timeout=timeout, max_rows=max_rows)
    except EngineUnavailable:
        raise
    except (QueryError, SmalsGraphError) as exc:
        message = str(exc)
        hint = falkordb_hint(message, text) if store.engine == "falkordb" else None
        st.session_state[RESULT] = {"error": message, "hint": hint}
        history.record(text, params, error=message, canned=canned)
        return
    st.session_state[RESULT] = {"result": result}
    history.record(text, params, rows=len(result.rows), elapsed_ms=result.elapsed_ms, canned=canned)


def _history() -> None:
    entries = history.load(limit=25)
    with st.expander(f"History ({len(entries)} recent, kept in {history.history_path()})"):
        if not entries:
            st.caption("No query yet.")
        for i, entry in enumerate(entries):
            c1, c2 = st.columns([5, 1], vertical_alignment="center")
            status = f"error: {entry['error'][:80]}" if entry.get("error") else f"{entry.get('rows')} rows"
            first = " ".join(entry["text"].split())[:140]
            c1.markdown(f"{md_text(entry.get('at'))} · {md_text(status)}  \n{md_text(first)}")  # text, never Markdown
            c2.button("Open", key=f"hist_{i}", on_click=_open_history, args=(entry,), width="stretch")
