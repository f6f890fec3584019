"""The store on Neo4j, with the official `neo4j` driver.

Read-only is Neo4j's own verdict: every read is first planned with EXPLAIN, and anything whose query type is not
read-only ('r') is refused before it runs; then it runs in a read transaction with a server-side timeout (which
Neo4j itself keeps from writing). A text once planned read-only is remembered and not planned again.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Iterator
from typing import Any

import neo4j
from neo4j import GraphDatabase
from neo4j import exceptions as nx
from neo4j.graph import Node as NNode
from neo4j.graph import Path as NPath
from neo4j.graph import Relationship as NRel

from . import schema
from .errors import (
    ConfigError,
    EngineUnavailable,
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
    error_position,
)
from .limits import MAX_TIMEOUT_S
from .neo4j_guard import check_read_plan
from .results import Node, Path, PlanNode, QueryPlan, QueryResult, Relationship
from .store import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, Store, Writer, checked_read

ENGINE = "neo4j"
# The driver logs each retry of a transaction ("Transaction failed and will be retried") as a warning; with no
# handler configured anywhere, Python prints such warnings on stderr. The error a user needs is raised (and
# shown) anyway: the driver's own log stays off the terminal unless an application configures logging.
logging.getLogger("neo4j").addHandler(logging.NullHandler())
READ_ONLY_QUERY_TYPE = "r"
READ_VERDICTS = 1024  # texts remembered as planned read-only: a verdict depends on the text, not on parameters
WRITE_TIMEOUT_S = MAX_TIMEOUT_S  # one writing statement outside a load
LOAD_TIMEOUT_S = 1800.0  # one statement of a load (a batch, the switch)
EXPLAIN = "EXPLAIN "
PROFILE = "PROFILE "
# A load writes the new graph beside the live one in committed batches, under staging labels (`_Staged_Member`...,
# no :Entity) that no reader's pattern names; one transaction then switches labels (the live nodes become
# `_Retired`, the staged ones take the real labels); the retired graph is deleted in batches afterwards. No
# transaction holds more than a batch of rows, or label changes only (the switch).
STAGED_PREFIX = "_Staged_"
RETIRED = "_Retired"
CLEANUP_BATCH = 5000  # nodes per transaction when a staged or retired graph is deleted
_LABEL_TOKEN = re.compile(r":(" + "|".join(map(re.escape, (*schema.LABEL_NAMES, schema.ENTITY))) + r")\b")


def staged_label(label: str) -> str:
    return STAGED_PREFIX + label


def staged_statement(cypher: str) -> str:
    """The loader's statement written against the staging labels: `:Member` -> `:_Staged_Member`, `:Entity`
    dropped (its uniqueness constraint belongs to the live graph)."""
    return _LABEL_TOKEN.sub(lambda m: "" if m.group(1) == schema.ENTITY else ":" + staged_label(m.group(1)), cypher)


def staged_index_ddl() -> list[str]:
    """A key index per staging label: the load's relationship statements find their ends by key."""
    return [f"CREATE INDEX staged_{label.lower()}_id IF NOT EXISTS FOR (n:{staged_label(label)}) ON (n.{schema.KEY})"
            for label in schema.LABEL_NAMES]


def switch_statements() -> list[str]:
    """One transaction: the live graph retired, the staged one live. Label changes only."""
    retire = [f"MATCH (n:{label}) SET n:{RETIRED} REMOVE n:{label}, n:{schema.ENTITY}"
              for label in schema.LABEL_NAMES]
    retire.append(f"MATCH (n:{schema.ENTITY}) SET n:{RETIRED} REMOVE n:{schema.ENTITY}")
    promote = [f"MATCH (n:{staged_label(label)}) REMOVE n:{staged_label(label)} SET n:{label}:{schema.ENTITY}"
               for label in schema.LABEL_NAMES]
    return retire + promote


CLEAR_BATCH = "MATCH (n) WITH n LIMIT $batch DETACH DELETE n RETURN count(*)"


def delete_in_batches_cypher(label: str) -> str:
    return f"MATCH (n:{label}) WITH n LIMIT $batch DETACH DELETE n RETURN count(*)"


ENTITY_MIGRATION_CYPHER = schema.neo4j_entity_migration()
# After a load the planner's index statistics still describe the graph before it (an index sampled empty is
# estimated at 0 rows, and then a scan of it costs the same as a seek): resample every index, wait, drop the
# cached plans. Seconds on a 50x graph; runs once per load, after the switch.
REPLAN_CYPHER = "CALL db.prepareForReplanning($timeout)"
REPLAN_TIMEOUT_S = 300
AWAIT_INDEXES_CYPHER = "CALL db.awaitIndexes($timeout)"
DATABASE_NAME_CYPHER = "CALL db.info() YIELD name RETURN name"


