"""Neo4j's read path as an allow-list (issue 20): transaction and administration commands, statistics and
replanning procedures are refused with exit code 5 although Neo4j plans several of them as read-only ('r');
the reads the product needs still answer."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from smals_graph.graph_model.errors import ReadOnlyViolation

pytestmark = pytest.mark.neo4j
ROOT = Path(__file__).resolve().parents[2]
ALLOWED = ("db.labels, db.propertyKeys, db.relationshipTypes, db.schema.nodeTypeProperties, "
           "db.schema.relTypeProperties, db.schema.visualization, dbms.components")


@pytest.mark.parametrize(("cypher", "message"), [
    ("SHOW TRANSACTIONS", "Refused: ShowTransactions is a command, not a read of the graph"),
    ("SHOW TRANSACTIONS YIELD currentQuery, parameters RETURN currentQuery, parameters",
     "Refused: ShowTransactions is a command"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "Refused: TerminateTransactions is a command"),
    ("SHOW SETTINGS", "Refused: ShowSettings is a command"),
    ("SHOW USERS", "Refused: AdministrationCommand is a command"),
    ("CALL db.stats.retrieve('GRAPH COUNTS')", f"Refused: the procedure db.stats.retrieve is not on the read "
                                               f"path's allow-list ({ALLOWED})."),
    ("CALL `db`.`stats`.retrieve('GRAPH COUNTS') YIELD section RETURN section",
     "Refused: the procedure db.stats.retrieve is not on"),
    ("CALL db.prepareForReplanning()", "Refused: the procedure db.prepareForReplanning is not on"),
    ("CALL dbms.listConfig()", "Refused: the procedure dbms.listConfig is not on"),
    ("MATCH (n) CALL (n) { CALL db.clearQueryCaches() YIELD value RETURN value } RETURN value",
     "Refused: the procedure db.clearQueryCaches is not on"),
])
def test_commands_and_procedures_off_the_allow_list_are_refused(neo4j_loaded, cypher, message):
    with pytest.raises(ReadOnlyViolation) as caught:
        neo4j_loaded.read(cypher)
    assert str(caught.value).startswith(message), str(caught.value)
    with pytest.raises(ReadOnlyViolation):
        neo4j_loaded.profile(cypher)  # PROFILE runs the query: the same rules


@pytest.mark.parametrize("cypher", [
    "CALL db.labels() YIELD label RETURN count(label) > 0",
    "CALL db.relationshipTypes() YIELD relationshipType RETURN count(*) > 0",
    "CALL db.propertyKeys() YIELD propertyKey RETURN count(*) > 0",
    "CALL db.schema.visualization() YIELD nodes RETURN size(nodes) > 0",
    "CALL dbms.components() YIELD name RETURN name = 'Neo4j Kernel'",
    "SHOW INDEXES YIELD name RETURN count(name) > 0",
    "SHOW PROCEDURES YIELD name RETURN count(name) > 0",
])
def test_the_allowed_reads_answer(neo4j_loaded, cypher):
    assert neo4j_loaded.read(cypher).scalar() is True


def test_another_sessions_query_is_neither_listed_nor_killed_through_the_cli(neo4j_loaded, neo4j_server):
    """The break: TERMINATE TRANSACTIONS passed the read-only check and killed another session's query."""
    outcome: dict = {}

    def slow() -> None:
        try:
            outcome["rows"] = neo4j_loaded.read("UNWIND range(1, 30000000) AS x WITH x WHERE x % 3 = 5 "
                                                "RETURN count(x) AS n", timeout=60).scalar()
        except Exception as exc:  # noqa: BLE001 - recorded for the assertion
            outcome["error"] = exc

    victim = threading.Thread(target=slow)
    victim.start()
    time.sleep(1.0)
    env = {**{k: v for k, v in os.environ.items() if k != "SMALS_GRAPH_URI"}, **neo4j_server.env()}
    for attack in ("SHOW TRANSACTIONS YIELD transactionId, currentQuery RETURN transactionId, currentQuery",
                   "TERMINATE TRANSACTIONS [x IN range(1, 3000) | 'neo4j-transaction-' + toString(x)]"):
        out = subprocess.run([sys.executable, "-m", "smals_graph.app.cli.main", "query", attack],
                             capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
        assert out.returncode == 5, out.stderr
        assert "Transactions is a command, not a read of the graph" in out.stderr
        assert "UNWIND range" not in out.stdout
    victim.join(timeout=90)
    assert outcome == {"rows": 0}
