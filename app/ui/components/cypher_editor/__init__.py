"""The Cypher editor: a bidirectional `st.components.v2` component around CodeMirror 6 and Neo4j's
`@neo4j-cypher/codemirror` (highlighting, completion from the live schema, lint as you type).

The bundle is built from `frontend/` (package.json + pinned package-lock.json) by `make editor-bundle` and committed
in `dist/`, so installing the package needs no npm and the app loads nothing from a CDN.

The component receives `data`:
- text, text_version: the editor's text is replaced only when text_version changes (canned query, history, URL)
- schema, schema_version: labels, relationshipTypes, propertyKeys, functions, procedures, parameters
- error: {text, line, column, length, offset, message} marks the engine's error while the text is unchanged
- history: recent texts, newest first (Ctrl/Cmd+Up/Down, or Up on the first line / Down on the last)
- done: the `n` of the last action the page finished (until then the editor says "Running…" and Esc cancels)
and sends back:
- state `text`: the current text (after a pause in typing, on blur, with every action)
- trigger `action`: {kind: run | explain | profile | cancel, text, n (unique), of (cancel: the action's n)}
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from smals_graph.app.ui.components import component_value

COMPONENT_NAME = "smals_graph.cypher_editor"
DIST = Path(__file__).resolve().parent / "dist"
BUNDLE = DIST / "cypher_editor.js"
STYLESHEET = DIST / "cypher_editor.css"

HTML = """<div class="sg-ed-root" data-testid="sg-cypher-editor"><div class="sg-ed-host"></div>
<div class="sg-ed-bar"><div class="sg-ed-actions"></div><span class="sg-ed-status"></span>
<span class="sg-ed-keys">Ctrl/Cmd+Enter run · Ctrl+Space complete · Ctrl+↑/↓ history · Esc cancel</span></div></div>"""

CSS = """
.sg-ed-root { font-family: "Source Sans Pro", "DejaVu Sans", sans-serif; }
.sg-ed-host { border: 1px solid rgba(49, 51, 63, 0.25); border-radius: 0.5rem; overflow: hidden; background: #fff; }
.sg-ed-host .cm-editor { height: 100%; font-size: 14px; }
.sg-ed-host .cm-editor .cm-scroller { font-family: "DejaVu Sans Mono", monospace; }
.sg-ed-host .cm-editor.cm-focused { outline: 2px solid rgba(255, 75, 75, 0.45); }
.sg-ed-bar { display: flex; align-items: center; gap: 8px; margin-top: 6px; }
.sg-ed-actions { display: flex; gap: 6px; }
.sg-ed-actions button { font: 14px "Source Sans Pro", sans-serif; padding: 4px 14px; border-radius: 0.5rem;
                        border: 1px solid rgba(49, 51, 63, 0.25); background: #fff; color: #31333f; cursor: pointer; }
.sg-ed-actions button:hover { border-color: #ff4b4b; color: #ff4b4b; }
.sg-ed-actions button.sg-primary { background: #ff4b4b; border-color: #ff4b4b; color: #fff; }
.sg-ed-actions button.sg-primary:hover { background: #ff3333; color: #fff; }
.sg-ed-status { font-size: 13px; color: #6b6b6b; }
.sg-ed-keys { margin-left: auto; font-size: 12px; color: #8a8a8a; }
.sg-engine-error { text-decoration: underline wavy #d11; text-decoration-skip-ink: none;
                   background: rgba(221, 17, 17, 0.12); }
.sg-engine-error-message { font-family: "DejaVu Sans Mono", monospace; font-size: 13px; color: #b00;
                           white-space: pre-wrap; padding: 1px 0 3px 0; }
"""


@dataclass(frozen=True)
class EditorAction:
    kind: str  # run, explain, profile, cancel
    text: str
    n: int
    of: int | None = None  # cancel: the action it cancels


@lru_cache(maxsize=1)
def bundle() -> str:
    return BUNDLE.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _component():
    import streamlit as st

    css = STYLESHEET.read_text(encoding="utf-8") + CSS
    return st.components.v2.component(COMPONENT_NAME, html=HTML, css=css, js=bundle())


def schema_version(schema: dict[str, Any]) -> str:
    return hashlib.sha1(json.dumps(schema, sort_keys=True).encode()).hexdigest()[:12]


def cypher_editor(*, key: str, text: str, text_version: int, schema: dict[str, Any],
                  error: dict[str, Any] | None = None, history: list[str] | None = None, height: int = 200,
                  status: str = "", placeholder: str = "", done: int = 0, on_change: Any = None) -> Any:
    """Mount the editor; returns the component result (state `text`, trigger `action`)."""
    data = {"text": text, "text_version": text_version, "schema": schema, "schema_version": schema_version(schema),
            "error": error, "history": history or [], "height": int(height), "status": status,
            "placeholder": placeholder, "done": int(done)}
    callback = on_change or (lambda: None)
    return _component()(key=key, data=data, height=height + 42, default={"text": text},
                        on_text_change=callback, on_action_change=callback)


def action_of(result: Any) -> EditorAction | None:
    value = component_value(result, "action")
    if not value:
        return None
    of = value.get("of")
    return EditorAction(str(value.get("kind") or ""), str(value.get("text") or ""), int(value.get("n") or 0),
                        int(of) if of else None)


def text_of(result: Any) -> str | None:
    value = component_value(result, "text")
    return None if value is None else str(value)

