// The Query page's Cypher editor, a Streamlit components v2 module (see ../../__init__.py for the contract).
// Neo4j's @neo4j-cypher/codemirror gives highlighting, schema-aware completion and lint as you type; this file
// adds the page's keys (Mod-Enter runs, Esc, history), the engine's error marker and the action buttons.
import { createCypherEditor } from "@neo4j-cypher/codemirror";
import { CypherEditorSupport } from "@neo4j-cypher/editor-support";
import { closeCompletion, completionStatus, startCompletion } from "@codemirror/autocomplete";
import { Prec, StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView, WidgetType, keymap } from "@codemirror/view";

// ------------------------------------------------------------------ completion fix
// editor-support 1.0.2 starts a label or relationship type completion at its ':' but inserts the bare name, so
// accepting "Member" after ":Mem" gave "(mMember)": put the colon back into what is inserted.
// (the text each update parsed, for the fixes below)
const update = CypherEditorSupport.prototype.update;
CypherEditorSupport.prototype.update = function (input, ...rest) {
  this.__text = input;
  return update.call(this, input, ...rest);
};
const getCompletion = CypherEditorSupport.prototype.getCompletion;
const absolute = (lines, at) => {
  let offset = at.column;
  for (let i = 0; i < at.line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  return offset;
};
// It also filters names against the typed text *with* its ':' ("MATCH (n:" listed no label at all): filter here,
// on the name without the colon (names that start with the text first, then names that contain it).
CypherEditorSupport.prototype.getCompletion = function (line, column, doFilter) {
  const completion = getCompletion.call(this, line, column, false);
  const text = this.__text || "";
  const lines = text.split("\n");
  const from = absolute(lines, completion.from);
  const colon = text[from] === ":";
  if (colon) {
    for (const item of completion.items) {
      if ((item.type === "label" || item.type === "relationshipType") && !item.content.startsWith(":")) {
        item.content = ":" + item.content;
      }
    }
  }
  if (doFilter) {
    const typed = text.slice(from, absolute(lines, completion.to)).replace(/^[:.$]/, "").toLowerCase();
    if (typed) {
      const name = (item) => String(item.view).replace(/^[:$]/, "").toLowerCase();
      const starts = completion.items.filter((item) => name(item).startsWith(typed));
      const within = completion.items.filter((item) => !name(item).startsWith(typed) && name(item).includes(typed));
      completion.items = starts.concat(within);
    }
  }
  return completion;
};

// ------------------------------------------------------------------ the engine's error, where it is
const setEngineError = StateEffect.define();

class ErrorWidget extends WidgetType {
  constructor(error) { super(); this.error = error; }
  eq(other) { return other.error.message === this.error.message && other.error.offset === this.error.offset; }
  toDOM() {
    const box = document.createElement("div");
    box.className = "sg-engine-error-message";
    box.setAttribute("role", "alert");
    box.dataset.line = String(this.error.line);
    box.dataset.column = String(this.error.column);
    const pad = " ".repeat(Math.max(0, this.error.column - 1));
    box.textContent = `${pad}▲ ${this.error.message}`;
    return box;
  }
  ignoreEvent() { return true; }
}

const engineErrorField = StateField.define({
  create() { return { error: null, decorations: Decoration.none }; },
  update(value, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setEngineError)) return build(tr.state, effect.value);
    }
    // any edit makes the engine's verdict stale
    if (tr.docChanged && value.error) return { error: null, decorations: Decoration.none };
    return value;
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.decorations),
});

function build(state, error) {
  if (!error) return { error: null, decorations: Decoration.none };
  const doc = state.doc;
  const lineNo = Math.min(Math.max(1, error.line || 1), doc.lines);
  const line = doc.line(lineNo);
  const from = Math.min(line.from + Math.max(0, (error.column || 1) - 1), line.to);
  const to = Math.min(from + Math.max(1, error.length || 1), line.to);
  const marks = [];
  if (to > from) {
    marks.push(Decoration.mark({
      class: "sg-engine-error",
      attributes: { "data-line": String(lineNo), "data-column": String(from - line.from + 1), title: error.message },
    }).range(from, to));
  }
  marks.push(Decoration.widget({ widget: new ErrorWidget({ ...error, line: lineNo, column: from - line.from + 1 }),
                                 block: true, side: 1 }).range(line.to));
  return { error, decorations: Decoration.set(marks, true) };
}

