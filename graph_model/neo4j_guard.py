"""Neo4j's read path as an allow-list, decided on the EXPLAIN plan Neo4j itself made of the query.

A query type of 'r' was not enough: `TERMINATE TRANSACTIONS` is planned as 'r' and killed another session's
query; `SHOW TRANSACTIONS` lists other sessions' query texts and parameters; `db.stats.*` and
`db.prepareForReplanning` run as reads. So a read must be planned as read-only ('r') and every operator of its
plan must be a read of the graph: no TERMINATE, no SHOW but those of READ_COMMANDS (indexes, constraints,
functions, procedures), no administration command, and a procedure call only to a procedure of READ_PROCEDURES. The one exception to 'r': a query whose only non-read part is an
allowed procedure that Neo4j types as schema ('s'), such as `dbms.components()`. Refusals are ReadOnlyViolation
(exit code 5). Backticks, comments or `CALL` in a subquery change nothing: the plan names the procedure.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .errors import ReadOnlyViolation

__all__ = ["READ_COMMANDS", "READ_PROCEDURES", "check_read_plan"]

READ_ONLY = "r"
SCHEMA = "s"
# procedures that only describe the graph's shape or the server's version
READ_PROCEDURES = frozenset({"db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
                             "db.schema.nodeTypeProperties", "db.schema.relTypeProperties", "dbms.components"})
# SHOW commands that describe the schema and the catalogue (the Query page completes from the last two)
READ_COMMANDS = frozenset({"ShowIndexes", "ShowConstraints", "ShowFunctions", "ShowProcedures"})
_COMMANDS = ("Show", "Terminate", "AdministrationCommand", "Create", "Drop", "Alter", "Grant", "Deny", "Revoke",
             "Start", "Stop", "Enable", "Rename", "SystemProcedureCall")


def _operators(plan: dict[str, Any]) -> Iterator[tuple[str, str]]:
    yield str(plan.get("operatorType", "")).split("@")[0], str((plan.get("args") or {}).get("Details") or "")
    for child in plan.get("children") or ():
        yield from _operators(child)


def check_read_plan(query_type: str | None, plan: dict[str, Any] | None) -> None:
    """Raise ReadOnlyViolation unless the planned query only reads the graph (see the module's docstring)."""
    if query_type not in (READ_ONLY, SCHEMA):
        raise ReadOnlyViolation(f"Refused: Neo4j plans this query as type {query_type!r}, not read-only ('r').")
    procedures: list[str] = []
    for operator, details in _operators(plan or {}):
        if operator.startswith(_COMMANDS) and operator not in READ_COMMANDS:
            raise ReadOnlyViolation(f"Refused: {operator} is a command, not a read of the graph; the read path runs "
                                    "read queries and the procedures " + ", ".join(sorted(READ_PROCEDURES)) + ".")
        if operator == "ProcedureCall":
            name = details.split("(", 1)[0].strip()
            if name not in READ_PROCEDURES:
                raise ReadOnlyViolation(f"Refused: the procedure {name} is not on the read path's allow-list ("
                                        + ", ".join(sorted(READ_PROCEDURES)) + ").")
            procedures.append(name)
    if query_type == READ_ONLY or (query_type == SCHEMA and procedures):
        return
    raise ReadOnlyViolation(f"Refused: Neo4j plans this query as type {query_type!r}, not read-only ('r').")
