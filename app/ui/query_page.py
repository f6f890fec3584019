"""Query: a Cypher workbench. The editor (CodeMirror 6 + Neo4j's Cypher support) completes from the live schema
and lints as you type; Run, Explain and Profile; the engine's error marked where it is; a parameter form whose
domain parameters are pickers by name; canned queries from cypher/; history; the command line of a query."""

from __future__ import annotations

import json
import re
from typing import Any

import streamlit as st

from smals_graph.app.ui.common import show_result
from smals_graph.app.ui.components.cypher_editor import action_of, cypher_editor, text_of
from smals_graph.app.ui.connection import get_store
from smals_graph.app.ui.escape import md_text
from smals_graph.app.ui.graph_cache import fingerprint
from smals_graph.app.ui.query_stream import draw_plan, frame_stream, render_schema_panel, render_stream
from smals_graph.app.view_model import history
from smals_graph.app.view_model.frames import Frame
from smals_graph.app.view_model.workbench import (
    Choice,
    cli_command,
    describe_value,
    editor_schema,
    missing_choice,
    parse_value,
    picker_choices,
    resolve_choice,
    show_value,
    unknown_names,
)
from smals_graph.graph_model.canned import CannedQuery, Parameter, convert_value, load_canned, picker_kind
from smals_graph.graph_model.dialect import parameter_names
from smals_graph.graph_model.errors import EngineUnavailable, QueryError, SmalsGraphError
from smals_graph.graph_model.store import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, Store

TEXT = "q_text"
TEXT_VERSION = "q_text_version"  # bumped whenever the page, not the person, sets the editor's text
LOADED = "q_loaded_url"
RESULT = "q_result"
HANDLED = "q_handled_action"
DONE = "q_done_action"  # the n of the last editor action the page finished
SEEN = "q_editor_seen"  # the last text the editor reported
EXAMPLE = "MATCH (p:Project)-[:FOR]->(m:Member)\nWHERE m.acronym = $acronym\nRETURN p.name AS project, p.status AS status\nORDER BY project"
__all__ = ["render", "parse_value", "show_value"]


@st.cache_data(max_entries=1, ttl=60, show_spinner=False)
def canned_queries() -> dict[str, CannedQuery]:
    return load_canned()


@st.cache_data(max_entries=4, ttl=600, show_spinner=False)
def schema_of(_store: Store, fp: str) -> dict[str, Any]:
    return editor_schema(_store)


@st.cache_data(max_entries=16, ttl=600, show_spinner=False)
def choices_of(_store: Store, fp: str, kind: str) -> list[Choice]:
    return picker_choices(_store, kind)


def _set_text(text: str) -> None:
    st.session_state[TEXT] = text
    st.session_state[TEXT_VERSION] = st.session_state.get(TEXT_VERSION, 0) + 1


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
        _set_text(text)
    try:
        params = json.loads(url.get("params", "{}"))
    except json.JSONDecodeError:
        params = {}
    if canned is not None:
        params = {**canned.defaults(), **params}
    for name, value in params.items():
        st.session_state[f"qp_{name}"] = _widget_value(_declared(canned, name), value)
    st.session_state["q_canned"] = canned.name if canned else None
    if canned is not None and canned.max_rows:
        st.session_state["q_max_rows"] = canned.max_rows
    if url.get("run") == "1" and text:
        # a link may fill the editor but never run a query for whoever clicks it: the click on Run is theirs
        st.session_state["q_from_link"] = True


def _declared(canned: CannedQuery | None, name: str) -> Parameter | None:
    return canned.parameter(name) if canned is not None else None


def _widget_value(param: Parameter | None, value: Any) -> Any:
    if param is None:
        return show_value(value)
    if param.picker:
        return None if value is None else str(value)
    if param.type == "bool":
        return bool(value)
    if param.type in ("int", "float"):
        return value
    if param.type == "list":
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value or "")
    return "" if value is None else str(value)


def _open_canned(name: str, params: dict[str, Any] | None = None) -> None:
    query = canned_queries()[name]
    _set_text(query.text_for(get_store().engine))
    st.session_state["q_canned"] = name
    for p in query.parameters:
        value = (params or {}).get(p.name, p.default)
        st.session_state[f"qp_{p.name}"] = _widget_value(p, value)
    st.session_state["q_max_rows"] = query.max_rows or DEFAULT_MAX_ROWS  # its own cap (the result says if cut)
    st.session_state.pop(RESULT, None)
    st.session_state["q_autorun"] = True


