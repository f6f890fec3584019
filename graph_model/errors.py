"""Every error smals-graph raises on purpose. One module, so callers catch by meaning, not by driver."""

from __future__ import annotations

import re
from dataclasses import dataclass


class SmalsGraphError(Exception):
    """Base class. `exit_code` is what the CLI returns for it."""

    exit_code = 1


class ConfigError(SmalsGraphError):
    """Bad URI, unknown scheme, missing setting."""

    exit_code = 2


class KnowledgeFileError(ConfigError):
    """A knowledge file of loader/data/ (or a figure spec, a canned query's header) that its model refuses."""


class EngineUnavailable(SmalsGraphError):
    """The database cannot be reached or the embedded engine cannot run on this platform."""

    exit_code = 3


@dataclass(frozen=True)
class ErrorPosition:
    """Where in the query text the engine says the error is: 1-based line and column, 0-based offset."""

    line: int
    column: int
    offset: int
    length: int = 1
    exact: bool = True  # False: found by looking for the name the message quotes, not given by the engine

    def to_json(self) -> dict[str, int | bool]:
        return {"line": self.line, "column": self.column, "offset": self.offset, "length": self.length,
                "exact": self.exact}


class QueryError(SmalsGraphError):
    """The engine rejected a query; `message` is the engine's own text, `position` where it points (if it
    does), `hint` what to do about a known dialect gap."""

    exit_code = 4

    def __init__(self, message: str, position: ErrorPosition | None = None, hint: str | None = None) -> None:
        self.message = message
        self.position = position
        self.hint = hint
        super().__init__(message + (f"\nHint: {hint}" if hint else ""))


class ReadOnlyViolation(QueryError):
    """A query sent through the read path would write."""

    exit_code = 5


class QueryTimeout(QueryError):
    """A query ran longer than its time limit."""

    exit_code = 6


class ReportError(SmalsGraphError):
    """The report text cannot be parsed. Always names the 1-based line it is about (None: the whole file)."""

    exit_code = 7

    def __init__(self, message: str, line: int | None = None, source: str | None = None) -> None:
        self.message = message
        self.line = line
        self.source = source
        where = source or "report"
        prefix = f"{where}:{line}: " if line is not None else f"{where}: "
        super().__init__(prefix + message)


class LoadError(SmalsGraphError):
    """A load failed; the previous graph is untouched."""

    exit_code = 8


# FalkorDB: "errMsg: Invalid input 'R': expected ... line: 1, column: 10, offset: 9 errCtx: ... errCtxOffset: 9"
_FALKOR_AT = re.compile(r"\bline: (\d+), column: (\d+), offset: (\d+)")
# Neo4j: "Invalid input 'RETRN': expected ... (line 3, column 1 (offset: 33))"
_NEO4J_AT = re.compile(r"\(line (\d+), column (\d+) \(offset: (\d+)\)\)")
_INVALID_INPUT = re.compile(r"Invalid input '((?:[^'\\]|\\.)*)'")
# messages that quote the name at fault without a position
_QUOTED_NAME = (
    (re.compile(r"^'([^']+)' not defined"), r"(?<![\w$.]){}(?!\w)"),
    (re.compile(r"Unknown function '([^']+)'"), r"(?<![\w$]){}\s*\("),
    (re.compile(r"Variable `([^`]+)` not defined"), r"(?<![\w$.]){}(?!\w)"),
    (re.compile(r"Unknown procedure '([^']+)'|There is no procedure with the name `([^`]+)`"), r"{}"),
)


def error_position(message: str, cypher: str, sent_prefix: str = "") -> ErrorPosition | None:
    """The position an engine's error message gives (FalkorDB's line/column/offset, Neo4j's
    "(line x, column y (offset: z))"), else the first place of the name it quotes; None when neither.
    `sent_prefix`: text the engine saw before the query (Neo4j's "EXPLAIN "), taken off its positions."""
    match = _FALKOR_AT.search(message) or _NEO4J_AT.search(message)
    if match:
        line, column, offset = (int(g) for g in match.groups())
        if sent_prefix and offset >= len(sent_prefix):
            offset -= len(sent_prefix)
            column -= len(sent_prefix) if line == 1 else 0
        token = _INVALID_INPUT.search(message)
        length = len(token.group(1)) if token and token.group(1) else 1
        return ErrorPosition(line, column, offset, _token_length(cypher, offset, length))
    from .dialect import code_only  # here: dialect imports nothing from errors, but keep errors import-light

    code = code_only(cypher)
    for pattern, where in _QUOTED_NAME:
        found = pattern.search(message)
        if not found:
            continue
        name = next(g for g in found.groups() if g)
        hit = re.search(where.format(re.escape(name)), code)
        if hit:
            return position_at(cypher, hit.start(), len(name), exact=False)
    return None


def position_at(cypher: str, offset: int, length: int = 1, *, exact: bool = True) -> ErrorPosition:
    before = cypher[:offset]
    line = before.count("\n") + 1
    column = offset - (before.rfind("\n") + 1) + 1
    return ErrorPosition(line, column, offset, max(1, length), exact)


def _token_length(cypher: str, offset: int, quoted: int) -> int:
    """The engine quotes one character ('R') or a word ('RETRN'): mark the whole word in the text."""
    word = re.match(r"\w+", cypher[offset:])
    return max(quoted, len(word.group(0)) if word else 1)

__all__ = ["ConfigError", "EngineUnavailable", "ErrorPosition", "KnowledgeFileError", "LoadError",
    "QueryError", "QueryTimeout", "ReadOnlyViolation", "ReportError", "SmalsGraphError", "error_position",
    "position_at"]
