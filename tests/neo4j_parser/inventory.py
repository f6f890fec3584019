"""Every Cypher text smals-graph can send to Neo4j, gathered in one place so a test can check each one with
Neo4j's own parser. Code that sends Cypher keeps its texts as module constants named `*_CYPHER` (or builds
them with a function listed here); canned queries and figure specs are files."""

from __future__ import annotations

import importlib
import pkgutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

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
              ("store.CLEAR", store.CLEAR), ("neo4j_store.STALE_NODES", neo4j_store.STALE_NODES),
              ("neo4j_store.STALE_RELATIONSHIPS", neo4j_store.STALE_RELATIONSHIPS)]
    for name, query in load_canned().items():
        texts.append((f"cypher/{name}", query.text_for("neo4j")))
    for spec in sorted((CYPHER_DIR / "figures").glob("*.toml")) if (CYPHER_DIR / "figures").is_dir() else []:
        data = tomllib.loads(Path(spec).read_text(encoding="utf-8"))
        query = data.get("cypher")  # `query` names a canned file, already listed above
        if isinstance(query, str):
            texts.append((f"cypher/figures/{spec.name}", query))
    texts += list(_module_constants())
    return texts
