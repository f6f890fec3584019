"""The doors around the engine (issue 20), each attacked as the issue's breaks were: a data directory another user
seeded, a swapped cache file, a link planted at an export's target, formula cells, a report that is not a file,
nesting without brackets, row caps that UNION or `LIMIT $param` slipped past.

The hostile user is a real second uid (65534, `setpriv`, as root), as in test_engine_safety.py."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import pickle
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

import pytest

from smals_graph.graph_model import disk_cache
from smals_graph.graph_model.connect import connect
from smals_graph.graph_model.csv_safety import neutralise
from smals_graph.graph_model.embedded import EmbeddedEngine, _servers_in
from smals_graph.graph_model.errors import ConfigError, QueryError
from smals_graph.graph_model.limits import nesting_depth, with_row_limit

ROOT = Path(__file__).resolve().parents[2]
AS_ROOT = os.getuid() == 0 and shutil.which("setpriv") and os.path.exists("/usr/bin/python3")
needs_root = pytest.mark.skipif(not AS_ROOT, reason="needs root (setpriv to a second uid)")
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c"]


def cli(*args: str, data_dir: Path | None = None, timeout: float = 120, uri: str | None = None,
        prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "SMALS_GRAPH_URI")}
    if data_dir is not None:
        env["SMALS_GRAPH_DATA_DIR"] = str(data_dir)
    if uri:
        env["SMALS_GRAPH_URI"] = uri
    return subprocess.run([*(prefix or []), sys.executable, "-m", "smals_graph.app.cli.main", *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout)


@pytest.fixture
def open_parent():
    """A world-traversable parent, as /tmp or a shared folder is: another user may create entries in it."""
    parent = Path(tempfile.mkdtemp(prefix="smals-doors-", dir="/tmp"))
    os.chmod(parent, 0o755)
    yield parent
    for pid in _servers_in(Path(os.path.realpath(parent / "data"))):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    shutil.rmtree(parent, ignore_errors=True)


def as_nobody(script: str, *args: str) -> None:
    run = subprocess.run([*NOBODY, script, *args], capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr


# ------------------------------------------------------------------------------------------------ seeding
@needs_root
def test_a_data_directory_others_can_write_is_refused_and_what_they_planted_is_never_used(open_parent):
    data = open_parent / "data"
    data.mkdir()
    os.chmod(data, 0o777)  # left open before the first start
    as_nobody("import json, sys; open(sys.argv[1], 'w').write(json.dumps({'smals': 'x' * 20, "
              "'smals-admin': 'attacker-knows-this'}))", str(data / "engine.secret"))
    out = cli("engine", "start", data_dir=data)
    assert out.returncode == 2, out.stderr
    assert f"Refusing the data directory: {data} is writable by group or others (mode 777)." in out.stderr
    assert not _servers_in(Path(os.path.realpath(data)))  # nothing started with the planted password


@needs_root
@pytest.mark.parametrize("planted", ["engine.secret", "cache", "history.jsonl"])
def test_an_entry_another_user_owns_is_refused(open_parent, planted):
    data = open_parent / "data"
    data.mkdir(mode=0o700)
    target = data / planted
    if planted == "cache":
        target.mkdir()
    else:
        target.write_text("{}")
    os.chown(target, 65534, 65534)
    out = cli("engine", "start", data_dir=data)
    assert out.returncode == 2, out.stderr
    assert f"Refusing the data directory: {target} belongs to another user (uid 65534)." in out.stderr


@needs_root
def test_a_planted_log_symlink_is_refused_and_its_target_untouched(open_parent):
    data = open_parent / "data"
    data.mkdir(mode=0o700)
    victim = open_parent / "root-owned.txt"
    victim.write_text("untouched\n")
    os.chmod(victim, 0o600)
    (data / "engine.log").symlink_to(victim)
    out = cli("engine", "start", data_dir=data)
    assert out.returncode == 2, out.stderr
    assert f"Refusing the data directory: {data / 'engine.log'} is a symbolic link." in out.stderr
    assert victim.read_text() == "untouched\n"


def test_a_fresh_data_directory_starts_and_stays_private(open_parent):
    engine = EmbeddedEngine(open_parent / "data")
    try:
        engine.ensure_running()
        assert stat.S_IMODE(os.stat(engine.data_dir).st_mode) == 0o700
        for entry in engine.data_dir.iterdir():
            assert entry.stat().st_uid == os.getuid()
            assert not stat.S_IMODE(entry.stat().st_mode) & 0o077, entry
    finally:
        engine.stop()


# ------------------------------------------------------------------------------------------------ no pickle
MARKER_PAYLOAD = """
class Boom:
    def __reduce__(self):
        import os
        return (os.system, ("touch {marker}",))
