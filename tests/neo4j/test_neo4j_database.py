"""Which Neo4j database the commands use: the server's default, or the one `--database` / NEO4J_DATABASE names,
said by `status`; a database the server does not have is a configuration error, not a query error."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.neo4j


def cli(*args: str, **extra_env: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **extra_env}
    return subprocess.run([sys.executable, "-m", "smals_graph.app.cli.main", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_status_names_the_servers_default_database(neo4j_env, neo):
    out = cli("status")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "engine: neo4j" and lines[2] == "database: neo4j"  # Community's one user database


def test_the_database_option_and_its_variable_pick_the_database(neo4j_env, neo):
    assert cli("--database", "neo4j", "status").stdout.splitlines()[2] == "database: neo4j"
    out = cli("status", NEO4J_DATABASE="nosuch")
    assert out.returncode == 2
    assert out.stderr.startswith("Error: No such Neo4j database (--database, NEO4J_DATABASE): ")
    assert "nosuch" in out.stderr and "Traceback" not in out.stderr
    out = cli("--database", "nosuch", "query", "RETURN 1")
    assert out.returncode == 2 and "nosuch" in out.stderr
