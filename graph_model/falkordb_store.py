"""The store on FalkorDB, over the Redis protocol with the `falkordb` client (never its Bolt port).

Read-only is the server's: reads go through GRAPH.RO_QUERY, which refuses any query that would write.
Each read carries the server-side `timeout`; the socket timeout is a second line of defence. Each read is
checked against `graph_model.limits` first and carries its row cap as `LIMIT max_rows + 1` where it can; writes
have a deadline too. Every Redis error becomes one of ours (errors.py): no traceback reaches a user.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterator
from typing import Any

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge as FEdge
from falkordb.node import Node as FNode
from falkordb.path import Path as FPath

from . import schema
from .dialect import falkordb_hint
from .embedded import EmbeddedEngine
from .errors import EngineUnavailable, QueryError, QueryTimeout, ReadOnlyViolation, error_position
from .limits import MAX_TIMEOUT_S, with_row_limit
from .results import Node, Path, PlanNode, QueryPlan, QueryResult, Relationship
from .store import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, Store, Writer, checked_read

ENGINE = "falkordb"
STAGING_SUFFIX = "__staging"
_RO_REFUSAL = "is to be executed only on read-only queries"
CLIENT_GRACE_S = 0.75
WRITE_TIMEOUT_S = MAX_TIMEOUT_S  # one writing statement (a batch of a load) may take this long, no more
_EMPTY_KEY = "Invalid graph operation on empty key"
_UNHEALTHY = ("MISCONF", "BUSY", "LOADING", "NOAUTH", "WRONGPASS", "NOPERM", "OOM", "READONLY", "MASTERDOWN")


def _convert(value: Any) -> Any:
    if isinstance(value, FNode):
        labels = tuple(label for label in value.labels or () if label != schema.ENTITY)  # bookkeeping label
        return Node(id=str(value.id), labels=labels, properties=dict(value.properties or {}))
    if isinstance(value, FEdge):
        return Relationship(
            id=str(value.id),
            type=value.relation,
            start=str(value.src_node if not isinstance(value.src_node, FNode) else value.src_node.id),
            end=str(value.dest_node if not isinstance(value.dest_node, FNode) else value.dest_node.id),
            properties=dict(value.properties or {}),
        )
    if isinstance(value, FPath):
        return Path(nodes=tuple(_convert(n) for n in value.nodes()),
                    relationships=tuple(_convert(e) for e in value.edges()))
    if isinstance(value, list):
        return [_convert(v) for v in value]
    if isinstance(value, dict):
        return {k: _convert(v) for k, v in value.items()}
    return value


# operators of FalkorDB plans that write (GRAPH.EXPLAIN of CREATE, MERGE, SET, DELETE, REMOVE, index/constraint)
WRITING_OPERATORS = frozenset({"Create", "Merge", "MergeCreate", "Delete", "Update", "Foreach"})
_PROFILE_COUNTS = re.compile(r"^Records produced: (\d+), Execution time: ([0-9.]+) ms$")


def parse_falkordb_plan(lines: list[str]) -> QueryPlan:
    """GRAPH.EXPLAIN / GRAPH.PROFILE answer one line per operator, four spaces of indent per level:
    "    Conditional Traverse | (m)->(s:Service) | Records produced: 1, Execution time: 0.17 ms"."""
    roots: list[PlanNode] = []
    stack: list[tuple[int, PlanNode]] = []
    for line in lines:
        if not line.strip():
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 4
        parts = [p.strip() for p in line.strip().split(" | ")]
        node = PlanNode(operator=parts[0])
        counts = _PROFILE_COUNTS.match(parts[-1]) if len(parts) > 1 else None
        if counts:
            node.rows, node.time_ms = int(counts.group(1)), float(counts.group(2))
            parts = parts[:-1]
        node.details = " | ".join(parts[1:])
        while stack and stack[-1][0] >= depth:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(node)
        stack.append((depth, node))
    if not roots:
        raise QueryError("The engine returned an empty plan")
    root = roots[0] if len(roots) == 1 else PlanNode("Plan", children=roots)
    return QueryPlan(engine=ENGINE, root=root)


def _translate(exc: Exception, cypher: str) -> Exception:
    """The engine's message, as is, in our error classes (with a hint for known dialect gaps)."""
    text = str(exc)
    if text.startswith(_UNHEALTHY):
        return EngineUnavailable(f"FalkorDB refused the request: {text}")
    if "Query timed out" in text:
        return QueryTimeout(text)
    if _RO_REFUSAL in text:
        return ReadOnlyViolation(f"Refused: the query would write, and this path is read-only ({text})")
    return QueryError(text, error_position(text, cypher), falkordb_hint(text, cypher))