// ------------------------------------------------------------------ the component
const ACTIONS = [
  ["run", "Run", "Run (Ctrl/Cmd+Enter)"],
  ["explain", "Explain", "Show the engine's plan without running the query"],
  ["profile", "Profile", "Run the query read-only and show the plan with row counts"],
];

function toolbar(root, state) {
  const bar = root.querySelector(".sg-ed-actions");
  if (bar.childElementCount) return;
  for (const [kind, label, title] of ACTIONS) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.title = title;
    button.dataset.action = kind;
    if (kind === "run") button.className = "sg-primary";
    button.addEventListener("click", () => state.act(kind));
    bar.appendChild(button);
  }
}

function timingProbe(root, state) {
  // keystroke -> completion list painted, for the benchmark and the e2e test (root.dataset.completionMs)
  const observer = new MutationObserver(() => {
    const list = root.querySelector(".cm-tooltip-autocomplete");
    if (list && !state.listShown) {
      state.listShown = true;
      if (state.lastKey !== null) {
        requestAnimationFrame(() => {
          const ms = performance.now() - state.lastKey;
          root.dataset.completionMs = ms.toFixed(1);
          root.dataset.completions = String(list.querySelectorAll("li").length);
          state.lastKey = null;
        });
      }
    } else if (!list) {
      state.listShown = false;
    }
  });
  observer.observe(root, { childList: true, subtree: true });
}

function historyKeys(state) {
  const step = (direction) => (view) => {
    if (completionStatus(view.state)) return false;
    const items = state.data.history || [];
    if (!items.length) return false;
    if (state.historyIndex === -1) state.draft = view.state.doc.toString();
    const next = Math.max(-1, Math.min(items.length - 1, state.historyIndex + direction));
    if (next === state.historyIndex) return true;
    state.historyIndex = next;
    const text = next === -1 ? state.draft : items[next];
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text },
                    selection: { anchor: direction > 0 ? 0 : text.length } });
    state.fromHistory = true;
    return true;
  };
  const older = step(+1);
  const newer = step(-1);
  const atFirstLine = (view) => view.state.doc.lineAt(view.state.selection.main.head).number === 1;
  const atLastLine = (view) => view.state.doc.lineAt(view.state.selection.main.head).number === view.state.doc.lines;
  return [
    { key: "Mod-Enter", run: () => { state.act("run"); return true; } },
    { key: "Mod-ArrowUp", run: older },
    { key: "Mod-ArrowDown", run: newer },
    { key: "ArrowUp", run: (view) => (atFirstLine(view) ? older(view) : false) },
    { key: "ArrowDown", run: (view) => (atLastLine(view) && state.historyIndex !== -1 ? newer(view) : false) },
    { key: "Escape", run: (view) => {
        if (completionStatus(view.state)) { closeCompletion(view); return true; }
        // no completion open: drop the engine's marker, and cancel the run being waited for (if any)
        view.dispatch({ effects: setEngineError.of(null) });
        state.act("cancel");
        return true;
      } },
    { key: "Ctrl-Space", run: startCompletion },
  ];
}

