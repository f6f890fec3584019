"""The Query page's logic without Streamlit: the schema the editor completes from, pickers fed by the graph,
typed parameter values, the command line that reproduces a query, and Explore's search phrases."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from typing import Any

from smals_graph.app.view_model.search import normalise
from smals_graph.graph_model.canned import PICKER_KINDS, CannedQuery, phrase_slots, picker_kind
from smals_graph.graph_model.errors import QueryError
from smals_graph.graph_model.results import QueryResult
from smals_graph.graph_model.store import Store

# Neo4j's listing commands; FalkorDB lists functions and procedures with CALL dbms.functions()/procedures()
_NEO4J_FUNCTIONS = "SHOW FUNCTIONS YIELD name, signature RETURN name, signature ORDER BY name"
_NEO4J_PROCEDURES = "SHOW PROCEDURES YIELD name, signature RETURN name, signature ORDER BY name"
_FALKORDB_FUNCTIONS = "CALL dbms.functions()"
_FALKORDB_PROCEDURES = "CALL dbms.procedures()"
LABELS_CYPHER = "CALL db.labels()"
RELATIONSHIP_TYPES_CYPHER = "CALL db.relationshipTypes()"
PROPERTY_KEYS_CYPHER = "CALL db.propertyKeys()"
# FalkorDB lists some standard functions in lower case (names are case-insensitive): complete them as written
_CANONICAL = {name.lower(): name for name in (
    "toLower", "toUpper", "toString", "toInteger", "toFloat", "toStringOrNull", "toIntegerOrNull",
    "toFloatOrNull", "toJSON", "randomUUID", "isEmpty")}


# ------------------------------------------------------------------------------------------ editor schema
def editor_schema(store: Store, parameters: list[str] | None = None) -> dict[str, Any]:
    """Labels, relationship types, property keys, functions and procedures of the connected graph, in the
    shape `@neo4j-cypher/codemirror` completes from (setSchema)."""

    def column(cypher: str) -> list[str]:
        try:
            return sorted({str(row[0]) for row in store.read(cypher, max_rows=100_000, timeout=30).rows
                           if row and row[0] is not None})
        except QueryError:
            return []

    schema: dict[str, Any] = {
        # a Neo4j load's staging labels (`_Staged_Member`, `_Retired`) are not the graph's: left out like `_load`
        "labels": [label for label in column(LABELS_CYPHER) if not label.startswith("_")],
        "relationshipTypes": column(RELATIONSHIP_TYPES_CYPHER),
        "propertyKeys": [k for k in column(PROPERTY_KEYS_CYPHER) if not k.startswith("_")],
        "parameters": list(parameters or []),
    }
    schema["functions"], schema["procedures"] = _routines(store)
    return schema


def _routines(store: Store) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    try:
        if store.engine == "neo4j":
            functions = [{"name": n, "signature": _neo4j_signature(n, s)}
                         for n, s in store.read(_NEO4J_FUNCTIONS, max_rows=10_000, timeout=30).rows]
            procedures = [{"name": n, "signature": _neo4j_signature(n, s), "returnItems": []}
                          for n, s in store.read(_NEO4J_PROCEDURES, max_rows=10_000, timeout=30).rows]
            return functions, procedures
        functions = []
        for name, returns, arguments, internal, *_ in store.read(_FALKORDB_FUNCTIONS, max_rows=10_000).rows:
            if internal:  # operators such as add, and: not callable by name
                continue
            functions.append({"name": _CANONICAL.get(name, name), "signature": f"({', '.join(arguments or [])}) :: {returns}"})
        procedures = [{"name": name, "signature": f"() :: {mode}", "returnItems": []}
                      for name, mode in store.read(_FALKORDB_PROCEDURES, max_rows=10_000).rows]
        return sorted(functions, key=lambda f: f["name"]), sorted(procedures, key=lambda p: p["name"])
    except QueryError:
        return [], []


def _neo4j_signature(name: str, signature: str) -> str:
    """Neo4j's "apoc.x(a :: INTEGER) :: STRING" -> "(a :: INTEGER) :: STRING", as the editor shows it."""
    return signature[len(name):] if signature.startswith(name) else signature


# ------------------------------------------------------------------------------------------ pickers
@dataclass(frozen=True)
class Choice:
    key: str
    caption: str  # what a person reads: "ONSS — Office national de sécurité sociale"