def _open_history(entry: dict[str, Any]) -> None:
    _set_text(entry["text"])
    canned = canned_queries().get(entry.get("canned") or "")
    st.session_state["q_canned"] = canned.name if canned else None
    for name, value in (entry.get("params") or {}).items():
        st.session_state[f"qp_{name}"] = _widget_value(_declared(canned, name), value)
    st.session_state.pop(RESULT, None)


def _open_query(text: str) -> None:
    """A click in the schema panel: the query in the editor, run at once (it only reads, with a LIMIT)."""
    _set_text(text)
    st.session_state["q_canned"] = None
    st.session_state.pop(RESULT, None)
    st.session_state["q_autorun"] = "run"


def _rerun_frame(frame: Frame) -> None:
    """A frame's Re-run: its query and parameters back in the editor, run again the way it ran (run, explain...)."""
    _set_text(frame.text)
    st.session_state["q_canned"] = None
    for name, value in frame.params.items():
        st.session_state[f"qp_{name}"] = _widget_value(None, value)
    st.session_state.pop(RESULT, None)
    st.session_state["q_autorun"] = frame.kind


def render() -> None:
    store = get_store()
    _load_from_url()
    if TEXT not in st.session_state:
        _set_text(EXAMPLE)
        st.session_state.setdefault("qp_acronym", "ONSS")
    st.title("Query")
    canned = canned_queries()
    left, right = st.columns([1, 3], gap="medium")
    with left:
        render_schema_panel(store, fingerprint(store), _open_query)
        st.subheader("Canned queries")
        for name, query in canned.items():
            with st.container(border=True):
                st.button(query.title, key=f"canned_{name}", on_click=_open_canned, args=(name,),
                          width="stretch", help=f"cypher/{name}.cypher")
                if query.description:
                    st.caption(query.description)
    with right:
        _workbench(store, canned)
    _history()


def _workbench(store: Store, canned: dict[str, CannedQuery]) -> None:
    fp = fingerprint(store)
    current = canned.get(st.session_state.get("q_canned") or "")
    if current is not None:
        st.markdown(f"**{md_text(current.title)}** · `cypher/{current.name}.cypher`")
    outcome = st.session_state.get(RESULT) or {}
    error = outcome.get("marker")
    recent = [e["text"] for e in history.load(limit=50)]
    schema = dict(schema_of(store, fp), parameters=parameter_names(st.session_state[TEXT]))
    result = cypher_editor(key="q_editor", text=st.session_state[TEXT], text_version=st.session_state[TEXT_VERSION],
                           schema=schema, error=error, history=recent, height=200,
                           status=outcome.get("status", ""), done=st.session_state.get(DONE, 0),
                           placeholder="MATCH (n) RETURN n LIMIT 25 — Ctrl/Cmd+Enter runs")
    typed = text_of(result)
    if typed is not None and typed != st.session_state.get(SEEN):
        # a new text from the editor (the person typed); an old one must not undo a text the page just set
        st.session_state[SEEN] = typed
        st.session_state[TEXT] = typed
    text = st.session_state[TEXT]
    if current is not None and text.strip() != current.text_for(store.engine).strip():
        current = None  # edited: no longer the canned query
    params, errors, empty = _parameters(store, fp, text, current)
    c1, c2, _ = st.columns([1, 1, 3], vertical_alignment="bottom")
    timeout = c1.number_input("Timeout (s)", min_value=0.5, max_value=120.0, value=DEFAULT_TIMEOUT_S, step=0.5,
                              key="q_timeout")
    # a default only on first draw: Streamlit warns when a keyed widget gets both a value and a state
    max_rows = c2.number_input(  # type: ignore[call-overload]
        "Row cap", min_value=1, max_value=100_000, step=100, key="q_max_rows",
        **({} if "q_max_rows" in st.session_state else {"value": DEFAULT_MAX_ROWS}))
    action = action_of(result)
    kind = None
    if action is not None and action.n != st.session_state.get(HANDLED):
        st.session_state[HANDLED] = action.n
        kind = action.kind
        if action.text != text:
            st.session_state[TEXT] = text = action.text
    auto = st.session_state.pop("q_autorun", False)
    if auto:
        # a canned query, a schema entry or a frame's Re-run the person chose on this page, never a link
        kind = auto if isinstance(auto, str) else "run"
    if kind != "run" and st.session_state.get("q_from_link"):
        note, button = st.columns([4, 1], vertical_alignment="center")
        note.info("This query came with the link you opened: read it, then press **Run**.", icon=":material/link:")
        if button.button("Run", key="q_run", type="primary", width="stretch"):
            kind = "run"
    if kind == "run":
        st.session_state.pop("q_from_link", None)
    for message in errors:
        st.error(md_text(message))
    if kind == "cancel":
        # Esc while the editor waited (it only sends a cancel then): whether the run finished, is still on the
        # engine (which stops it at its time limit) or never started, its answer is not shown
        st.session_state[RESULT] = {"status": "Cancelled"}
        if action is not None and action.of is not None:
            st.session_state[DONE] = max(action.of, st.session_state.get(DONE, 0))
        st.rerun()  # the editor (mounted above) learns that nothing is awaited any more
    elif kind and empty:
        # never run as null: "0 rows" would read as "nobody uses it"
        st.session_state[RESULT] = {"error": " ".join(empty), "raw": " ".join(empty), "kind": kind,
                                    "status": "Refused: a parameter is empty"}
        frame_stream().add(kind, text, params, st.session_state[RESULT])  # the refusal is said in the stream
        if action is not None:
            st.session_state[DONE] = action.n
        st.rerun()
    elif kind and not errors and text.strip():
        _act(store, kind, text, params, timeout=float(timeout), max_rows=int(max_rows),
             canned=current.name if current else None)
        outcome = st.session_state.get(RESULT) or {}
        if kind == "run" and outcome.get("result") is not None:
            outcome["unknown"] = unknown_names(text, schema_of(store, fp))
        frame_stream().add(kind, text, params, outcome)
        if action is not None:
            st.session_state[DONE] = action.n
        st.rerun()  # the editor (mounted above) shows the marker and the status of what just ran
    if (st.session_state.get(RESULT) or {}).get("status") == "Cancelled":
        _outcome(st.session_state[RESULT], text, params, store)
    render_stream(frame_stream(), newest=lambda frame: _outcome(frame.outcome, frame.text, frame.params, store),
                  rerun=_rerun_frame)


