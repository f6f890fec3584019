"""The CLI as a user runs it: a real process, the real engine, exit codes and stderr messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from smals_graph.graph_model.connect import connect


@pytest.fixture
def cli_graph(engine_dir):
    s = connect("embedded:", data_dir=engine_dir, graph="t_cli")
    s.clear()
    s.write("CREATE (:Member {id: 'm:onss', name: 'ONSS', category: 'A'})"
            "<-[:FOR {raw: 'ONSS'}]-(:Project {id: 'p:wave', name: 'Wave SaaS'})")
    yield s.connection_uri(), engine_dir
    s.clear()
    s.close()


def run(*args: str, data_dir=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_URI", "SMALS_GRAPH_URI")}
    if data_dir:
        env["SMALS_GRAPH_DATA_DIR"] = str(data_dir)
    return subprocess.run([sys.executable, "-m", "smals_graph.app.cli.main", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_query_as_table(cli_graph):
    uri, _ = cli_graph
    out = run("--uri", uri, "query", "MATCH (m:Member) RETURN m.id AS id, m.name AS name")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["id     | name", "-------+-----", "m:onss | ONSS"]
    assert "(1 rows," in out.stderr and "falkordb)" in out.stderr


def test_query_with_parameters_as_json_and_csv(cli_graph):
    uri, _ = cli_graph
    out = run("--uri", uri, "query", "MATCH (p:Project)-[:FOR]->(m {id: $id}) RETURN p.name AS name, $n AS n",
              "--param", "id=m:onss", "-p", "n=3", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["columns"] == ["name", "n"] and data["rows"] == [["Wave SaaS", 3]] and data["engine"] == "falkordb"
    out = run("--uri", uri, "query", "MATCH (n) RETURN n.id AS id ORDER BY id", "--format", "csv")
    assert out.stdout.splitlines() == ["id", "m:onss", "p:wave"]


def test_max_rows_truncates_and_says_so(cli_graph):
    uri, _ = cli_graph
    out = run("--uri", uri, "query", "UNWIND range(1, 10) AS i RETURN i", "--max-rows", "3", "--format", "csv")
    assert out.stdout.splitlines() == ["i", "1", "2", "3"]
    assert "(truncated at 3 rows)" in out.stderr


def test_a_write_is_refused_with_exit_code_5(cli_graph):
    uri, _ = cli_graph
    out = run("--uri", uri, "query", "MATCH (n) DETACH DELETE n")
    assert out.returncode == 5
    assert out.stderr.strip() == ("Error: Refused: the query would write, and this path is read-only "
                                  "(graph.RO_QUERY is to be executed only on read-only queries)")
    assert connect(uri).read("MATCH (n) RETURN count(n)").scalar() == 2


def test_syntax_error_shows_the_engine_message_with_exit_code_4(cli_graph):
    uri, _ = cli_graph
    out = run("--uri", uri, "query", "MATCH (n RETURN n")
    assert out.returncode == 4
    assert out.stderr.startswith("Error: errMsg: Invalid input")


def test_timeout_option(cli_graph):
    uri, _ = cli_graph
    out = run("--uri", uri, "query", "UNWIND range(1, 3000) AS a UNWIND range(1, 3000) AS b RETURN count(*)",
              "--timeout", "0.5")
    assert out.returncode == 6
    assert "Query timed out" in out.stderr


def test_bad_param_syntax_is_a_usage_error(cli_graph):
    uri, _ = cli_graph
    out = run("--uri", uri, "query", "RETURN $x", "--param", "x")
    assert out.returncode == 2
    assert "use name=value" in out.stderr


def test_status_on_the_embedded_default(tmp_path):
    out = run("status", data_dir=tmp_path)
    try:
        assert out.returncode == 0, out.stderr
        assert out.stdout.splitlines()[:4] == ["engine: falkordb", f"uri: embedded:{tmp_path} (from default)",
                                               "graph: smals", "nodes: 0"]
        out = run("query", "MATCH (n) RETURN count(n) AS n", data_dir=tmp_path)
        assert out.stdout.splitlines()[-1].strip() == "0"
    finally:
        run("engine", "stop", data_dir=tmp_path)


def test_unknown_scheme_exit_code_2():
    out = run("--uri", "mysql://x", "status")
    assert out.returncode == 2
    assert out.stderr.startswith("Error: Unknown URI scheme 'mysql'")


REPORT = os.path.join(os.path.dirname(__file__), "..", "..", "loader", "data", "reports",
                      "smals-rapport-activites-2025.fr.txt")


def test_parse_bad_input_names_the_file_and_exits_7(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = run("parse", str(empty))
    assert out.returncode == 7
    assert out.stderr.strip() == f"Error: {empty}: empty file"
    letter = tmp_path / "letter.txt"
    letter.write_text("Bonjour,\nCeci est une lettre.\n", encoding="utf-8")
    out = run("parse", str(letter))
    assert out.returncode == 7
    assert out.stderr.strip() == (f'Error: {letter}: not an activity report: no "PROJETS DE <year>" heading and '
                                  'no "Liste des membres"')


def test_parse_writes_the_dataset_and_prints_the_problems(tmp_path):
    target = tmp_path / "d.json"
    out = run("parse", REPORT, "--json", str(target))
    assert out.returncode == 0, out.stderr
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data["projects"]) == 59 and len(data["members"]) == 345
    lines = out.stdout.splitlines()
    assert lines[1] == "members: 345 (A 15, B 133, C 197)"
    assert lines[3].startswith("projects: 59 (")
    assert f"problems: {len(data['problems'])} (" in out.stdout
    assert sum(1 for line in lines if line.startswith("  warning line ") or line.startswith("  info    line ")) \
        == len(data["problems"])


def test_a_truncated_report_loads_nothing_and_keeps_the_graph(cli_graph, tmp_path):
    uri, _ = cli_graph
    truncated = tmp_path / "truncated.txt"
    with open(REPORT, encoding="utf-8") as handle:
        truncated.write_text("".join(handle.readlines()[:1300]), encoding="utf-8")
    out = run("--uri", uri, "load", str(truncated), "--quiet")
    assert out.returncode == 7
    assert out.stderr.strip() == (f"Error: {truncated}:1300: truncated report: the projects section (line 748) is "
                                  'not followed by the summary table "Aperçu des projets de 2025"')
    assert sorted(connect(uri).read("MATCH (n) RETURN n.id").column("n.id")) == ["m:onss", "p:wave"]


def test_load_the_bundled_report_through_the_cli(cli_graph):
    uri, _ = cli_graph
    out = run("--uri", uri, "load", "--quiet")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].startswith("loaded edition(s) 2025: ")
    assert "  :Member 345" in out.stdout and "  :Project 59" in out.stdout
    assert connect(uri).read("MATCH (n:Member) RETURN count(n)").scalar() == 345
    # the load built the app's search index for this graph: the app reads it instead of building it
    import dataclasses

    from smals_graph.app.view_model.search import SEARCH_INDEX_CACHE, Entry, SearchIndex
    from smals_graph.graph_model.disk_cache import cached, graph_fingerprint

    store = connect(uri)
    index = cached(store, graph_fingerprint(store), SEARCH_INDEX_CACHE,
                   lambda: pytest.fail("the search index was not built by the load"),
                   encode=lambda i: [dataclasses.asdict(e) for e in i.entries],
                   decode=lambda rows: SearchIndex([Entry(**row) for row in rows]))
    assert isinstance(index, SearchIndex) and "m:onss" in {h.key for h in index.search("onss", limit=5)}


def test_csv_writes_null_as_an_empty_cell_like_the_apps_download(cli_graph):
    from smals_graph.app.ui.common import result_csv
    from smals_graph.graph_model.results import QueryResult

    uri, _ = cli_graph
    out = run("--uri", uri, "query", "RETURN null AS nothing, 1 AS one, [1, 2] AS list, 'a,b' AS text",
              "--format", "csv")
    assert out.returncode == 0, out.stderr
    assert out.stdout == 'nothing,one,list,text\n,1,"[1, 2]","a,b"\n'
    app = result_csv(QueryResult(columns=["nothing", "one", "list", "text"], rows=[[None, 1, [1, 2], "a,b"]]))
    assert app == out.stdout


def test_app_serves_without_a_terminal_or_a_prompt(cli_graph, tmp_path):
    """`make run` runs `smals-graph app` from whatever shell: no TTY, stdin closed, no display. Streamlit's
    first-run 'Email:' prompt killed it there; now it serves, says where, and opens no browser."""
    import socket
    import time
    import urllib.request

    uri, _ = cli_graph
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["HOME"] = str(tmp_path)  # a first run: no ~/.streamlit/credentials.toml
    proc = subprocess.Popen([sys.executable, "-m", "smals_graph.app.cli.main", "--uri", uri, "app", "--port",
                             str(port)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stdout.read()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "the app did not come up"
                time.sleep(0.3)
    finally:
        os.killpg(proc.pid, 15)
        output = proc.communicate(timeout=30)[0]
    assert f"smals-graph app: http://127.0.0.1:{port}" in output
    assert "Email" not in output and "Welcome to Streamlit" not in output


def test_an_unreachable_uri_fails_at_once_in_one_line():
    out = run("--uri", "bolt://127.0.0.1:1", "status")
    assert out.returncode == 3
    lines = out.stderr.splitlines()
    assert len(lines) == 1, out.stderr  # no "Transaction failed and will be retried in 1.0s" lines before it
    assert lines[0].startswith("Error: Neo4j does not answer: Couldn't connect to 127.0.0.1:1")
    out = run("--uri", "falkordb://127.0.0.1:1/g", "status")
    assert (out.returncode, out.stderr.splitlines()) == (
        3, ["Error: FalkorDB at 127.0.0.1:1 does not answer: Error 111 connecting to 127.0.0.1:1. Connection refused."])


def test_export_csv_writes_the_file_named_and_its_edges_beside_it(cli_graph, tmp_path):
    uri, _ = cli_graph
    out = run("--uri", uri, "export", "--format", "csv", "--out", str(tmp_path / "x.csv"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [f"wrote {tmp_path / 'x.csv'}", f"wrote {tmp_path / 'x.edges.csv'}"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv", "x.edges.csv"]
    assert (tmp_path / "x.csv").read_text(encoding="utf-8").splitlines()[0].startswith("key,")
    assert (tmp_path / "x.edges.csv").read_text(encoding="utf-8").splitlines()[0].startswith("source,target,rel_type")
def test_the_driver_log_stays_off_stderr():
    """Neo4j's driver logs each transaction retry as a warning; a terminal without logging set up must not get
    them (the error itself is raised and reported)."""
    warn = ("import logging; {imports}logging.getLogger('neo4j.session').warning("
            "'Transaction failed and will be retried in %ss (%s)', 1.0, 'x')")
    bare = subprocess.run([sys.executable, "-c", warn.format(imports="import neo4j; ")], capture_output=True,
                          text=True, timeout=60)
    assert bare.stderr == "Transaction failed and will be retried in 1.0s (x)\n"  # Python's last-resort handler
    ours = subprocess.run([sys.executable, "-c", warn.format(imports="import smals_graph.graph_model.neo4j_store; ")],
                          capture_output=True, text=True, timeout=60)
    assert ours.returncode == 0 and ours.stderr == ""


@pytest.mark.parametrize("args,expected", [
    (["--format", "svg", "png", "wave"], ["--format", "svg", "--format", "png", "wave"]),
    (["--format=svg", "png", "--out", "x"], ["--format=svg", "--format", "png", "--out", "x"]),
    (["a", "--format", "pdf", "--format", "html", "b"], ["a", "--format", "pdf", "--format", "html", "b"]),
    (["--format", "svg", "--", "png"], ["--format", "svg", "--", "png"]),
    (["--out", "svg", "png"], ["--out", "svg", "png"]),
])
def test_a_list_option_spreads_its_values_before_click_parses(args, expected):
    from smals_graph.app.cli.main import SNAPSHOT_FORMATS, spread_list_option

    assert spread_list_option(args, ["--format"], SNAPSHOT_FORMATS) == expected