# one text per picker kind (labels cannot be parameters)
PICKER_CYPHER = {kind: f"MATCH (n:{label}) WHERE n.id IS NOT NULL RETURN n.id, n.acronym, n.name "
                       "ORDER BY toLower(coalesce(n.acronym, n.name, n.id))" for kind, label in PICKER_KINDS.items()}


def _picker_rows(store: Store, cypher: str) -> QueryResult:
    return store.read(cypher, max_rows=100_000, timeout=30)


def picker_choices(store: Store, kind: str) -> list[Choice]:
    """Every node of the picker's label, by name, with its key (what the query receives)."""
    result = _picker_rows(store, PICKER_CYPHER[kind])
    out = []
    for key, acronym, name in result.rows:
        if acronym and name and acronym != name:
            caption = f"{acronym} — {name}"
        else:
            caption = str(acronym or name or key)
        out.append(Choice(str(key), caption))
    return out


def resolve_choice(choices: list[Choice], value: Any) -> str | None:
    """The key a value stands for: a key itself, or an acronym or name (a URL written by hand, an old default)."""
    if value is None:
        return None
    text = str(value)
    if any(c.key == text for c in choices):
        return text
    wanted = normalise(text)
    for c in choices:
        if wanted and wanted in (normalise(part) for part in c.caption.split(" — ")):
            return c.key
    return None


# ------------------------------------------------------------------------------------------ typed values
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


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, list):
        inner = sorted({type_name(v) for v in value})
        return f"list of {' / '.join(inner)}" if inner else "list"
    if isinstance(value, dict):
        return "map"
    return "string"


def describe_value(value: Any) -> str:
    """What the query will receive, as the page shows it under a free parameter: "int 3", "string '3'"."""
    kind = type_name(value)
    shown = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"{kind} {shown}"


# ------------------------------------------------------------------------------------------ command line
def cli_command(text: str, params: dict[str, Any], *, uri: str | None = None, max_rows: int | None = None) -> str:
    """`smals-graph query …` that runs the same query with the same parameters and row cap, quoted for a POSIX
    shell. Values are written so that the CLI's own reading (JSON when it parses, else text) gives them back."""
    from smals_graph.graph_model.store import DEFAULT_MAX_ROWS

    parts = ["smals-graph"]
    if uri and not uri.startswith("embedded:"):
        parts += ["--uri", uri]
    parts += ["query", _single_line(text)]
    for name, value in params.items():
        parts += ["-p", f"{name}={show_value(value)}"]
    if max_rows is not None and max_rows != DEFAULT_MAX_ROWS:  # the CLI's own default otherwise
        parts += ["--max-rows", str(max_rows)]
    return " ".join(shlex.quote(part) for part in parts)


def _single_line(text: str) -> str:
    """Comment lines dropped (a header of a canned query) and lines joined: a command one can paste."""
    from smals_graph.graph_model.dialect import strip_comments

    return " ".join(line.strip() for line in strip_comments(text).splitlines() if line.strip())


# ------------------------------------------------------------------------------------------ search phrases
@dataclass(frozen=True)
class PhraseMatch:
    query: str  # canned query name
    phrase: str  # "members using {component}"
    slot: str  # parameter name
    kind: str  # picker kind
    key: str
    caption: str

    @property
    def text(self) -> str:
        return self.phrase.replace("{" + self.slot + "}", self.caption.split(" — ")[0])


def phrases(canned: dict[str, CannedQuery]) -> list[tuple[CannedQuery, str, str, str]]:
    """(query, phrase, slot, picker kind) for every phrase of the canned queries."""
    out = []
    for query in canned.values():
        for phrase in query.phrases:
            slot = phrase_slots(phrase)[0]
            kind = picker_kind(slot, query.parameter(slot))
            if kind:
                out.append((query, phrase, slot, kind))
    return out


def match_phrases(text: str, canned: dict[str, CannedQuery], find: Any, limit: int = 6) -> list[PhraseMatch]:
    """Phrases the search text reads as: its words before the slot start the text (or the text is a prefix of
    them), the rest names a node found by `find(rest, label) -> [(key, caption)]`. "members using wave",
    "projects of onss", "projects of" (the slot left empty: the phrase is offered with the top matches)."""
    q = normalise(text)
    if not q:
        return []
    out: list[PhraseMatch] = []
    for query, phrase, slot, kind in phrases(canned):
        head = normalise(phrase.split("{", 1)[0])
        if not head:
            continue
        if q.startswith(head + " "):
            rest = q[len(head) + 1:].strip()
        elif head.startswith(q) and len(q) >= 3:
            rest = ""
        else:
            continue
        if not rest:
            continue  # a name is needed to run it; the phrase alone is offered by `phrase_titles`
        for key, caption in find(rest, PICKER_KINDS[kind])[:3]:
            out.append(PhraseMatch(query.name, phrase, slot, kind, key, caption))
    return out[:limit]


