"""Start and stop the Neo4j test server (tests/neo4j_server, built by `make neo4j-server`) from Python: the test
session and the benchmarks use it. The server is a child process; it stops when its stdin closes, so it never
outlives us, not even after a kill -9 of the test run."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
JAR = HERE / "target" / "neo4j-test-server.jar"
READY = "NEO4J_TEST_SERVER "
HEAP = os.environ.get("SMALS_GRAPH_NEO4J_HEAP", "1g")
PAGECACHE = os.environ.get("SMALS_GRAPH_NEO4J_PAGECACHE", "64m")  # the store files cached (TestServer.java)
START_TIMEOUT_S = 600.0  # a cold JVM takes 20 s on an idle 2-core box, minutes on a crowded one
JVM_OPTIONS = (
    f"-Xmx{HEAP}", f"-Dsmals.pagecache={PAGECACHE}", "-Xms256m", "-Xss1m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseG1GC",
    "-XX:ActiveProcessorCount=2", "-Djava.awt.headless=true",
)


class Neo4jServerError(RuntimeError):
    """The test server could not be built or started."""


@dataclass
class Neo4jServer:
    """A running test server. `env()` gives the variables that point the product at it."""

    process: subprocess.Popen[str]
    uri: str
    username: str
    password: str
    work_dir: Path
    lines: list[str] = field(default_factory=list)  # what the JVM printed (for error messages)

    def env(self) -> dict[str, str]:
        return {"NEO4J_URI": self.uri, "NEO4J_USERNAME": self.username, "NEO4J_PASSWORD": self.password}

    @property
    def port(self) -> int:
        return int(self.uri.rsplit(":", 1)[1])

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 60.0) -> None:
        """Close its stdin (a clean shutdown); SIGTERM, then SIGKILL if it lingers."""
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                assert self.process.stdin is not None
                self.process.stdin.close()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                try:
                    self.process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        shutil.rmtree(self.work_dir, ignore_errors=True)


def java() -> str:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise Neo4jServerError("no `java` on PATH: install a JDK 17+ (apt-get install openjdk-17-jdk-headless)")
    return found


class Pending:
    """A server being started in the background: `wait()` returns it once Bolt answers."""

    def __init__(self, process: subprocess.Popen[str], work_dir: Path) -> None:
        self.process = process
        self.work_dir = work_dir
        self.lines: list[str] = []
        self._ready: queue.Queue[dict[str, str] | None] = queue.Queue()
        self._server: Neo4jServer | None = None
        threading.Thread(target=self._read, daemon=True, name="neo4j-test-server-stdout").start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith(READY):
                self._ready.put(json.loads(line[len(READY):]))
            else:
                self.lines.append(line.rstrip("\n"))
                del self.lines[:-200]
        self._ready.put(None)  # stdout closed: the JVM ended

    def wait(self, timeout: float = START_TIMEOUT_S) -> Neo4jServer:
        if self._server is not None:
            return self._server
        try:
            info = self._ready.get(timeout=timeout)
        except queue.Empty:
            info = None
        if info is None:
            self.process.kill()
            self.process.wait()
            tail = "\n".join(self.lines[-30:])
            raise Neo4jServerError(f"the Neo4j test server did not start within {timeout:.0f} s "
                                   f"(exit code {self.process.returncode}):\n{tail}")
        self._server = Neo4jServer(self.process, info["uri"], info["username"], info["password"],
                                   self.work_dir, self.lines)
        return self._server

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
        else:
            Neo4jServer(self.process, "", "", "", self.work_dir).stop()


def start(work_dir: Path | None = None) -> Pending:
    """Launch the server; returns at once (the JVM needs tens of seconds to open Bolt)."""
    if not JAR.is_file():
        raise Neo4jServerError(f"{JAR} is missing: build it with `make neo4j-server` (needs a JDK 17+ and Maven)")
    work_dir = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="smals-graph-neo4j-"))
    process = subprocess.Popen(
        [java(), *JVM_OPTIONS, "-jar", str(JAR), str(work_dir)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
    )
    return Pending(process, work_dir)


@contextlib.contextmanager
def running(work_dir: Path | None = None) -> Iterator[Neo4jServer]:
    pending = start(work_dir)
    try:
        started = time.monotonic()
        server = pending.wait()
        server.lines.append(f"started in {time.monotonic() - started:.1f} s")
        yield server
    finally:
        pending.stop()