def _parameters(store: Store, fp: str, text: str, current: CannedQuery | None
                ) -> tuple[dict[str, Any], list[str], list[str]]:
    """The values, the errors of free parameters, and why an empty picker refuses the run."""
    names = parameter_names(text)
    params: dict[str, Any] = {}
    errors: list[str] = []
    empty: list[str] = []
    if not names:
        return params, errors, empty
    st.markdown("**Parameters**")
    cols = st.columns(min(3, len(names)))
    for i, name in enumerate(names):
        param = _declared(current, name)
        with cols[i % len(cols)]:
            try:
                params[name] = _param_widget(store, fp, name, param)
            except ValueError as exc:
                errors.append(f"${name}: {exc}")  # shown through md_text
            kind = picker_kind(name, param)
            if kind is not None and params.get(name) is None and choices_of(store, fp, kind):
                empty.append(missing_choice(name, kind))
    return params, errors, empty


def _param_widget(store: Store, fp: str, name: str, param: Parameter | None) -> Any:
    key = f"qp_{name}"
    help_ = (param.help if param else None) or f"${name}"
    kind = picker_kind(name, param)
    if kind is not None:
        choices = choices_of(store, fp, kind)
        if choices:
            return _picker(key, name, kind, choices, help_)
    if param is None:
        st.session_state.setdefault(key, "")
        raw = st.text_input(f"${name}", key=key, help=help_ + " · JSON when it parses (1, 2.5, true, [\"a\"]), "
                                                               "else text")
        value = parse_value(raw)
        st.caption(describe_value(value))
        return value
    if param.type == "bool":
        st.session_state.setdefault(key, bool(param.default))
        return st.checkbox(f"${name}", key=key, help=help_)
    if param.type == "int":
        st.session_state.setdefault(key, int(param.default or 0))
        return int(st.number_input(f"${name} (int)", key=key, step=1, help=help_))
    if param.type == "float":
        st.session_state.setdefault(key, float(param.default or 0.0))
        return float(st.number_input(f"${name} (float)", key=key, help=help_))
    st.session_state.setdefault(key, _widget_value(param, param.default))
    raw = st.text_input(f"${name} ({param.type})", key=key, help=help_)
    value = convert_value(raw, param.type)
    if param.type == "list":
        st.caption(describe_value(value))
    return value


def _picker(key: str, name: str, kind: str, choices: list[Choice], help_: str) -> str | None:
    """A searchable select of names; the query receives the key."""
    keys = [c.key for c in choices]
    captions = {c.key: c.caption for c in choices}
    wanted = st.session_state.get(key)
    # written back on every run, not only when it changed (an acronym or a name from a URL becomes the key it
    # stands for): a value set through the Session State API is sent with the widget, so the select shows it
    # even when the run that set it ended in st.rerun() before the browser drew it
    st.session_state[key] = resolve_choice(choices, wanted)
    value = st.selectbox(f"${name} ({kind})", keys, key=key, format_func=lambda k: captions.get(k, k),
                         index=None, placeholder=f"Type a {kind} name…", help=help_ + " · the query receives the key")
    if value:
        st.caption(f"key `{value}`")
    return value


