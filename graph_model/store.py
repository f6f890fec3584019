"""The store: one interface over the embedded engine (FalkorDB) and Neo4j.

`connect()` picks the engine: an explicit URI or SMALS_GRAPH_URI; else NEO4J_URI (with NEO4J_USERNAME,
NEO4J_PASSWORD, NEO4J_DATABASE, as Neo4j's own tools name them); else the managed embedded engine.
"""

from __future__ import annotations

import abc
import os
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from .dialect import reads_external_data
from .errors import ConfigError, ReadOnlyViolation
from .limits import check_params, check_query_text, check_read_limits
from .results import GraphStats, QueryPlan, QueryResult
from .schema import ENTITY

DEFAULT_TIMEOUT_S = 5.0
DEFAULT_MAX_ROWS = 1000
DEFAULT_BATCH_SIZE = 5000
DEFAULT_GRAPH = "smals"

STATS_LABELS = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label"
STATS_RELATIONSHIPS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type"
CLEAR = "MATCH (n) DETACH DELETE n"

NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")

Progress = Callable[[int], None]  # called with the number of rows just written


def checked_read(cypher: str, params: dict[str, Any] | None, timeout: float, max_rows: int) -> None:
    """Every engine's read path (reads, plans, profiles) calls this first: limits on the arguments, the text and
    the parameters, and no LOAD CSV (FalkorDB's read-only mode would let it read files and URLs)."""
    check_read_limits(timeout, max_rows)
    check_query_text(cypher)
    check_params(params)
    if reads_external_data(cypher):
        raise ReadOnlyViolation("Refused: LOAD CSV reads files or URLs and is not allowed on the read path.")


class BatchWriting:
    """`write_batches` for whatever runs one writing statement (`_run_batch`): the live store or a staging writer."""

    def _run_batch(self, cypher: str, params: dict[str, Any]) -> object:
        raise NotImplementedError

    def write_batches(
        self,
        cypher: str,
        rows: Sequence[dict[str, Any]],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
    ) -> int:
        """Run `cypher` (which starts with `UNWIND $rows AS row`) over `rows` in chunks; returns rows written."""
        written = 0
        for start in range(0, len(rows), batch_size):
            chunk = list(rows[start : start + batch_size])
            self._run_batch(cypher, {"rows": chunk})
            written += len(chunk)
            if progress:
                progress(len(chunk))
        return written


class Writer(BatchWriting, abc.ABC):
    """Where a load writes: a staging area that becomes the live graph only when the load completes.

    `mark` identifies this load; statements set it as the `_load` property of what they write, so that the
    Neo4j writer can remove what an earlier load wrote and this one did not."""

    mark: str = ""

    @abc.abstractmethod
    def run(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult: ...

    def _run_batch(self, cypher: str, params: dict[str, Any]) -> object:
        return self.run(cypher, {"mark": self.mark, **params})


class Store(BatchWriting, abc.ABC):
    engine: str = ""
    uri: str = ""

    # -- reading -----------------------------------------------------------------------------------
    @abc.abstractmethod
    def read(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a query that the engine itself guarantees to be read-only, with a time limit and a row cap."""

    @abc.abstractmethod
    def explain(self, cypher: str, params: dict[str, Any] | None = None, *,
                timeout: float | None = None) -> QueryPlan:
        """The engine's plan for a query, without running it (refused for a query that would write)."""

    @abc.abstractmethod
    def profile(self, cypher: str, params: dict[str, Any] | None = None, *,
                timeout: float | None = None) -> QueryPlan:
        """Run a read-only query with the engine's profiler: the plan with rows (and time or db hits) per
        operator. A query that would write is refused before anything runs."""

    # -- writing -----------------------------------------------------------------------------------
    @abc.abstractmethod
    def write(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Run one writing statement on the live graph (the loader and tests use it; users never do)."""

    def _run_batch(self, cypher: str, params: dict[str, Any]) -> object:
        return self.write(cypher, params)

    @abc.abstractmethod
    def replace_graph(self) -> AbstractContextManager[Writer]:
        """A staging writer; leaving the block normally makes its graph the live one in one step,
        an exception (or a killed process) leaves the previous live graph exactly as it was."""

    @abc.abstractmethod
    def ensure_schema(self) -> None:
        """Create the keys' uniqueness constraints and indexes (idempotent)."""

    @abc.abstractmethod
    def clear(self) -> None:
        """Delete the whole graph (tests and benchmarks)."""

    # -- information -------------------------------------------------------------------------------
    def stats(self) -> GraphStats:
        labels = self.read(STATS_LABELS, timeout=60, max_rows=10_000)
        rels = self.read(STATS_RELATIONSHIPS, timeout=60, max_rows=10_000)
        return GraphStats(
            # the bookkeeping label left out, and a load's staging labels (`_Staged_...`, `_Retired`) while one runs
            labels={row[0]: row[1] for row in labels.rows if row[0] != ENTITY and not row[0].startswith("_")},
            relationship_types={row[0]: row[1] for row in rels.rows},
        )

    @abc.abstractmethod
    def ping(self) -> None:
        """Raise EngineUnavailable when the database does not answer."""

    def close(self) -> None:  # noqa: B027 - optional for subclasses
        pass

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def resolve_uri(uri: str | None = None) -> tuple[str, dict[str, str]]:
    """The URI to use and where it came from, following the documented order."""
    if uri:
        return uri, {"source": "argument"}
    if os.environ.get("SMALS_GRAPH_URI"):
        return os.environ["SMALS_GRAPH_URI"], {"source": "SMALS_GRAPH_URI"}
    if os.environ.get("NEO4J_URI"):
        return os.environ["NEO4J_URI"], {"source": "NEO4J_URI"}
    return "embedded:", {"source": "default"}


def connect(
    uri: str | None = None,
    *,
    data_dir: str | Path | None = None,
    graph: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> Store:
    """Open a store. `timeout` and `max_rows` are the defaults of every read."""
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
        )  # fmt: skip
    if scheme in NEO4J_SCHEMES:
        from .neo4j_store import Neo4jStore

        return Neo4jStore(
            chosen,
            user=os.environ.get("NEO4J_USERNAME", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=graph or os.environ.get("NEO4J_DATABASE") or None,
            timeout=timeout,
            max_rows=max_rows,
        )
    raise ConfigError(
        f"Unknown URI scheme {scheme!r} in {chosen!r}: use embedded:, falkordb://host:port/graph, "
        "neo4j://, neo4j+s://, bolt:// or bolt+s://"
    )


def shown_uri(uri: str) -> str:
    """The URI as shown (status, the app): never with its password."""
    parsed = urlparse(uri)
    if not parsed.password:
        return uri
    netloc = f"{parsed.username or ''}:***@{parsed.hostname}" + (f":{parsed.port}" if parsed.port else "")
    return parsed._replace(netloc=netloc).geturl()