_SCALARS = (str, int, float, bool, type(None))


def _convert(value: Any) -> Any:
    # scalars first: most values of most rows; `.items()` rather than dict(mapping), which goes key by key
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, NNode):
        labels = tuple(sorted(label for label in value.labels if label != schema.ENTITY))  # bookkeeping label
        return Node(id=value.element_id, labels=labels, properties=dict(value.items()))
    if isinstance(value, NRel):
        # `is not None`: a driver Node is a mapping, so one without properties (a bare endpoint) is falsy
        start, end = value.start_node, value.end_node
        return Relationship(id=value.element_id, type=value.type,
                            start=start.element_id if start is not None else "",
                            end=end.element_id if end is not None else "",
                            properties=dict(value.items()))
    if isinstance(value, NPath):
        return Path(nodes=tuple(_convert(n) for n in value.nodes),
                    relationships=tuple(_convert(r) for r in value.relationships))
    if isinstance(value, list):
        return [_convert(v) for v in value]
    if isinstance(value, dict):
        return {k: _convert(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j temporal types
        return value.iso_format()
    return value


def _translate(exc: Exception, cypher: str = "", sent_prefix: str = "") -> Exception:
    if isinstance(exc, (nx.ServiceUnavailable, nx.SessionExpired)):
        return EngineUnavailable(f"Neo4j does not answer: {exc}")
    if isinstance(exc, nx.AuthError):
        return EngineUnavailable(f"Neo4j refused the credentials (NEO4J_USERNAME/NEO4J_PASSWORD): {exc.message}")
    code = getattr(exc, "code", "") or ""
    message = getattr(exc, "message", None) or str(exc)
    if "DatabaseNotFound" in code:
        return ConfigError(f"No such Neo4j database (--database, NEO4J_DATABASE): {message}")
    if "TransactionTimedOut" in code or "Timeout" in code:
        return QueryTimeout(message)
    if "Forbidden" in code or "AccessMode" in code:
        return ReadOnlyViolation(f"Refused: the query would write, and this path is read-only ({message})")
    return QueryError(message, error_position(message, cypher, sent_prefix) if cypher else None)


def neo4j_plan_node(plan: dict[str, Any]) -> PlanNode:
    """A plan or profile of the driver's result summary (operatorType, arguments, children, rows, dbHits)."""
    arguments = plan.get("args") or plan.get("arguments") or {}  # the driver's summary names them "args"
    details = arguments.get("Details") or ", ".join(plan.get("identifiers") or [])
    time_ns = plan.get("time")
    return PlanNode(
        operator=str(plan.get("operatorType", "?")).split("@", 1)[0],  # "Filter@neo4j" -> "Filter"
        details=str(details or ""),
        children=[neo4j_plan_node(child) for child in plan.get("children") or []],
        rows=plan.get("rows"),
        db_hits=plan.get("dbHits"),
        time_ms=time_ns / 1e6 if isinstance(time_ns, (int, float)) else None,
    )


class _Neo4jWriter(Writer):
    """Each statement in its own committed transaction, against the staging labels."""

    def __init__(self, store: Neo4jStore, mark: str) -> None:
        self._store = store
        self.mark = mark

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        return self._store.write(staged_statement(cypher), params, timeout=LOAD_TIMEOUT_S)


class Neo4jStore(Store):
    engine = ENGINE

    def __init__(self, uri: str, *, user: str, password: str, database: str | None,
                 timeout: float = DEFAULT_TIMEOUT_S, max_rows: int = DEFAULT_MAX_ROWS) -> None:
        self.uri = uri
        self.database = database
        self.default_timeout = timeout
        self.default_max_rows = max_rows
        # texts this server planned as read-only: the next read of one skips its EXPLAIN round trip (a write is
        # never remembered, so it is planned, and refused, every time)
        self._read_only: dict[str, None] = {}
        try:
            # short retries: an unreachable server must become a banner in the app quickly, not a 30 s wait
            self.driver = GraphDatabase.driver(uri, auth=(user, password), connection_timeout=5,
                                               max_transaction_retry_time=3.0)
        except (ValueError, nx.ConfigurationError) as exc:
            raise EngineUnavailable(f"Bad Neo4j URI {uri!r}: {exc}") from exc

    def database_name(self) -> str:
        """The database this store uses: the one it was given, else the server's default, asked to the server."""
        if self.database:
            return self.database
        try:
            with self._session(neo4j.READ_ACCESS) as session:
                record = session.run(DATABASE_NAME_CYPHER).single()
        except (nx.Neo4jError, nx.DriverError, OSError) as exc:
            raise _translate(exc) from exc
        return str(record["name"]) if record else ""

    def _session(self, mode: str) -> neo4j.Session:
        # no notifications: the product shows none, and the driver would log each one ("label does not exist"
        # on a graph without DELIVERS...) on every read
        return self.driver.session(database=self.database, default_access_mode=mode,
                                   notifications_min_severity="OFF")

    def ping(self) -> None:
        try:
            self.driver.verify_connectivity()
        except (nx.Neo4jError, nx.DriverError, OSError) as exc:
            raise _translate(exc) from exc

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.driver.close()

    # -- reading -----------------------------------------------------------------------------------
    def read(self, cypher: str, params: dict[str, Any] | None = None, *, timeout: float | None = None,
             max_rows: int | None = None) -> QueryResult:
        timeout = timeout if timeout is not None else self.default_timeout
        max_rows = max_rows if max_rows is not None else self.default_max_rows
        checked_read(cypher, params, timeout, max_rows)
        params = params or {}

        # one read transaction with a server-side timeout (tx.run takes no Query object): the plan's verdict
        # first, then the rows
        @neo4j.unit_of_work(timeout=timeout)
        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]], bool]:
            if cypher not in self._read_only:
                try:
                    planned = tx.run("EXPLAIN " + cypher, params).consume()
                except nx.Neo4jError as exc:  # positions count from the start of "EXPLAIN ..."
                    raise _translate(exc, cypher, EXPLAIN) from exc
                check_read_plan(planned.query_type, planned.plan)  # read-only and on the allow-list
                if len(self._read_only) >= READ_VERDICTS:
                    self._read_only.clear()  # bounded (typed queries are many); safe when sessions share the store
                self._read_only[cypher] = None
            result = tx.run(cypher, params)
            keys = list(result.keys())
            rows: list[list[Any]] = []
            for record in result:
                if len(rows) >= max_rows:
                    return keys, rows, True
                rows.append([_convert(v) for v in record.values()])
            return keys, rows, False

        started = time.perf_counter()
        try:
            with self._session(neo4j.READ_ACCESS) as session:
                keys, rows, truncated = session.execute_read(work)
        except (nx.Neo4jError, nx.DriverError) as exc:
            raise _translate(exc, cypher) from exc
        return QueryResult(columns=keys, rows=rows, truncated=truncated,
                           elapsed_ms=(time.perf_counter() - started) * 1000, engine=self.engine)

    # -- plans -------------------------------------------------------------------------------------
    def explain(self, cypher: str, params: dict[str, Any] | None = None, *,
                timeout: float | None = None) -> QueryPlan:
        """EXPLAIN in a read transaction: planned, never run; `writes` from Neo4j's query type."""
        timeout = timeout if timeout is not None else self.default_timeout
        checked_read(cypher, params, timeout, 1)  # planning parses: the same caps as a read
        summary, elapsed_ms = self._summary(EXPLAIN, cypher, params, timeout)
        plan = QueryPlan(engine=ENGINE, root=neo4j_plan_node(summary.plan or {}), elapsed_ms=elapsed_ms)
        plan.writes = summary.query_type != READ_ONLY_QUERY_TYPE
        return plan

    def profile(self, cypher: str, params: dict[str, Any] | None = None, *,
                timeout: float | None = None) -> QueryPlan:
        """PROFILE in a read transaction, after EXPLAIN said the query is read-only ('r')."""
        timeout = timeout if timeout is not None else self.default_timeout
        checked_read(cypher, params, timeout, 1)
        planned, _ = self._summary(EXPLAIN, cypher, params, timeout)
        check_read_plan(planned.query_type, planned.plan)  # PROFILE runs the query: the read path's rules
        summary, elapsed_ms = self._summary(PROFILE, cypher, params, timeout)
        return QueryPlan(engine=ENGINE, root=neo4j_plan_node(summary.profile or {}), profiled=True,
                         elapsed_ms=elapsed_ms)

    def _summary(self, prefix: str, cypher: str, params: dict[str, Any] | None,
                 timeout: float) -> tuple[neo4j.ResultSummary, float]:
        """The summary of `prefix + cypher` (EXPLAIN or PROFILE) in one read transaction, and its time in ms."""

        @neo4j.unit_of_work(timeout=timeout)
        def work(tx: neo4j.ManagedTransaction) -> neo4j.ResultSummary:
            try:
                return tx.run(prefix + cypher, params or {}).consume()
            except nx.Neo4jError as exc:  # positions count from the start of the prefixed text
                raise _translate(exc, cypher, prefix) from exc

        started = time.perf_counter()
        try:
            with self._session(neo4j.READ_ACCESS) as session:
                summary = session.execute_read(work)
        except (nx.Neo4jError, nx.DriverError) as exc:
            raise _translate(exc, cypher) from exc
        return summary, (time.perf_counter() - started) * 1000

    # -- writing -----------------------------------------------------------------------------------
    def write(self, cypher: str, params: dict[str, Any] | None = None, *,
              timeout: float = WRITE_TIMEOUT_S) -> QueryResult:
        # a transaction function takes its timeout from unit_of_work: tx.run refuses a Query object
        @neo4j.unit_of_work(timeout=timeout)
        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]]]:
            result = tx.run(cypher, params or {})
            return list(result.keys()), [[_convert(v) for v in r.values()] for r in result]

        started = time.perf_counter()
        try:
            with self._session(neo4j.WRITE_ACCESS) as session:
                keys, rows = session.execute_write(work)
        except (nx.Neo4jError, nx.DriverError) as exc:
            raise _translate(exc) from exc
        return QueryResult(columns=keys, rows=rows, elapsed_ms=(time.perf_counter() - started) * 1000,
                           engine=self.engine)

    @contextlib.contextmanager
    def replace_graph(self) -> Iterator[Writer]:
        """The new graph in committed batches under staging labels, then one switch transaction, then the old
        graph deleted in batches. A failed or killed load leaves the live graph as it was (what it staged is
        deleted now, or by the next load); readers see the old graph or the new one, never a mix."""
        mark = f"{time.time_ns()}"
        self.ensure_schema()  # keys (and :Entity on older nodes) before anything is staged
        for statement in staged_index_ddl():
            self.write(statement)
        self.write(AWAIT_INDEXES_CYPHER, {"timeout": REPLAN_TIMEOUT_S})
        self.delete_staging()  # what a killed load or clean-up left behind
        try:
            yield _Neo4jWriter(self, mark)
        except BaseException:
            with contextlib.suppress(Exception):
                self.delete_staging()
            raise
        self.switch()
        self._delete_label(RETIRED)
        self.replan()

    def switch(self) -> None:
        """Retire the live graph and promote the staged one, in one transaction."""

        @neo4j.unit_of_work(timeout=LOAD_TIMEOUT_S)
        def work(tx: neo4j.ManagedTransaction) -> None:
            for statement in switch_statements():
                tx.run(statement).consume()

        try:
            with self._session(neo4j.WRITE_ACCESS) as session:
                session.execute_write(work)
        except (nx.Neo4jError, nx.DriverError) as exc:
            raise _translate(exc) from exc

    def delete_staging(self) -> None:
        """Delete any staged or retired nodes, in batches (no reader sees them)."""
        for label in (*(staged_label(label) for label in schema.LABEL_NAMES), RETIRED):
            self._delete_label(label)

    def _delete_label(self, label: str) -> None:
        while self.write(delete_in_batches_cypher(label), {"batch": CLEANUP_BATCH},
                         timeout=LOAD_TIMEOUT_S).scalar():
            pass

    def replan(self) -> None:
        """Fresh index statistics and no cached plan, so that lookups by key are planned as index seeks on the
        graph as it now is. A user without the right to call the procedure keeps the planner's own timing."""
        try:
            self.write(REPLAN_CYPHER, {"timeout": REPLAN_TIMEOUT_S})
        except QueryError:
            # not allowed for this user, a server without the procedure, or too slow: the load is committed all
            # the same, and Neo4j replans on its own once its statistics diverge
            pass

    def ensure_schema(self) -> None:
        self.write(ENTITY_MIGRATION_CYPHER, {"labels": list(schema.LABEL_NAMES)})
        for statement in schema.neo4j_ddl():
            self.write(statement)
        self.write(AWAIT_INDEXES_CYPHER, {"timeout": REPLAN_TIMEOUT_S})  # a new index serves lookups once online

    def clear(self) -> None:
        """Delete the whole graph in batches (one transaction ran out of transaction memory at 200x)."""
        while self.write(CLEAR_BATCH, {"batch": CLEANUP_BATCH}, timeout=LOAD_TIMEOUT_S).scalar():
            pass


__all__ = ["AWAIT_INDEXES_CYPHER", "CLEANUP_BATCH", "CLEAR_BATCH", "DATABASE_NAME_CYPHER", "ENGINE",
    "ENTITY_MIGRATION_CYPHER", "EXPLAIN", "LOAD_TIMEOUT_S", "Neo4jStore", "PROFILE", "READ_ONLY_QUERY_TYPE",
    "READ_VERDICTS", "REPLAN_CYPHER", "REPLAN_TIMEOUT_S", "RETIRED", "STAGED_PREFIX", "WRITE_TIMEOUT_S",
    "neo4j_plan_node"]
