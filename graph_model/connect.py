"""Open the store a URI names: the one module that knows both back-ends, so that the base (`store.py`) and the
back-ends (`falkordb_store.py`, `neo4j_store.py`) never import each other."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from .errors import ConfigError
from .limits import check_read_limits
from .store import DEFAULT_GRAPH, DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, Store, resolve_uri, shown_uri

__all__ = ["NEO4J_SCHEMES", "connect"]

NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


def connect(
    uri: str | None = None,
    *,
    data_dir: str | Path | None = None,
    graph: str | None = None,
    database: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> Store:
    """Open a store. `timeout` and `max_rows` are the defaults of every read. `database` is the Neo4j database
    (else NEO4J_DATABASE, else the server's default); `graph` the FalkorDB graph (older callers pass a Neo4j
    database as `graph` too)."""
    check_read_limits(timeout, max_rows)
    chosen, _ = resolve_uri(uri)
    scheme = chosen.split(":", 1)[0].lower() if ":" in chosen else chosen.lower()
    if scheme in ("embedded", ""):
        from .embedded import EmbeddedEngine
        from .falkordb_store import FalkorStore

        engine = EmbeddedEngine(data_dir)
        return FalkorStore.embedded(engine, graph=graph or DEFAULT_GRAPH, timeout=timeout, max_rows=max_rows)
    if scheme == "falkordb":
        from .falkordb_store import FalkorStore

        parsed = urlparse(chosen)
        name = graph or parsed.path.strip("/") or DEFAULT_GRAPH
        return FalkorStore.external(
            host=parsed.hostname or "127.0.0.1", port=parsed.port or 6379, password=unquote(parsed.password or "")
            or None, username=unquote(parsed.username) if parsed.username else None,
            graph=name, timeout=timeout, max_rows=max_rows, uri=shown_uri(chosen),
            socket=unquote(parse_qs(parsed.query).get("socket", [""])[0]),
        )  # fmt: skip
    if scheme in NEO4J_SCHEMES:
        from .neo4j_store import Neo4jStore

        return Neo4jStore(
            chosen,
            user=os.environ.get("NEO4J_USERNAME", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=database or graph or os.environ.get("NEO4J_DATABASE") or None,
            timeout=timeout,
            max_rows=max_rows,
        )
    raise ConfigError(
        f"Unknown URI scheme {scheme!r} in {chosen!r}: use embedded:, falkordb://host:port/graph, "
        "neo4j://, neo4j+s://, bolt:// or bolt+s://"
    )
