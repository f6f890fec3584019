"""Every Cypher text the code can send to Neo4j parses with Neo4j's own parser
(npm @neo4j-cypher/language-support, pinned; installed by `make test`)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from smals_graph.graph_model.dialect import parameter_names

PARSER_DIR = Path(__file__).resolve().parent.parent / "neo4j_parser"
ROOT = PARSER_DIR.parent.parent
sys.path.insert(0, str(PARSER_DIR))
from inventory import call_sites, neo4j_texts  # noqa: E402

pytestmark = pytest.mark.neo4j_parser  # Node.js and npm packages: left out of `make test-fast`


def lint(items: list[dict]) -> list[dict]:
    if not (PARSER_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.fail("Neo4j's parser is not installed: run `make test` (it runs npm ci in tests/neo4j_parser)")
    node = shutil.which("node")
    assert node, "node is needed for Neo4j's parser"
    out = subprocess.run([node, "lint.mjs"], cwd=PARSER_DIR, input=json.dumps(items), capture_output=True,
                         text=True, check=True, timeout=600)  # a loaded 2-core box is slow
    return json.loads(out.stdout)


def _errors(text: str) -> list[dict]:
    params = {name: None for name in parameter_names(text)}
    result = lint([{"name": "q", "query": text, "parameters": params}])[0]
    return [d for d in result["diagnostics"] if d["severity"] == 1]


def test_the_parser_catches_errors_so_a_pass_means_something():
    assert _errors("MATCH (n:Member RETURN n")
    assert _errors("MATCH (n) WHERE n.id = $undeclared RETURN n") == []  # declared from the text
    flagged = lint([{"name": "q", "query": "MATCH (n) WHERE n.id = $x RETURN n", "parameters": {}}])[0]
    assert any(d["message"] == "Parameter $x is not defined." for d in flagged["diagnostics"])


def test_every_place_that_sends_cypher_is_known_from_the_source():
    """The inventory reads the product's source: every text handed to a store or driver resolves to literal
    text (constants, `+`, loops over constant tuples) or comes from a data file or a listed builder. A query
    assembled at run time from anything else fails here, so the parser test below checks everything the product
    can send, whatever the order tests run in."""
    sites = call_sites()
    unresolved = [f"{s.module}:{s.line}: {s.expression}" for s in sites if not s.texts]
    assert not unresolved, "Cypher built at run time (make it a constant or list its builder):\n" + "\n".join(unresolved)
    by_module = {s.module for s in sites}
    assert {"smals_graph.app.view_model.queries", "smals_graph.app.view_model.search",
            "smals_graph.graph_model.nx_graph", "smals_graph.graph_model.store"} <= by_module


def test_the_inventory_flags_text_built_at_run_time():
    import ast

    from inventory import _site

    def site_of(source: str):
        call = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call))
        return _site(call, None, "example", set(), {}, {})

    assert site_of("store.read(f'MATCH (n:{label}) RETURN n')").texts == ()
    assert site_of("store.read('MATCH (n) ' + where)").texts == ()
    assert site_of("store.read('MATCH (n) ' + 'RETURN n')").texts == ("MATCH (n) RETURN n",)
    assert site_of("st.write(text)") is None  # not a store


def test_every_cypher_text_parses_on_neo4j():
    texts = neo4j_texts()
    names = [name for name, _ in texts]
    # the inventory really covers each source of Cypher
    assert any(n.startswith("schema.neo4j_ddl") for n in names)
    assert any(n.startswith("loader.write.relationship_statement") for n in names)
    assert any(n.startswith("neo4j_store.") for n in names)
    items = [{"name": name, "query": text, "parameters": {p: None for p in parameter_names(text)}}
             for name, text in texts]
    failures = []
    for result, (_, text) in zip(lint(items), texts, strict=True):
        errors = [d for d in result["diagnostics"] if d["severity"] == 1]
        if errors:
            failures.append(f"{result['name']}: {errors[0]['message']} (line {errors[0]['line']}, "
                            f"column {errors[0]['column']})\n{text}")
    assert not failures, "\n\n".join(failures)
    print(f"{len(texts)} Cypher texts checked with Neo4j's parser")