# ------------------------------------------------------------------------------------------------ actions
def _act(store: Store, kind: str, text: str, params: dict[str, Any], *, timeout: float, max_rows: int,
         canned: str | None) -> None:
    url = {"q": text, "params": json.dumps(params, ensure_ascii=False, sort_keys=True), "run": "1"}
    if canned:
        url["canned"] = canned
    st.session_state[LOADED] = json.dumps({k: url.get(k) for k in ("q", "params", "canned")}, sort_keys=True)
    if kind == "run":
        st.query_params.from_dict(url)
    try:
        if kind == "explain":
            plan = store.explain(text, params, timeout=timeout)
        elif kind == "profile":
            plan = store.profile(text, params, timeout=timeout)
        else:
            result = store.read(text, params, timeout=timeout, max_rows=max_rows)
    except EngineUnavailable:
        raise
    except QueryError as exc:
        st.session_state[RESULT] = _error_outcome(exc, text, kind)
        if kind == "run":
            history.record(text, params, error=exc.message, canned=canned)
        return
    except SmalsGraphError as exc:
        st.session_state[RESULT] = {"error": str(exc), "raw": str(exc), "kind": kind, "status": "Failed"}
        return
    if kind in ("explain", "profile"):
        what = "Plan" if kind == "explain" else "Profile"
        st.session_state[RESULT] = {"plan": plan, "kind": kind, "text": text, "params": params,
                                    "status": f"{what} · {plan.elapsed_ms:.1f} ms"}
        return
    st.session_state[RESULT] = {"result": result, "kind": kind, "text": text, "params": params,
                                "max_rows": max_rows,
                                "status": f"{len(result.rows)} row(s) · {result.elapsed_ms:.1f} ms"}
    history.record(text, params, rows=len(result.rows), elapsed_ms=result.elapsed_ms, canned=canned)


_FALKOR_MESSAGE = re.compile(r"^errMsg: (.*?) line: \d+, column: \d+, offset: \d+ errCtx: .*$", re.DOTALL)


def short_message(message: str) -> str:
    """The engine's message without the position and context it repeats (the editor shows those)."""
    match = _FALKOR_MESSAGE.match(message)
    return match.group(1).strip() if match else message


def _error_outcome(exc: QueryError, text: str, kind: str) -> dict[str, Any]:
    message = short_message(exc.message)
    outcome: dict[str, Any] = {"error": message, "raw": exc.message, "hint": exc.hint, "kind": kind,
                               "status": "Error"}
    if exc.position is not None:
        outcome["position"] = exc.position
        outcome["marker"] = {**exc.position.to_json(), "message": message, "text": text}
    return outcome


def _outcome(outcome: dict[str, Any], text: str, params: dict[str, Any], store: Store) -> None:
    if not outcome or outcome.get("status") == "Cancelled":
        if outcome:
            st.caption("Cancelled: the answer is dropped (the engine stops the query at its time limit).")
        return
    if outcome.get("error"):
        where = outcome.get("position")
        at = f" (line {where.line}, column {where.column})" if where is not None else ""
        st.error(md_text(f"{outcome['error']}{at}"), icon=":material/error:")
        if outcome.get("hint"):
            st.info(md_text(f"Hint: {outcome['hint']}"), icon=":material/lightbulb:")
        with st.expander("The engine's message as it was sent"):
            st.code(outcome.get("raw") or outcome["error"], language=None, wrap_lines=True)
        return
    for unknown in outcome.get("unknown") or []:
        st.warning(md_text(f"{unknown.title} {unknown.message}"), icon=":material/help:")
    if outcome.get("plan") is not None:
        _show_plan(outcome["plan"])
    elif outcome.get("result") is not None:
        show_result(outcome["result"], key="q_result_view", filename="query-result")
    with st.expander("Copy as a command line"):
        st.code(cli_command(outcome.get("text", text), outcome.get("params", params), uri=store.uri,
                            max_rows=outcome.get("max_rows")),
                language="bash", wrap_lines=True)


def _show_plan(plan: Any) -> None:
    title = "Profile" if plan.profiled else "Plan"
    st.markdown(f"**{title}** ({plan.engine}, {len(plan.operators())} operators, {plan.elapsed_ms:.1f} ms)"
                + (" — the query was run read-only; counts are the engine's" if plan.profiled else
                   " — not run"))
    if plan.writes:
        st.warning("This query would write: Run and Profile refuse it (the Query page is read-only).",
                   icon=":material/block:")
    draw_plan(plan)


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