class _FalkorWriter(Writer):
    def __init__(self, store: FalkorStore, graph_name: str) -> None:
        self._store = store
        self.graph_name = graph_name
        self.mark = graph_name

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        return self._store._query(self.graph_name, cypher, params, read_only=False, timeout=WRITE_TIMEOUT_S,
                                  max_rows=None)


class FalkorStore(Store):
    engine = ENGINE

    def __init__(
        self,
        host: str,
        port: int,
        *,
        graph: str,
        password: str | None = None,
        username: str | None = None,
        timeout: float = DEFAULT_TIMEOUT_S,
        max_rows: int = DEFAULT_MAX_ROWS,
        uri: str = "",
        embedded: EmbeddedEngine | None = None,
        socket: str = "",
    ) -> None:
        self.host, self.port, self.password, self.username = host, port, password, username
        self.socket = socket  # a unix socket path (the embedded engine has no TCP port) or ""
        self.graph_name = graph
        self.default_timeout = timeout
        self.default_max_rows = max_rows
        self.uri = uri or f"falkordb://{host}:{port}/{graph}"
        self._embedded = embedded
        self.data_dir = embedded.data_dir if embedded else None  # where loads record the reports they read
        self._db: FalkorDB | None = None
        self._read_clients: dict[float, FalkorDB] = {}

    @classmethod
    def embedded(cls, engine: EmbeddedEngine, *, graph: str, timeout: float, max_rows: int) -> FalkorStore:
        info = engine.ensure_running()
        creds = engine.credentials()
        return cls(info.host, info.port, graph=graph, timeout=timeout, max_rows=max_rows, username=creds.user,
                   password=creds.password, uri=f"embedded:{engine.data_dir}", embedded=engine, socket=info.socket)

    @classmethod
    def external(cls, *, host: str, port: int, password: str | None, graph: str, timeout: float,
                 max_rows: int, uri: str, username: str | None = None, socket: str = "") -> FalkorStore:
        return cls(host, port, graph=graph, password=password, username=username, timeout=timeout,
                   max_rows=max_rows, uri=uri, socket=socket)

    def database_name(self) -> str:
        return self.graph_name

    def connection_uri(self) -> str:
        """A falkordb:// URI, with credentials, for this very server and graph (handed to a child process of
        the same user, e.g. the app in tests; never shown)."""
        from urllib.parse import quote

        auth = f"{quote(self.username or '', safe='')}:{quote(self.password, safe='')}@" if self.password else ""
        if self.socket:
            return f"falkordb://{auth}localhost/{self.graph_name}?socket={quote(self.socket, safe='/')}"
        return f"falkordb://{auth}{self.host}:{self.port}/{self.graph_name}"

    @property
    def where(self) -> str:
        return f"socket {self.socket}" if self.socket else f"{self.host}:{self.port}"

    def _address(self) -> dict[str, Any]:
        return {"unix_socket_path": self.socket} if self.socket else {"host": self.host, "port": self.port}

    @contextlib.contextmanager
    def _redis(self, what: str) -> Iterator[None]:
        """Redis errors of a non-query call (RENAME, DEL, GRAPH.LIST...) as ours."""
        try:
            yield
        except redis.exceptions.AuthenticationError as exc:
            raise EngineUnavailable(f"FalkorDB at {self.where} refused the credentials: {exc}") from exc
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
            raise self._lost(exc) from exc
        except redis.exceptions.ResponseError as exc:
            raise _translate(exc, what) from exc
        except redis.exceptions.RedisError as exc:
            raise EngineUnavailable(f"FalkorDB at {self.where} failed on {what}: {exc}") from exc

    # -- connection --------------------------------------------------------------------------------
    @property
    def db(self) -> FalkorDB:
        if self._db is None:
            # writes have the server's deadline; the socket gives up a little after it
            self._db = FalkorDB(**self._address(), username=self.username, password=self.password,
                                socket_timeout=WRITE_TIMEOUT_S + CLIENT_GRACE_S, socket_connect_timeout=5)
        return self._db

    def _lost(self, exc: Exception) -> EngineUnavailable:
        """The server stopped answering. For the embedded engine, start it again for the next call."""
        self.close()
        where = self.where
        if self._embedded is None:
            return EngineUnavailable(f"FalkorDB at {where} does not answer: {exc}")
        try:
            info = self._embedded.ensure_running()
        except EngineUnavailable as restart_error:
            return EngineUnavailable(f"The embedded engine at {where} stopped and could not restart: "
                                     f"{restart_error}")
        self.host, self.port, self.socket = info.host, info.port, info.socket
        with contextlib.suppress(EngineUnavailable):
            creds = self._embedded.credentials()
            self.username, self.password = creds.user, creds.password
        return EngineUnavailable(
            f"The embedded engine at {where} stopped unexpectedly ({exc}). It has been restarted from its "
            f"data directory {self._embedded.data_dir}; run the request again."
        )

    def ping(self) -> None:
        with self._redis("PING"):
            self.db.connection.ping()

    def _read_client(self, timeout: float | None) -> FalkorDB:
        """Reads use a client whose socket gives up a little after the server-side timeout: FalkorDB checks
        its timeout between records, so a single huge expression (e.g. range(1, 1e9)) can overrun it."""
        if not timeout:
            return self.db
        client = self._read_clients.get(timeout)
        if client is None:
            client = FalkorDB(**self._address(), username=self.username, password=self.password,
                              socket_timeout=timeout + CLIENT_GRACE_S, socket_connect_timeout=5)
            self._read_clients[timeout] = client
        return client

    def close(self) -> None:
        for client in [self._db, *self._read_clients.values()]:
            if client is not None:
                with contextlib.suppress(Exception):
                    client.connection.close()
        self._db = None
        self._read_clients = {}

    # -- queries -----------------------------------------------------------------------------------
    def _query(self, graph_name: str, cypher: str, params: dict[str, Any] | None, *, read_only: bool,
               timeout: float | None, max_rows: int | None) -> QueryResult:
        timeout_ms = int(timeout * 1000) if timeout else None
        started = time.perf_counter()
        client: FalkorDB | None = None
        try:
            client = self._read_client(timeout) if read_only else self.db  # may connect: inside the try
            graph = client.select_graph(graph_name)
            if read_only:
                raw = graph.ro_query(cypher, params or None, timeout=timeout_ms)
            else:
                raw = graph.query(cypher, params or None, timeout=timeout_ms)
        except redis.exceptions.TimeoutError as exc:
            # the server may still be computing on one of its threads; this connection is dropped
            self._read_clients.pop(timeout or 0.0, None)
            if client is not None:
                with contextlib.suppress(Exception):
                    client.connection.close()
            raise QueryTimeout(f"Query timed out (no answer within {timeout or 0:.1f} s)") from exc
        except redis.exceptions.AuthenticationError as exc:
            raise EngineUnavailable(f"FalkorDB at {self.where} refused the credentials: {exc}") from exc
        except redis.exceptions.ConnectionError as exc:
            raise self._lost(exc) from exc
        except redis.exceptions.ResponseError as exc:
            raise _translate(exc, cypher) from exc
        except redis.exceptions.RedisError as exc:
            raise EngineUnavailable(f"FalkorDB at {self.where} failed: {exc}") from exc
        except ValueError as exc:  # the client refuses some parameter values (e.g. backticks in map keys)
            raise QueryError(f"Parameter rejected by the FalkorDB client: {exc}") from exc
        elapsed_ms = (time.perf_counter() - started) * 1000
        columns = [h[1] if isinstance(h, (list, tuple)) else str(h) for h in (raw.header or [])]
        rows = raw.result_set or []
        truncated = False
        if max_rows is not None and len(rows) > max_rows:
            rows, truncated = rows[:max_rows], True
        return QueryResult(columns=columns, rows=[[_convert(v) for v in row] for row in rows],
                           truncated=truncated, elapsed_ms=elapsed_ms, engine=self.engine)

    def read(self, cypher: str, params: dict[str, Any] | None = None, *, timeout: float | None = None,
             max_rows: int | None = None) -> QueryResult:
        timeout = timeout if timeout is not None else self.default_timeout
        max_rows = max_rows if max_rows is not None else self.default_max_rows
        checked_read(cypher, params, timeout, max_rows)
        bounded = with_row_limit(cypher, max_rows + 1, params)  # one more than the cap: enough to say "truncated"

        def run() -> QueryResult:
            return self._query(self.graph_name, bounded, params, read_only=True, timeout=timeout,
                               max_rows=max_rows)

        try:
            return run()
        except QueryError as exc:
            if _EMPTY_KEY not in str(exc) or self._graph_exists(self.graph_name):
                raise
        # nothing loaded yet: RO_QUERY refuses a missing key, so create the empty graph and answer as it would
        with self._redis("creating the empty graph"):
            self.db.select_graph(self.graph_name).query("RETURN 1")
        return run()

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        return self._query(self.graph_name, cypher, params, read_only=False, timeout=WRITE_TIMEOUT_S,
                           max_rows=None)

    # -- plans -------------------------------------------------------------------------------------
    def explain(self, cypher: str, params: dict[str, Any] | None = None, *,
                timeout: float | None = None) -> QueryPlan:
        """GRAPH.EXPLAIN plans without running: safe for any query; `writes` says whether it would write."""
        lines, elapsed = self._plan_command("GRAPH.EXPLAIN", cypher, params, timeout)
        plan = parse_falkordb_plan(lines)
        plan.writes = any(op in WRITING_OPERATORS or op.startswith("Create ") for op in plan.operators())
        plan.elapsed_ms = elapsed
        return plan

    def profile(self, cypher: str, params: dict[str, Any] | None = None, *,
                timeout: float | None = None) -> QueryPlan:
        # GRAPH.PROFILE runs the query for real and writes if the query writes: RO_QUERY first, which the
        # server refuses for any writing query (and which our read path refuses for LOAD CSV)
        self.read(cypher, params, timeout=timeout, max_rows=1)
        lines, elapsed = self._plan_command("GRAPH.PROFILE", cypher, params, timeout)
        plan = parse_falkordb_plan(lines)
        plan.profiled = True
        plan.elapsed_ms = elapsed
        return plan

    def _plan_command(self, command: str, cypher: str, params: dict[str, Any] | None,
                      timeout: float | None) -> tuple[list[str], float]:
        timeout = timeout if timeout is not None else self.default_timeout
        checked_read(cypher, params, timeout, 1)  # planning parses: the same caps as a read
        started = time.perf_counter()
        try:
            client = self._read_client(timeout)
            graph = client.select_graph(self.graph_name)
            text = graph._build_params_header(params) + cypher if params else cypher
            args: list[Any] = [command, self.graph_name, text]
            if command == "GRAPH.PROFILE" and timeout:
                args += ["TIMEOUT", int(timeout * 1000)]
            raw = client.connection.execute_command(*args)
        except redis.exceptions.TimeoutError as exc:
            self._read_clients.pop(timeout or 0.0, None)
            raise QueryTimeout(f"Query timed out (no answer within {timeout:.1f} s)") from exc
        except redis.exceptions.ConnectionError as exc:
            raise self._lost(exc) from exc
        except redis.exceptions.ResponseError as exc:
            raise _translate(exc, cypher) from exc
        except ValueError as exc:
            raise QueryError(f"Parameter rejected by the FalkorDB client: {exc}") from exc
        if isinstance(raw, (bytes, str)):  # a one-operator plan (e.g. "Create Index") comes as one string
            raw = [raw]
        lines = [line.decode() if isinstance(line, bytes) else str(line) for line in raw]
        return lines, (time.perf_counter() - started) * 1000

    def _graph_exists(self, name: str) -> bool:
        with self._redis("EXISTS"):
            return bool(self.db.connection.exists(name))

    # -- schema and loads --------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        with self._redis("creating the schema"):
            self._ensure_schema(self.graph_name)

    def _ensure_schema(self, graph_name: str) -> None:
        graph = self.db.select_graph(graph_name)
        for statement in schema.falkordb_ddl():
            try:
                graph.query(statement)
            except redis.exceptions.ResponseError as exc:
                if "already indexed" not in str(exc):
                    raise _translate(exc, statement) from exc
        for label in schema.unique_keys():
            try:
                self.db.connection.execute_command(
                    "GRAPH.CONSTRAINT", "CREATE", graph_name, "UNIQUE", "NODE", label,
                    "PROPERTIES", 1, schema.KEY)
            except redis.exceptions.ResponseError as exc:
                if "already exists" not in str(exc).lower():
                    raise _translate(exc, "GRAPH.CONSTRAINT") from exc
        self._await_constraints(graph_name)

    def _await_constraints(self, graph_name: str, timeout: float = 30.0) -> None:
        """GRAPH.CONSTRAINT answers PENDING; a unique key is only enforced once it is OPERATIONAL."""
        deadline = time.monotonic() + timeout
        graph = self.db.select_graph(graph_name)
        while time.monotonic() < deadline:
            states = [row[4] for row in graph.ro_query("CALL db.constraints()").result_set]
            if all(state == "OPERATIONAL" for state in states):
                return
            if any(state == "FAILED" for state in states):
                raise QueryError(f"A unique constraint failed to build on graph {graph_name}: {states}")
            time.sleep(0.02)
        raise QueryError(f"Constraints on graph {graph_name} not operational after {timeout:.0f} s")

    def constraints(self) -> list[tuple[str, str, list[str], str]]:
        rows = self.read("CALL db.constraints()").rows
        return [(row[0], row[1], row[2], row[4]) for row in rows]

    @contextlib.contextmanager
    def replace_graph(self) -> Iterator[Writer]:
        staging = f"{self.graph_name}{STAGING_SUFFIX}_{os.getpid()}_{time.time_ns()}"
        with self._redis("preparing the staging graph"):
            self._drop_stale_staging()
            self._ensure_schema(staging)  # keys first: duplicate ids fail the load instead of slipping in
        writer = _FalkorWriter(self, staging)
        try:
            yield writer
        except BaseException:
            with contextlib.suppress(Exception):
                self.db.connection.delete(staging)
            raise
        with self._redis("RENAME"):
            # RENAME replaces the live key in one step; readers see the old graph or the new one
            self.db.connection.execute_command("RENAME", staging, self.graph_name)

    def _drop_stale_staging(self) -> None:
        """Staging graphs left by a killed load (their owner pid is gone) are removed."""
        prefix = f"{self.graph_name}{STAGING_SUFFIX}_"
        for name in self.db.list_graphs():
            if not name.startswith(prefix):
                continue
            try:
                pid = int(name[len(prefix):].split("_", 1)[0])
                os.kill(pid, 0)
                continue  # a load in progress in another process
            except (ValueError, ProcessLookupError):
                pass
            except PermissionError:
                continue
            self.db.connection.delete(name)

    def clear(self) -> None:
        with self._redis("DEL"):
            self.db.connection.delete(self.graph_name)

__all__ = ["CLIENT_GRACE_S", "ENGINE", "FalkorStore", "STAGING_SUFFIX", "WRITE_TIMEOUT_S",
    "WRITING_OPERATORS", "parse_falkordb_plan"]
