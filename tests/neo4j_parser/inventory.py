"""Every Cypher text smals-graph can send to Neo4j, gathered in one place so a test can check each one with
Neo4j's own parser. Code that sends Cypher keeps its texts as module constants named `*_CYPHER` (or builds
them with a function listed here); canned queries and figure specs are files."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smals_graph.graph_model import schema
from smals_graph.graph_model.canned import CYPHER_DIR, load_canned

SCANNED_PACKAGES = ("smals_graph.graph_model", "smals_graph.loader", "smals_graph.app")
_SKIP_MODULES = ("smals_graph.app.ui.streamlit_app",)  # a Streamlit script: runs on import


def _module_constants() -> Iterator[tuple[str, str]]:
    for package_name in SCANNED_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, package_name + "."):
            if info.name.startswith(_SKIP_MODULES):
                continue
            module = importlib.import_module(info.name)
            for name, value in vars(module).items():
                if name.endswith("_CYPHER") and isinstance(value, str):
                    yield f"{info.name}.{name}", value
                elif name.endswith("_CYPHER") and isinstance(value, dict):
                    for key, text in value.items():
                        if isinstance(text, str):
                            yield f"{info.name}.{name}[{key}]", text


def neo4j_texts() -> list[tuple[str, str]]:
    """(name, text) for every statement that may reach Neo4j."""
    from smals_graph.graph_model import neo4j_store, store
    from smals_graph.loader.write import node_statement, relationship_statement

    texts: list[tuple[str, str]] = []
    texts += [(f"schema.neo4j_ddl[{i}]", s) for i, s in enumerate(schema.neo4j_ddl())]
    texts += [(f"loader.write.node_statement({label})", node_statement(label)) for label in schema.LABEL_NAMES]
    texts += [(f"loader.write.relationship_statement{e}", relationship_statement(*e)) for e in schema.ENDPOINTS]
    texts += [("store.STATS_LABELS", store.STATS_LABELS), ("store.STATS_RELATIONSHIPS", store.STATS_RELATIONSHIPS),
              ("store.CLEAR", store.CLEAR)]
    # a Neo4j load: the loader's statements under staging labels, their key indexes, the switch, the clean-up
    texts += [(f"neo4j_store.staged_statement({name})", neo4j_store.staged_statement(text))
              for name, text in texts if name.startswith("loader.write.")]
    texts += [(f"neo4j_store.staged_index_ddl[{i}]", s) for i, s in enumerate(neo4j_store.staged_index_ddl())]
    texts += [(f"neo4j_store.switch_statements[{i}]", s) for i, s in enumerate(neo4j_store.switch_statements())]
    texts += [(f"neo4j_store.delete_in_batches_cypher({label})", neo4j_store.delete_in_batches_cypher(label))
              for label in (*map(neo4j_store.staged_label, schema.LABEL_NAMES), neo4j_store.RETIRED)]
    from smals_graph.app.view_model import shared_matrix

    texts += [(f"shared_matrix.pairs_cypher({orgs}, {reusable})",
               shared_matrix.pairs_cypher(include_organizations=orgs, reusable_only=reusable))
              for orgs in (False, True) for reusable in (False, True)]
    for name, query in load_canned().items():
        texts.append((f"cypher/{name}", query.text_for("neo4j")))
    for spec in sorted((CYPHER_DIR / "figures").glob("*.toml")) if (CYPHER_DIR / "figures").is_dir() else []:
        data = tomllib.loads(Path(spec).read_text(encoding="utf-8"))
        query = data.get("cypher")  # `query` names a canned file, already listed above
        if isinstance(query, str):
            texts.append((f"cypher/figures/{spec.name}", query))
    texts += list(_module_constants())
    texts += [(f"{site.module}:{site.line}", text) for site in call_sites() for text in site.texts]
    return texts


# --- Call sites: every place the product hands Cypher to a store or a driver, read from the source (ast) ---

# Methods that take a Cypher text as their first argument, on the receivers that are stores, transactions or
# graphs (never `st.write` or a file handle).
CYPHER_METHODS = {"read", "write", "write_batches", "run", "query", "ro_query", "explain", "profile"}
STORE_RECEIVERS = {"store", "self", "tx", "session", "graph", "writer", "staging", "target", "conn"}
# Call sites whose text is not in the source but comes from data files, which neo4j_texts() lists already.
FROM_FILES = {("smals_graph.app.figures.snapshot", "cypher"), ("smals_graph.app.ui.explore_page", "canned_text")}


@dataclass(frozen=True)
class CallSite:
    module: str
    line: int
    expression: str
    texts: tuple[str, ...]  # the Cypher texts it can send; empty when unresolved


def _resolve(node: ast.expr, module: Any, local: dict[str, ast.expr]) -> list[str] | None:
    """Every string the expression can be, from literals, module constants, `+` and conditional expressions,
    or None when it depends on something only known at run time."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name):
        if node.id in local:
            return _resolve(local[node.id], module, local)
        value = getattr(module, node.id, None)
        return [value] if isinstance(value, str) else None
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        owner = getattr(module, node.value.id, None)
        value = getattr(owner, node.attr, None) if owner is not None else None
        return [value] if isinstance(value, str) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _resolve(node.left, module, local), _resolve(node.right, module, local)
        return None if left is None or right is None else [a + b for a in left for b in right]
    if isinstance(node, ast.IfExp):
        a, b = _resolve(node.body, module, local), _resolve(node.orelse, module, local)
        return None if a is None or b is None else a + b
    return None