"""


def _planted_pickle(marker: Path) -> bytes:
    namespace: dict = {}
    exec(MARKER_PAYLOAD.format(marker=marker), namespace)  # noqa: S102 - the attacker's pickle, built here
    return pickle.dumps(namespace["Boom"]())


def test_no_module_of_the_product_imports_pickle():
    for folder in ("graph_model", "loader", "app"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert "import pickle" not in text and "pickle." not in text, path


@pytest.mark.parametrize("engine", ["embedded", "neo4j"])
def test_a_swapped_cache_file_runs_no_code_and_the_cache_is_private(tmp_path, monkeypatch, engine):
    if engine == "embedded":  # the embedded engine's cache is in its data directory
        data = tmp_path / "data"
        data.mkdir(mode=0o700)
        store = types.SimpleNamespace(_embedded=types.SimpleNamespace(data_dir=data), uri="embedded:")
    else:  # any other store (Neo4j): the user cache directory, per database URI
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
        store = types.SimpleNamespace(uri="bolt://127.0.0.1:7687")
    folder = disk_cache.cache_dir(store)
    marker = tmp_path / "pwned"
    calls = []

    def compute() -> dict:
        calls.append(1)
        return {"answer": [1, 2]}

    value = disk_cache.cached(store, "fp1", "thing", compute, encode=lambda v: v, decode=lambda d: d)
    assert value == {"answer": [1, 2]} and len(calls) == 1
    files = list(folder.iterdir())
    assert [f.suffix for f in files] == [".json"]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and stat.S_IMODE(files[0].stat().st_mode) == 0o600
    # the attacker swaps the file for a pickle whose loading runs a command, under both names
    files[0].write_bytes(_planted_pickle(marker))
    files[0].with_suffix(".pickle").write_bytes(_planted_pickle(marker))
    os.chmod(files[0].with_suffix(".pickle"), 0o600)
    value = disk_cache.cached(store, "fp1", "thing", compute, encode=lambda v: v, decode=lambda d: d)
    assert value == {"answer": [1, 2]} and len(calls) == 2  # not JSON: computed again
    assert not marker.exists()
    assert [f.suffix for f in folder.iterdir()] == [".json"]  # the pickle of an earlier version is removed


@needs_root
def test_a_cache_folder_another_user_can_write_is_refused(tmp_path):
    data = tmp_path / "data"
    (data / "cache").mkdir(parents=True)
    os.chmod(data, 0o700)
    os.chmod(data / "cache", 0o777)
    store = types.SimpleNamespace(_embedded=types.SimpleNamespace(data_dir=data), uri="embedded:")
    with pytest.raises(ConfigError, match=r"cache is writable by group or others \(mode 777\)"):
        disk_cache.cached(store, "fp", "thing", lambda: 1, encode=lambda v: v, decode=lambda d: d)


# ------------------------------------------------------------------------------------------------ exports
@pytest.fixture
def export_graph(store):
    store.write("CREATE (:Member {id: 'm:evil', name: '=HYPERLINK(\"http://x.invalid\",\"click\")', "
                "category: '@SUM(A1)'})<-[:FOR {raw: '-2+3'}]-(:Project {id: 'p:x', name: 'Plain', year: -5})")
    return store


@pytest.mark.parametrize(("fmt", "out_name", "link_name"), [
    ("json", "graph.json", "graph.json"),
    ("graphml", "graph.graphml", "graph.graphml"),
    ("csv", "graph.csv", "graph.csv"),
    ("csv", "graph.csv", "graph.edges.csv"),
])
def test_an_export_never_writes_through_a_planted_link(export_graph, tmp_path, fmt, out_name, link_name):
    victim = tmp_path / "owners-secret.txt"
    victim.write_text("keep me\n")
    os.chmod(victim, 0o600)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / link_name).symlink_to(victim)
    out = cli("export", "--format", fmt, "--out", str(out_dir / out_name), uri=export_graph.connection_uri())
    assert out.returncode == 2, out.stderr
    assert f"Refusing to write {out_dir / link_name}: it is a symbolic link" in out.stderr
    assert victim.read_text() == "keep me\n"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o600


def test_an_export_replaces_an_existing_file_and_keeps_its_mode(export_graph, tmp_path):
    target = tmp_path / "graph.json"
    target.write_text("old")
    os.chmod(target, 0o640)
    out = cli("export", "--format", "json", "--out", str(target), uri=export_graph.connection_uri())
    assert out.returncode == 0, out.stderr
    assert json.loads(target.read_text())["nodes"] and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.json"]  # no temporary file left


def test_csv_export_neutralises_formulas_unless_raw(export_graph, tmp_path):
    out = cli("export", "--format", "csv", "--out", str(tmp_path / "safe"), uri=export_graph.connection_uri())
    assert out.returncode == 0, out.stderr
    nodes = list(csv.DictReader((tmp_path / "safe" / "nodes.csv").open(encoding="utf-8")))
    evil = next(row for row in nodes if row["key"] == "m:evil")
    assert evil["name"] == "'=HYPERLINK(\"http://x.invalid\",\"click\")"
    assert evil["category"] == "'@SUM(A1)"
    plain = next(row for row in nodes if row["key"] == "p:x")
    assert plain["year"] == "-5"  # a number stays a number
    edges = list(csv.DictReader((tmp_path / "safe" / "edges.csv").open(encoding="utf-8")))
    assert edges[0]["raw"] == "'-2+3"
    out = cli("export", "--format", "csv", "--raw-csv", "--out", str(tmp_path / "raw"),
              uri=export_graph.connection_uri())
    assert out.returncode == 0, out.stderr
    nodes = list(csv.DictReader((tmp_path / "raw" / "nodes.csv").open(encoding="utf-8")))
    assert next(row for row in nodes if row["key"] == "m:evil")["category"] == "@SUM(A1)"


def test_query_csv_neutralises_formulas_unless_raw(export_graph):
    query = "RETURN '=1+1' AS a, '-5' AS b, -5 AS c, '@x' AS d, '+cmd' AS e, 'x=1' AS f"
    out = cli("query", query, "--format", "csv", uri=export_graph.connection_uri())
    assert out.returncode == 0, out.stderr
    assert list(csv.reader(io.StringIO(out.stdout))) == [["a", "b", "c", "d", "e", "f"],
                                                          ["'=1+1", "-5", "-5", "'@x", "'+cmd", "x=1"]]
    out = cli("query", query, "--format", "csv", "--raw-csv", uri=export_graph.connection_uri())
    assert list(csv.reader(io.StringIO(out.stdout)))[1] == ["=1+1", "-5", "-5", "@x", "+cmd", "x=1"]


@pytest.mark.parametrize(("cell", "expected"), [
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("-", "'-"), ("-1e3", "-1e3"), ("+1.5", "+1.5"),
    ("-inf", "'-inf"), ("- 5", "'- 5"), ("a=b", "a=b"), ("", ""),
])
def test_the_owasp_rule(cell, expected):
    assert neutralise(cell) == expected


# ------------------------------------------------------------------------------------------------ reports
@pytest.fixture
def kept_graph(tmp_path):
    """A data directory of its own whose graph holds one member: what a failed load must leave."""
    data = tmp_path / "data"
    store = connect("embedded:", data_dir=data)
    store.write("CREATE (:Member {id: 'm:kept'})")
    store.close()
    yield data
    EmbeddedEngine(data).stop()


def _members(data: Path) -> list[str]:
    store = connect("embedded:", data_dir=data)
    try:
        return [row[0] for row in store.read("MATCH (m:Member) RETURN m.id ORDER BY m.id").rows]
    finally:
        store.close()


def test_load_dev_zero_exits_7_within_seconds_and_keeps_the_graph(kept_graph):
    started = time.monotonic()
    out = cli("load", "/dev/zero", "--quiet", data_dir=kept_graph, timeout=60)
    assert out.returncode == 7, out.stderr
    assert time.monotonic() - started < 15
    assert "/dev/zero: not a regular file (a device): give the report's text file" in out.stderr
    assert _members(kept_graph) == ["m:kept"]


def test_a_directory_fifo_or_huge_file_as_the_report_exits_7(kept_graph, tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    fifo = tmp_path / "a-fifo"
    os.mkfifo(fifo)  # nobody writes to it: opening it for reading would block forever
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)  # sparse: 50 MB + 1 byte without using the disk
    expected = {
        folder: f"{folder}: not a regular file (a directory): give the report's text file",
        fifo: f"{fifo}: not a regular file (a named pipe (FIFO)): give the report's text file",
        huge: f"{huge}: too large: 52,428,801 bytes, more than the 52,428,800 a report may have",
    }
    for path, message in expected.items():
        out = cli("load", str(path), "--quiet", data_dir=kept_graph, timeout=60)
        assert out.returncode == 7, (path, out.stderr)
        assert message in out.stderr, out.stderr
    assert _members(kept_graph) == ["m:kept"]


# ------------------------------------------------------------------------------------------------ nesting
def nested_case(depth: int) -> str:
    return "RETURN " + "CASE WHEN true THEN " * depth + "1" + " ELSE 0 END" * depth + " AS x"


def test_nesting_counts_case_list_comprehensions_and_subqueries():
    assert nesting_depth(nested_case(40)) == 40
    assert nesting_depth("RETURN [x IN [y IN [1] | y] | x]") == 3
    # `n.end` is a property, not the end of the CASE
    assert nesting_depth("MATCH (n) RETURN CASE WHEN n.end = 1 THEN [CASE WHEN true THEN 1 END] END AS c") == 3
    assert nesting_depth("CALL { CALL { RETURN 1 AS x } RETURN x } RETURN x") == 2


def test_case_nested_40_deep_is_refused_and_the_next_query_answers_in_time(store):
    for _ in range(2):  # two of them held both engine threads for good before
        with pytest.raises(QueryError, match=r"^Query rejected: nested 40 levels deep \(brackets, CASE and NOT / "
                                             r"unary minus\), more than the 12"):
            store.read(nested_case(40), timeout=2.0)
    started = time.monotonic()
    assert store.read("RETURN 1 AS alive", timeout=2.0).scalar() == 1
    assert time.monotonic() - started < 2.0
    assert store.read(nested_case(5), timeout=2.0).scalar() == 1  # a reasonable CASE still runs


# ------------------------------------------------------------------------------------------------ row caps
@pytest.mark.parametrize(("cypher", "params", "expected"), [
    ("MATCH (n) RETURN n.x UNION MATCH (m) RETURN m.x", None,
     "MATCH (n) RETURN DISTINCT n.x\nLIMIT 11\nUNION MATCH (m) RETURN DISTINCT m.x\nLIMIT 11"),
    ("MATCH (n) RETURN n.x AS x UNION ALL MATCH (m) RETURN m.x AS x LIMIT 50", None,
     "MATCH (n) RETURN n.x AS x\nLIMIT 11\nUNION ALL MATCH (m) RETURN m.x AS x LIMIT 11"),
    ("MATCH (n) RETURN n LIMIT $k", {"k": 5000}, "MATCH (n) RETURN n LIMIT 11"),
    ("MATCH (n) RETURN n LIMIT $k", {"k": 3}, "MATCH (n) RETURN n LIMIT 3"),
])
def test_the_row_cap_reaches_the_engine_through_union_and_limit_parameters(cypher, params, expected):
    assert with_row_limit(cypher, 11, params) == expected


def test_a_limit_the_cap_cannot_bound_is_refused(store):
    with pytest.raises(QueryError, match=r"^Query rejected: LIMIT takes a whole number or a \$parameter"):
        store.read("UNWIND range(1, 10) AS x RETURN x LIMIT $n", {"n": "ten"})


MEASURE = """
import resource, subprocess, sys
out = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(out.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
sys.stdout.write(out.stdout)
sys.stderr.write(out.stderr)
"""


@pytest.mark.parametrize(("cypher", "params"), [
    ("UNWIND range(1, 1000000) AS x RETURN x UNION ALL UNWIND range(1, 1000000) AS x RETURN x", []),
    ("UNWIND range(1, 1000000) AS x RETURN x UNION UNWIND range(1000001, 2000000) AS x RETURN x", []),
    ("UNWIND range(1, 1000000) AS x RETURN x LIMIT $n", ["-p", "n=1000000"]),
])
def test_max_rows_10_keeps_the_client_under_300_mb_whatever_the_shape(store, cypher, params):
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    env["SMALS_GRAPH_URI"] = store.connection_uri()
    run = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "smals_graph.app.cli.main", "query",
                          cypher, *params, "--max-rows", "10", "--format", "csv", "--timeout", "30"],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=180)
    first, *rows = run.stdout.splitlines()
    code, rss_mb = map(int, first.split())
    assert code == 0, run.stderr
    assert "(truncated at 10 rows)" in run.stderr
    assert rows[0] == "x" and len(rows) == 11
    assert rss_mb < 300, f"client RSS {rss_mb} MB"


# ------------------------------------------------------------------------------------------------ the app's door
def _app_banner(data: Path, *args: str) -> str:
    """The first line `smals-graph app` writes to stderr (then the server is stopped)."""
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "SMALS_GRAPH_URI", "SMALS_GRAPH_APP_TOKEN")}
    env["SMALS_GRAPH_DATA_DIR"] = str(data)
    proc = subprocess.Popen([sys.executable, "-m", "smals_graph.app.cli.main", "app", "--headless", "--port",
                             str(_free_port()), *args], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True, env=env, cwd=ROOT, start_new_session=True)
    try:
        lines = []
        while not lines or not lines[-1].startswith("smals-graph app: "):
            line = proc.stderr.readline()
            assert line, f"no banner: {lines}"
            lines.append(line.rstrip("\n"))
        return "\n".join(lines)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_app_prints_its_url_with_the_data_directorys_token(tmp_path):
    data = tmp_path / "data"
    banner = _app_banner(data)
    token = (data / "app.token").read_text()
    assert stat.S_IMODE((data / "app.token").stat().st_mode) == 0o600 and len(token) >= 40
    assert banner.endswith(f":{banner.split(':')[-1].split('/')[0]}/?token={token}")
    assert banner.startswith("smals-graph app: http://127.0.0.1:")
    assert _app_banner(data).endswith(f"/?token={token}")  # the same token at the next start


def test_serving_beyond_loopback_without_a_login_warns(tmp_path):
    banner = _app_banner(tmp_path / "data", "--host", "0.0.0.0", "--login", "off")
    assert ("WARNING: serving on 0.0.0.0 with no login: anyone who reaches this port reads the graph. "
            "Use --login token or oidc, or serve on 127.0.0.1.") in banner
    assert "?token=" not in banner


@needs_root
def test_a_planted_token_file_is_refused(open_parent):
    data = open_parent / "data"
    data.mkdir(mode=0o700)
    (data / "app.token").write_text("the-attacker-knows-this-token")
    os.chown(data / "app.token", 65534, 65534)
    from smals_graph.graph_model.app_token import app_token

    env_token = os.environ.pop("SMALS_GRAPH_APP_TOKEN", None)
    try:
        with pytest.raises(ConfigError, match=r"app.token belongs to another user \(uid 65534\)"):
            app_token(data)
    finally:
        if env_token is not None:
            os.environ["SMALS_GRAPH_APP_TOKEN"] = env_token


def test_history_and_reports_registry_never_write_through_a_link(tmp_path):
    from smals_graph.app.view_model import history
    from smals_graph.graph_model import reports

    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    (data / "history.jsonl").symlink_to(victim)
    with pytest.raises(OSError, match="Too many levels of symbolic links"):
        history.record("MATCH (n) RETURN n", {}, rows=1, path=data / "history.jsonl")
    (data / "reports.json").symlink_to(victim)
    report = tmp_path / "report.txt"
    report.write_text("un rapport\n")
    reports.remember(data, report, reports.sha256_of(report))
    assert victim.read_text() == "keep me\n"
    assert not (data / "reports.json").is_symlink()  # replaced by a file of its own, 0600
    assert stat.S_IMODE((data / "reports.json").stat().st_mode) == 0o600
