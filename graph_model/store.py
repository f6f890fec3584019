"""The store: one interface over the embedded engine (FalkorDB) and Neo4j, and the URI rules.

`resolve_uri()` follows the documented order: an explicit URI or SMALS_GRAPH_URI; else NEO4J_URI (with
NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE, as Neo4j's own tools name them); else the managed embedded engine.
`graph_model.connect.connect()` opens the store it names: this base module imports neither back-end.
"""

from __future__ import annotations

import abc
import os
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import urlparse

from .dialect import reads_external_data
from .errors import ReadOnlyViolation
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

    def database_name(self) -> str:
        """Which database (Neo4j) or graph (FalkorDB) this store reads and writes: shown by status and the app."""
        return ""

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


def shown_uri(uri: str) -> str:
    """The URI as shown (status, the app): never with its password."""
    parsed = urlparse(uri)
    if not parsed.password:
        return uri
    netloc = f"{parsed.username or ''}:***@{parsed.hostname}" + (f":{parsed.port}" if parsed.port else "")
    return parsed._replace(netloc=netloc).geturl()

__all__ = ["BatchWriting", "CLEAR", "DEFAULT_BATCH_SIZE", "DEFAULT_GRAPH", "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT_S", "Progress", "STATS_LABELS", "STATS_RELATIONSHIPS", "Store", "Writer",
    "checked_read", "resolve_uri", "shown_uri"]