def _iterable(node: ast.expr, module: Any, local: dict[str, ast.expr]) -> list[str] | None:
    """The strings a `for` loop's iterable yields: a literal tuple/list, a module constant tuple/list, or a
    module function called without arguments (schema.falkordb_ddl())."""
    if isinstance(node, ast.Tuple | ast.List):
        out: list[str] = []
        for element in node.elts:
            texts = _resolve(element, module, local)
            if texts is None:
                return None
            out += texts
        return out
    value: Any = None
    if isinstance(node, ast.Name):
        value = getattr(module, node.id, None)
    elif isinstance(node, ast.Call) and not node.args and isinstance(node.func, ast.Attribute) \
            and isinstance(node.func.value, ast.Name):
        function = getattr(getattr(module, node.func.value.id, None), node.func.attr, None)
        value = function() if callable(function) else None
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


# Call sites whose texts a builder makes from a finite set of inputs that neo4j_texts() enumerates itself.
BUILT_ELSEWHERE = {
    ("smals_graph.loader.write", "node_statement(label)"),
    ("smals_graph.loader.write", "relationship_statement(start, rel_type, end)"),
    ("smals_graph.graph_model.neo4j_store", "staged_statement(cypher)"),
    ("smals_graph.graph_model.neo4j_store", "statement"),  # staged_index_ddl(), switch_statements(), neo4j_ddl()
    ("smals_graph.graph_model.neo4j_store", "delete_in_batches_cypher(label)"),
    ("smals_graph.app.view_model.shared_matrix",
     "pairs_cypher(include_organizations=include_organizations, reusable_only=reusable_only)"),
    ("smals_graph.loader.structure", "f'MATCH (n:{label}) RETURN count(n) AS n'"),  # a label of schema.LABEL_NAMES
    ("smals_graph.app.ui.scenes_page", "cypher"),  # scene_cypher(): a MATCH on keys (tests/app/test_scenes.py)
    ("smals_graph.app.ui.scenes_page", "text"),  # the user's own read-only query, as on the Query page
    ("smals_graph.app.view_model.changes", "query.text_for(store.engine)"),  # canned files, listed above
    ("smals_graph.app.view_model.schema_panel", "f'CALL {procedure}()'"),  # db.labels / relationshipTypes / propertyKeys
}


def call_sites() -> list[CallSite]:
    sites: list[CallSite] = []

    def visit(node: ast.AST, module: Any, name: str, parameters: set[str], local: dict[str, ast.expr],
              loops: dict[str, list[str] | None]) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            parameters = parameters | {a.arg for a in node.args.args + node.args.kwonlyargs}
            assigned: dict[str, list[ast.expr]] = {}
            for n in ast.walk(node):  # a local assigned exactly once is as good as its value
                if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
                    assigned.setdefault(n.targets[0].id, []).append(n.value)
            local = {**local, **{k: v[0] for k, v in assigned.items() if len(v) == 1}}
        if isinstance(node, ast.For) and isinstance(node.target, ast.Name):
            loops = {**loops, node.target.id: _iterable(node.iter, module, local) if module else None}
        if isinstance(node, ast.Call):
            site = _site(node, module, name, parameters, local, loops)
            if site is not None:
                sites.append(site)
        for child in ast.iter_child_nodes(node):
            visit(child, module, name, parameters, local, loops)

    for package_name in SCANNED_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, package_name + "."):
            module = importlib.import_module(info.name) if not info.name.startswith(_SKIP_MODULES) else None
            origin = importlib.util.find_spec(info.name).origin
            visit(ast.parse(Path(origin).read_text(encoding="utf-8")), module, info.name, set(), {}, {})
    return sites


def _site(call: ast.Call, module: Any, name: str, parameters: set[str], local: dict[str, ast.expr],
          loops: dict[str, list[str] | None]) -> CallSite | None:
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr in CYPHER_METHODS and call.args
            and isinstance(func.value, ast.Name) and func.value.id in STORE_RECEIVERS):
        return None
    first = call.args[0]
    if isinstance(first, ast.Call) and getattr(first.func, "id", None) == "Query" and first.args:
        first = first.args[0]  # neo4j.Query(text, timeout=...)
    if isinstance(first, ast.BinOp) and isinstance(first.left, ast.Constant) \
            and first.left.value in ("EXPLAIN ", "PROFILE "):
        first = first.right  # EXPLAIN or PROFILE of a text: the text is what counts
    if isinstance(first, ast.BinOp) and isinstance(first.left, ast.Name) and first.left.id in parameters:
        first = first.right  # a plan prefix (EXPLAIN / PROFILE) its caller chose, before its caller's text
    if isinstance(first, ast.Name) and first.id in parameters and first.id not in loops:
        return None  # passes its caller's text on: the caller is the origin
    expression = ast.unparse(first)
    if (name, expression) in BUILT_ELSEWHERE or (isinstance(first, ast.Name) and (name, first.id) in FROM_FILES):
        return None
    if isinstance(first, ast.Name) and first.id in loops:
        texts = loops[first.id]
    else:
        texts = _resolve(first, module, local)
    return CallSite(name, call.lineno, expression[:100], tuple(texts or ()))