def phrase_titles(text: str, canned: dict[str, CannedQuery]) -> list[str]:
    """Phrases whose leading words the text starts (to suggest how to go on: "projects of {member}")."""
    q = normalise(text)
    if len(q) < 3:
        return []
    titles = []
    for _, phrase, _, _ in phrases(canned):
        head = normalise(phrase.split("{", 1)[0])
        if head.startswith(q) or q.startswith(head):
            titles.append(phrase)
    return titles


# ------------------------------------------------------------------------------------------ no silent zero
def missing_choice(name: str, kind: str) -> str:
    """Why a run is refused when a picker is empty: null would match nothing and the answer would read as
    "nobody" (the picker's own noun: "choose a component")."""
    return f"${name} is empty: choose a {kind} (the query would run with null and find nothing)."


_NODE_LABELS = re.compile(r"\(\s*[A-Za-z_]\w*\s*((?::\s*[A-Za-z_]\w*\s*)+)|\(\s*((?::\s*[A-Za-z_]\w*\s*)+)")
_REL_TYPES = re.compile(r"\[\s*[A-Za-z_]?\w*\s*:\s*([A-Za-z_]\w*(?:\s*\|\s*:?\s*[A-Za-z_]\w*)*)")
_PROPERTY = re.compile(r"\b[A-Za-z_]\w*\s*\.\s*([A-Za-z_]\w*)\b(?!\s*\()")
_MAP_KEYS = re.compile(r"\(\s*[A-Za-z_]?\w*\s*(?::\s*[A-Za-z_]\w*\s*)*\{([^{}]*)\}")
_KEY = re.compile(r"([A-Za-z_]\w*)\s*:")


@dataclass(frozen=True)
class Unknown:
    """A name the query uses that the graph does not have, with the warning Neo4j Browser shows for it."""

    kind: str  # "label", "relationship type" or "property key"
    name: str

    @property
    def title(self) -> str:
        return f"The provided {self.kind} is not in the database."

    @property
    def message(self) -> str:
        noun = {"label": "label name", "property key": "property name"}.get(self.kind, self.kind)
        return (f"One of the {self.kind}s in your query is not available in the database, make sure you didn't "
                f"misspell it or that the {self.kind} is available when you run this statement in your "
                f"application (the missing {noun} is: {self.name})")


def unknown_names(text: str, schema: dict[str, Any]) -> list[Unknown]:
    """Labels, relationship types and property keys that the query names and the graph lacks (a misspelt
    `:Membre` answers 0 rows without an error on either engine). Comments and strings are ignored; names bound
    by the query itself (`AS total` then `total.x` is no property) are not checked."""
    from smals_graph.graph_model.dialect import code_only

    code = code_only(text)
    labels, types = set(schema.get("labels") or []), set(schema.get("relationshipTypes") or [])
    keys = set(schema.get("propertyKeys") or [])
    found: dict[tuple[str, str], None] = {}
    for match in _NODE_LABELS.finditer(code):
        for name in re.findall(r":\s*([A-Za-z_]\w*)", match.group(1) or match.group(2) or ""):
            if name not in labels:
                found[("label", name)] = None
    for match in _REL_TYPES.finditer(code):
        for name in re.split(r"\s*\|\s*:?\s*", match.group(1).strip()):
            if name and name not in types:
                found[("relationship type", name)] = None
    if keys:  # a schema without property keys (an empty graph) would flag every one
        props = [m.group(1) for m in _PROPERTY.finditer(code) if not re.fullmatch(r"\d+", m.group(1))]
        for block in _MAP_KEYS.finditer(code):
            props += _KEY.findall(block.group(1))
        for name in props:
            if name not in keys and not name.startswith("_"):
                found[("property key", name)] = None
    return [Unknown(kind, name) for kind, name in found]
__all__ = ["Choice", "Unknown", "missing_choice", "unknown_names", "LABELS_CYPHER", "PICKER_CYPHER", "PROPERTY_KEYS_CYPHER", "PhraseMatch",
    "RELATIONSHIP_TYPES_CYPHER", "cli_command", "describe_value", "editor_schema", "match_phrases",
    "parse_value", "phrase_titles", "phrases", "picker_choices", "resolve_choice", "show_value", "type_name"]