export default function (component) {
  const { data, parentElement, setTriggerValue, setStateValue } = component;
  const root = parentElement.querySelector(".sg-ed-root");
  const host = root.querySelector(".sg-ed-host");
  host.style.height = (data.height || 220) + "px";
  let state = root.__sg;
  if (!state) {
    state = root.__sg = { counter: 0, lastRun: 0, textVersion: null, schemaVersion: null, errorVersion: null,
                          historyIndex: -1, draft: "", lastKey: null, listShown: false, data };
    state.act = (kind) => {
      const waiting = state.lastRun > (state.data.done || 0);
      if (kind === "cancel" && !waiting) return; // nothing to cancel
      // unique across remounts of the component in one session (the page remembers the last one it handled)
      state.counter = Math.max(state.counter + 1, Date.now());
      const text = state.api.codemirror.state.doc.toString();
      root.dataset.lastAction = kind;
      const action = { kind, text, n: state.counter };
      if (kind === "cancel") {
        action.of = state.lastRun;
        root.dataset.waiting = "";
        root.querySelector(".sg-ed-status").textContent = "Cancelled";
      } else {
        state.lastRun = state.counter;
        root.dataset.waiting = "1";
        root.querySelector(".sg-ed-status").textContent = "Running…";
      }
      state.sendText();
      state.send("action", action);
    };
    let pending = null;
    // each new text reruns the page: send a text once, and never a late one that would interrupt a run
    state.sendText = () => {
      if (pending) clearTimeout(pending);
      pending = null;
      const text = state.api.codemirror.state.doc.toString();
      if (text === state.lastSent) return;
      state.lastSent = text;
      state.sendState("text", text);
    };
    const sendText = state.sendText;
    ({ editor: state.api } = createCypherEditor(host, {
      value: data.text || "",
      autofocus: false,
      lint: true,
      lineWrapping: true,
      theme: "light",
      tooltipAbsolute: true,
      autocompleteTriggerStrings: [".", ":", "[]", "()", "{}", "[", "(", "{", "$"],
      schema: data.schema || {},
      placeholder: data.placeholder || undefined,
      preExtensions: [Prec.highest(keymap.of(historyKeys(state)))],
      postExtensions: [
        engineErrorField,
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          if (!state.fromHistory) state.historyIndex = -1;
          state.fromHistory = false;
          root.dataset.error = "";
          if (pending) clearTimeout(pending);
          pending = setTimeout(sendText, 500); // a pause in typing: the parameter form follows the text
        }),
        EditorView.domEventHandlers({
          keydown: (event) => { if (event.key.length === 1 && !event.ctrlKey && !event.metaKey) state.lastKey = performance.now(); },
          blur: () => { if (pending) sendText(); },
        }),
      ],
    }));
    // letters complete too, not only the trigger strings (as Neo4j Browser does while typing a name)
    state.api.codemirror.dom.addEventListener("keyup", (event) => {
      const view = state.api.codemirror;
      if (event.key.length === 1 && /[A-Za-z_]/.test(event.key) && !event.ctrlKey && !event.metaKey
          && !completionStatus(view.state)) {
        const head = view.state.selection.main.head;
        const before = view.state.sliceDoc(Math.max(0, head - 2), head);
        if (/[A-Za-z_][A-Za-z0-9_]$/.test(before) || /[.:$][A-Za-z_]$/.test(before)) startCompletion(view);
      }
    });
    state.textVersion = data.text_version;
    state.schemaVersion = data.schema_version;
    toolbar(root, state);
    timingProbe(root, state);
    root.dataset.ready = "1";
  }
  state.data = data;
  state.send = setTriggerValue;
  state.sendState = setStateValue;
  const view = state.api.codemirror;
  if (data.text_version !== state.textVersion) {
    state.textVersion = data.text_version;
    state.historyIndex = -1;
    if (view.state.doc.toString() !== (data.text || "")) state.api.setValue(data.text || "");
  }
  if (data.schema_version !== state.schemaVersion) {
    state.schemaVersion = data.schema_version;
    state.api.setSchema(data.schema || {});
  }
  const errorVersion = data.error ? `${data.text_version}|${data.error.offset}|${data.error.message}` : "";
  if (errorVersion !== state.errorVersion) {
    state.errorVersion = errorVersion;
    const sameText = data.error && view.state.doc.toString() === data.error.text;
    view.dispatch({ effects: setEngineError.of(sameText ? data.error : null) });
    root.dataset.error = sameText ? `${data.error.line}:${data.error.column}` : "";
  }
  const waiting = state.lastRun > (data.done || 0);
  root.dataset.waiting = waiting ? "1" : "";
  if (!waiting) root.querySelector(".sg-ed-status").textContent = data.status || "";
}
