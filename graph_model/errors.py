"""Every error smals-graph raises on purpose. One module, so callers catch by meaning, not by driver."""

from __future__ import annotations


class SmalsGraphError(Exception):
    """Base class. `exit_code` is what the CLI returns for it."""

    exit_code = 1


class ConfigError(SmalsGraphError):
    """Bad URI, unknown scheme, missing setting."""

    exit_code = 2


class EngineUnavailable(SmalsGraphError):
    """The database cannot be reached or the embedded engine cannot run on this platform."""

    exit_code = 3


class QueryError(SmalsGraphError):
    """The engine rejected a query; the message is the engine's own text."""

    exit_code = 4


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
