"""The embedded engine under attack and abuse: a second local user, the product's own user, a lost state file, a
password changed behind the manager's back, a full disk, a read-only data directory, a kill -9 during a load.

Each test drives the real server; the hostile user is a real second uid (`setpriv`, as root) speaking raw RESP
with the system Python, so it needs nothing of ours."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import redis
from waiting import wait_until

from smals_graph.graph_model.connect import connect
from smals_graph.graph_model.embedded import (
    ADMIN_USER,
    APP_USER,
    EmbeddedEngine,
    _listening_port,
    _servers_in,
)
from smals_graph.graph_model.errors import EngineUnavailable, QueryError

ROOT = Path(__file__).resolve().parents[2]
AS_ROOT = os.getuid() == 0 and shutil.which("setpriv") and os.path.exists("/usr/bin/python3")
needs_root = pytest.mark.skipif(not AS_ROOT, reason="needs root (setpriv to a second uid, mount)")
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c"]

ATTACK = r"""
import json, socket, sys
target, secret = sys.argv[1], sys.argv[2]
out = {}
try:
    open(secret).read()
    out["secret"] = "read"
except OSError as exc:
    out["secret"] = type(exc).__name__

def resp(*args):
    try:  # the engine's unix socket (inside the 0700 data directory), or a TCP port if it had one
        if target.isdigit():
            s = socket.create_connection(("127.0.0.1", int(target)), timeout=5)
        else:
            s = socket.socket(socket.AF_UNIX)
            s.settimeout(5)
            s.connect(target)
    except OSError as exc:
        return type(exc).__name__
    s.sendall(("*%d\r\n" % len(args) + "".join("$%d\r\n%s\r\n" % (len(a.encode()), a) for a in args)).encode())
    data = s.recv(200).decode(errors="replace")
    s.close()
    return data

out["write"] = resp("GRAPH.QUERY", "smals", "CREATE (:Member {id: 'evil'})")
out["flushall"] = resp("FLUSHALL")
out["config"] = resp("CONFIG", "SET", "requirepass", "mine")
out["shutdown"] = resp("SHUTDOWN", "NOSAVE")
out["auth_default"] = resp("AUTH", "default", "")
held = []
for _ in range(200):  # the break: 10,050 connections filled the server's client slots
    held.append(resp("PING"))
out["connections"] = sorted(set(held))
print(json.dumps(out))
"""


@pytest.fixture
def open_parent():
    """A world-traversable parent (as /home/user often is): only the data directory's own mode protects it."""
    parent = Path(tempfile.mkdtemp(prefix="smals-safety-", dir="/tmp"))
    os.chmod(parent, 0o755)
    yield parent
    shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture
def engine(open_parent):
    eng = EmbeddedEngine(open_parent / "data")
    yield eng
    with contextlib.suppress(Exception):
        eng.stop()
    for pid in _servers_in(eng.data_dir):  # whatever a test left behind
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def cli(*args: str, data_dir: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "SMALS_GRAPH_URI")}
    env["SMALS_GRAPH_DATA_DIR"] = str(data_dir)
    return subprocess.run([sys.executable, "-m", "smals_graph.app.cli.main", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=timeout)


def _aof_settled(admin: redis.Redis) -> bool:
    """No AOF rewrite running or scheduled, and nothing waiting to be written or fsynced."""
    info = admin.info("persistence")
    return (not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled")
            and not info.get("aof_buffer_length") and not info.get("aof_pending_bio_fsync"))


def admin_client(engine: EmbeddedEngine) -> redis.Redis:
    info = engine.running()
    keys = json.loads(engine.secret_path.read_text())
    return redis.Redis(unix_socket_path=info.socket, username=ADMIN_USER, password=keys[ADMIN_USER],
                       socket_timeout=5)


def modes(directory: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(directory.stat().st_mode)}
    for path in directory.rglob("*"):
        found[str(path.relative_to(directory))] = stat.S_IMODE(path.lstat().st_mode)
    return found


# ------------------------------------------------------------------------------------------------ locked
def test_data_directory_is_0700_and_every_file_0600(engine, monkeypatch):
    store = connect("embedded:", data_dir=engine.data_dir)
    store.write("UNWIND range(1, 100) AS i CREATE (:Member {id: toString(i)})")
    admin = admin_client(engine)
    admin.execute_command("BGREWRITEAOF")  # the server's own files: AOF base and increments
    wait_until(lambda: _aof_settled(admin), timeout=30, what="the AOF rewrite to finish")
    from smals_graph.app.view_model import history

    history.record("MATCH (n) RETURN n", {}, rows=1, path=engine.data_dir / "history.jsonl")
    store.close()
    found = modes(engine.data_dir)
    assert found["."] == 0o700
    assert {"engine.json", "engine.secret", "engine.conf", "engine.log", "history.jsonl",
            "appendonlydir"} <= set(found)
    assert any(name.endswith(".aof") for name in found)
    wrong = {name: oct(mode) for name, mode in found.items()
             if mode != (0o700 if (engine.data_dir / name).is_dir() else 0o600)}
    assert wrong == {}


def test_files_left_0644_by_an_earlier_version_are_tightened(engine):
    engine.data_dir.mkdir(parents=True)
    os.chmod(engine.data_dir, 0o755)
    old = engine.data_dir / "history.jsonl"
    old.write_text("{}\n")
    os.chmod(old, 0o644)
    engine.ensure_running()
    assert modes(engine.data_dir)["."] == 0o700 and modes(engine.data_dir)["history.jsonl"] == 0o600


def test_no_password_on_any_command_line(engine):
    info = engine.ensure_running()
    keys = json.loads(engine.secret_path.read_text())
    cmdline = Path(f"/proc/{info.pid}/cmdline").read_bytes().decode(errors="replace")
    assert keys[APP_USER] not in cmdline and keys[ADMIN_USER] not in cmdline


@needs_root
def test_a_second_user_can_neither_read_the_password_nor_even_connect(engine):
    """The engine listens on a unix socket in the 0700 data directory and on no TCP port: another user gets no
    connection at all (through TCP, 10,050 unauthenticated connections once filled its client slots)."""
    store = connect("embedded:", data_dir=engine.data_dir)
    store.write("CREATE (:Member {id: 'kept'})")
    info = engine.running()
    assert info.socket == str(engine.data_dir / "engine.sock") and info.port == 0
    assert _listening_port(info.pid) is None  # no TCP listener at all
    run = subprocess.run([*NOBODY, ATTACK, info.socket, str(engine.secret_path)], capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out == {"secret": "PermissionError", "write": "PermissionError", "flushall": "PermissionError",
                   "config": "PermissionError", "shutdown": "PermissionError", "auth_default": "PermissionError",
                   "connections": ["PermissionError"]}
    assert engine.running().pid == info.pid  # still up
    assert store.read("MATCH (n:Member) RETURN collect(n.id)").scalar() == ["kept"]
    store.close()


ADMIN_COMMANDS = [
    ("FLUSHALL",), ("FLUSHDB",), ("CONFIG", "SET", "requirepass", "x"), ("CONFIG", "GET", "dir"),
    ("DEBUG", "SLEEP", "0"), ("MODULE", "LIST"), ("SHUTDOWN", "NOSAVE"), ("ACL", "SETUSER", "x", "on", ">x", "+@all"),
    ("ACL", "LIST"), ("GRAPH.CONFIG", "SET", "TIMEOUT_MAX", "0"), ("GRAPH.UDF", "FLUSH"), ("KEYS", "*"),
    ("BGREWRITEAOF",), ("SAVE",), ("REPLICAOF", "127.0.0.1", "1"), ("MONITOR",),
]


@pytest.mark.parametrize("command", ADMIN_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_the_products_own_user_cannot_administer_the_server(engine, command):
    store = connect("embedded:", data_dir=engine.data_dir)
    store.write("CREATE (:Member {id: 'kept'})")
    pid = engine.running().pid
    with pytest.raises(redis.exceptions.ResponseError) as caught:
        store.db.connection.execute_command(*command)
    assert "no permissions" in str(caught.value) or "not allowed" in str(caught.value)
    assert engine.running().pid == pid
    assert store.read("MATCH (n:Member) RETURN count(n)").scalar() == 1
    store.close()


# ------------------------------------------------------------------------------------------------ one server
def test_deleting_the_state_file_never_starts_a_second_server(engine):
    store = connect("embedded:", data_dir=engine.data_dir)
    store.write("CREATE (:Member {id: 'kept'})")
    store.close()
    pid = engine.running().pid
    engine.state_path.unlink()
    out = cli("status", data_dir=engine.data_dir)
    assert out.returncode == 0, out.stderr
    assert "nodes: 1" in out.stdout
    assert _servers_in(engine.data_dir) == [pid]
    out = cli("engine", "status", data_dir=engine.data_dir)
    assert f"running: pid {pid}" in out.stdout
    assert cli("engine", "stop", data_dir=engine.data_dir).stdout.strip() == "embedded engine stopped"
    assert _servers_in(engine.data_dir) == []


def test_a_password_changed_behind_the_managers_back_means_unhealthy_never_a_second_server(engine):
    store = connect("embedded:", data_dir=engine.data_dir)
    store.write("CREATE (:Member {id: 'kept'})")
    store.close()
    pid = engine.running().pid
    admin = admin_client(engine)
    admin.execute_command("ACL", "SETUSER", APP_USER, "resetpass", ">someone-elses")
    admin.execute_command("ACL", "SETUSER", ADMIN_USER, "resetpass", ">someone-elses")
    with pytest.raises(EngineUnavailable) as caught:
        connect("embedded:", data_dir=engine.data_dir)
    assert "running but unhealthy" in str(caught.value) and "changed behind its back" in str(caught.value)
    out = cli("status", data_dir=engine.data_dir)
    assert out.returncode == 3 and "running but unhealthy" in out.stderr and "Traceback" not in out.stderr
    out = cli("engine", "status", data_dir=engine.data_dir)
    assert out.returncode == 3 and "running but unhealthy" in out.stdout
    assert _servers_in(engine.data_dir) == [pid]
    out = cli("engine", "stop", data_dir=engine.data_dir)
    assert out.returncode == 0 and out.stdout.strip() == "embedded engine stopped", out.stderr
    assert _servers_in(engine.data_dir) == []
    again = connect("embedded:", data_dir=engine.data_dir)  # the data directory starts again, data kept
    assert again.read("MATCH (n:Member) RETURN collect(n.id)").scalar() == ["kept"]
    again.close()


def test_a_server_that_does_not_answer_is_running_not_replaced(engine):
    info = engine.ensure_running()
    os.kill(info.pid, signal.SIGSTOP)  # alive but answers nothing (as when BUSY or stuck)
    try:
        started = time.monotonic()
        with pytest.raises(EngineUnavailable) as caught:
            engine.ensure_running()
        assert "running but unhealthy" in str(caught.value)
        assert time.monotonic() - started < 30
        assert _servers_in(engine.data_dir) == [info.pid]
    finally:
        os.kill(info.pid, signal.SIGCONT)
    assert engine.ensure_running().pid == info.pid


def test_stop_handles_a_stopped_server_a_stale_state_file_and_a_lost_password_file(engine):
    assert engine.stop() is False
    engine.data_dir.mkdir(parents=True, exist_ok=True)
    engine.state_path.write_text(json.dumps({"pid": 999_999_999, "port": 1}))
    assert engine.stop() is False and not engine.state_path.exists()
    pid = engine.ensure_running().pid
    engine.secret_path.unlink()  # the manager can no longer log in: SIGTERM it is
    with pytest.raises(EngineUnavailable) as caught:
        engine.ensure_running()
    assert "password file" in str(caught.value)
    assert _servers_in(engine.data_dir) == [pid]
    assert engine.stop() is True
    assert _servers_in(engine.data_dir) == []
    assert engine.ensure_running().pid != pid


@pytest.fixture
def small_disk(open_parent):
    """A 20 MB tmpfs of our own (root only): a disk to fill or to remount read-only."""
    mount = open_parent / "small-disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(mount)]).returncode != 0:
        pytest.fail("root could not mount a tmpfs here")
    yield mount
    subprocess.run(["umount", "-l", str(mount)])


@needs_root
def test_a_full_disk_never_yields_a_second_server_nor_an_unreadable_data_directory(small_disk):
    mount = small_disk
    engine = EmbeddedEngine(mount / "data")
    try:
        store = connect("embedded:", data_dir=engine.data_dir)
        store.write("UNWIND range(1, 1000) AS i CREATE (:Member {id: toString(i)})")
        wait_until(lambda: _aof_settled(admin_client(engine)), timeout=30, what="the writes to be on disk")
        pid = engine.running().pid
        with open(mount / "filler", "wb") as filler:  # fill the disk to the last byte
            with contextlib.suppress(OSError):
                while True:
                    filler.write(b"\0" * 65536)
                    filler.flush()
        failures = []
        for i in range(40):
            try:
                store.write("UNWIND range(1, 2000) AS i CREATE (:Filler {id: $i * 10000 + i, pad: $pad})",
                            {"i": i, "pad": "x" * 200})
            except (QueryError, EngineUnavailable) as exc:
                failures.append(str(exc))
                break
            time.sleep(0.05)
        # the server notices the full disk at its next fsync: wait for the failure to be seen, by us or by it
        wait_until(lambda: failures or engine.status().state == "unhealthy", timeout=30,
                   what="the full disk to be noticed")
        store.close()
        status = engine.status()
        assert status.state in ("unhealthy", "running")
        assert failures or status.state == "unhealthy", "the full disk went unnoticed"
        out = cli("status", data_dir=engine.data_dir)
        assert "Traceback" not in out.stderr
        assert _servers_in(engine.data_dir) == [pid]  # never a second server on the same files
        out = cli("engine", "stop", data_dir=engine.data_dir)
        assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
        assert _servers_in(engine.data_dir) == []
        (mount / "filler").unlink()
        again = connect("embedded:", data_dir=engine.data_dir)  # the data directory starts again
        assert again.read("MATCH (n:Member) RETURN count(n)").scalar() == 1000
        again.close()
    finally:
        with contextlib.suppress(Exception):
            engine.stop()
        for pid in _servers_in(engine.data_dir):
            os.kill(pid, signal.SIGKILL)


@needs_root
def test_a_read_only_data_directory_is_a_clear_message(small_disk):
    mount = small_disk
    existing = mount / "existing"
    eng = EmbeddedEngine(existing)
    store = connect("embedded:", data_dir=existing)
    store.write("CREATE (:Member {id: 'kept'})")
    store.close()
    eng.stop()
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    for data_dir in (existing, mount / "new"):
        for args in (("status",), ("engine", "start"), ("engine", "stop"), ("query", "RETURN 1")):
            out = cli(*args, data_dir=data_dir)
            assert "Traceback" not in out.stderr, (args, out.stderr)
            assert out.returncode == 3, (args, out.returncode, out.stdout, out.stderr)
            assert "Read-only file system" in out.stderr and str(data_dir) in out.stderr


def test_kill_9_of_the_engine_during_a_load_is_a_clear_message(engine, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "SMALS_GRAPH_URI")}
    env["SMALS_GRAPH_DATA_DIR"] = str(engine.data_dir)
    for _ in range(3):  # the writing phase is short: catch it mid-way (retry when the load won the race)
        previous = connect("embedded:", data_dir=engine.data_dir)
        previous.clear()
        previous.write("CREATE (:Member {id: 'previous'})")
        previous.close()
        proc = subprocess.Popen([sys.executable, "-m", "smals_graph.app.cli.main", "load", "--quiet"], cwd=ROOT,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        admin = admin_client(engine)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:  # the load has begun its staging graph
            if any(b"__staging" in name for name in admin.execute_command("GRAPH.LIST")):
                break
            time.sleep(0.005)
        os.kill(engine.running().pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=120)
        if proc.returncode != 0:
            break
        engine.ensure_running()
    assert "Traceback" not in err, err
    assert proc.returncode in (3, 8), (proc.returncode, err)
    assert err.startswith("Error: ")
    # the next command works, and the previous graph is the live one
    store = connect("embedded:", data_dir=engine.data_dir)
    ids = store.read("MATCH (n:Member) RETURN n.id ORDER BY n.id LIMIT 3").rows
    assert ids == [["previous"]]
    store.close()
