"""Bounds on every read, checked before the engine sees the query (both engines).

FalkorDB's parser takes time exponential in the nesting of a query (40 nested parentheses: an engine thread
lost for good; 16 levels: about a second) and overflows its stack on very long operator chains (100,000 `+`
crash the server; a pattern of 2,000 hops takes seconds to plan). So a read's text is capped in length, nesting
depth and pattern hops, its parameters in size and depth,
its timeout must be positive and its row cap non-negative; and the row cap goes into the query itself
(`LIMIT max_rows + 1`) where that keeps its meaning, so that the engine stops early and the client never holds
more than the cap.
"""

from __future__ import annotations

import json
import math
import numbers
import re
from typing import Any

from .dialect import code_only
from .errors import ConfigError, QueryError

MAX_QUERY_CHARS = 20_000  # 25,000 chained `+` (50 kB) parse in 0.5 s; 100,000 (200 kB) crash FalkorDB
MAX_NESTING = 12  # brackets plus pending unary operators; 12 parse in ~20 ms, each level more ~2.4x
MAX_HOPS = 300  # relationship patterns in one query: planning 2,000 hops takes 2.6 s, 300 take 0.14 s
MAX_PARAM_CHARS = 2_000_000
MAX_PARAM_DEPTH = 10
MAX_TIMEOUT_S = 300.0  # the engine's TIMEOUT_MAX
MAX_ROWS_LIMIT = 1_000_000  # the engine's RESULTSET_SIZE is one more


def check_read_limits(timeout: float, max_rows: int) -> None:
    """A timeout in (0, MAX_TIMEOUT_S] and a row cap in [0, MAX_ROWS_LIMIT], else a ConfigError."""
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not math.isfinite(timeout) \
            or timeout <= 0 or timeout > MAX_TIMEOUT_S:
        raise ConfigError(f"timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT_S:.0f} "
                          f"(got {timeout!r}); there is no unlimited query")
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or not 0 <= max_rows <= MAX_ROWS_LIMIT:
        raise ConfigError(f"the row cap must be a whole number from 0 to {MAX_ROWS_LIMIT:,} (got {max_rows!r})")


_TOKEN = re.compile(r"<>|<=|>=|=~|->|<-|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|\S")
_OPEN, _CLOSE = "([{", ")]}"
# after these, `-` and `+` are unary; NOT always is
_PREFIX_KEYWORDS = frozenset("""RETURN WITH WHERE AND OR XOR NOT IN WHEN THEN ELSE CASE UNWIND SET BY SKIP LIMIT
    IS CONTAINS STARTS ENDS""".split())
_OPERATORS = frozenset("+ - * / % ^ = < > <> <= >= =~ , | : ;".split())


def nesting_depth(cypher: str) -> int:
    """The deepest nesting of the query's structure: open brackets (lists and list comprehensions, maps and
    subqueries, calls), open `CASE ... END` expressions, plus unary operators (NOT, -, +) still waiting for
    their operand at each level (`NOT NOT NOT x` nests as deep as `(((x)))` for the parser; a CASE 40 deep,
    1 KB of text without a bracket, blocked an engine thread for good)."""
    levels = [0]  # pending unary operators per open bracket or CASE
    deepest = 0
    previous = None
    for match in _TOKEN.finditer(code_only(cypher)):
        token = match.group(0)
        upper = token.upper()
        start = match.start()
        member = start > 0 and cypher[start - 1] in ".$:"  # n.case, $end, :End are names, not keywords
        if token in _OPEN or (upper == "CASE" and not member):
            levels.append(0)
        elif token in _CLOSE or (upper == "END" and not member):
            if len(levels) > 1:
                levels.pop()
        elif upper == "NOT" or (token in "+-" and (previous is None or previous in _OPEN or previous in _OPERATORS
                                                    or previous.upper() in _PREFIX_KEYWORDS)):
            levels[-1] += 1
        elif token in _OPERATORS or upper in ("AND", "OR", "XOR", "WHEN", "THEN", "ELSE"):
            levels[-1] = 0  # a binary operator (or a CASE branch) ends the operands of the unary ones before it
        deepest = max(deepest, len(levels) - 1 + sum(levels))
        previous = token
    return deepest


_HOP = re.compile(r"[)\]]\s*<?-")


def check_query_text(cypher: str) -> None:
    """A QueryError for a text too long or too deeply nested to hand to the engine's parser."""
    if not isinstance(cypher, str):
        raise QueryError("The query must be text.")
    if len(cypher) > MAX_QUERY_CHARS:
        raise QueryError(f"Query rejected: {len(cypher):,} characters, more than the {MAX_QUERY_CHARS:,} allowed. "
                         "Pass large values as parameters.")
    depth = nesting_depth(cypher)
    if depth > MAX_NESTING:
        raise QueryError(f"Query rejected: nested {depth} levels deep (brackets, CASE and NOT / unary minus), more than "
                         f"the {MAX_NESTING} the engine parses in reasonable time. Flatten the expression.")
    hops = len(_HOP.findall(code_only(cypher)))
    if hops > MAX_HOPS:
        raise QueryError(f"Query rejected: {hops} relationship patterns, more than the {MAX_HOPS} the engine plans "
                         "in reasonable time. Use a variable-length pattern such as -[*1..5]->.")


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_PARAM_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, (list, tuple)):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def check_params(params: dict[str, Any] | None) -> None:
    """Parameters travel inside the query text on FalkorDB (a CYPHER prefix): the same parser limits apply."""
    if not params:
        return
    if _depth(params) > MAX_PARAM_DEPTH:
        raise QueryError(f"Parameters rejected: nested more than {MAX_PARAM_DEPTH} levels deep.")
    size = len(json.dumps(params, default=str))
    if size > MAX_PARAM_CHARS:
        raise QueryError(f"Parameters rejected: {size:,} characters, more than the {MAX_PARAM_CHARS:,} allowed.")


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[{}()\[\]]")
_LIMIT_VALUE = re.compile(r"\s*(\d+)\b")
_LIMIT_PARAM = re.compile(r"\s*\$(?:([A-Za-z_][A-Za-z0-9_]*)|`([^`]+)`)")
_ENDS_RETURN = frozenset(("WITH", "UNWIND", "MATCH", "CALL", "OPTIONAL", "CREATE", "MERGE", "SET", "DELETE",
                          "REMOVE", "FOREACH", "LOAD"))


def _top_level_words(code: str) -> list[re.Match[str]]:
    """The words of `code` outside brackets that are keywords (not a property, parameter or label)."""
    depth = 0
    words = []
    for match in _WORD.finditer(code):
        word = match.group(0)
        if word in "([{":
            depth += 1
        elif word in ")]}":
            depth = max(0, depth - 1)
        elif not depth and not (match.start() > 0 and code[match.start() - 1] in ".$:"):
            words.append(match)
    return words


def _limit_part(cypher: str, code: str, limit: int, params: dict[str, Any], distinct: bool) -> str:
    """One part of a query (the whole query, or one side of a UNION) with its final RETURN limited."""
    last_return = None
    limits: list[re.Match[str]] = []
    for match in _top_level_words(code):
        upper = match.group(0).upper()
        if upper == "RETURN":
            last_return, limits = match, []
        elif upper in _ENDS_RETURN:
            last_return, limits = None, []
        elif upper == "LIMIT" and last_return is not None:
            limits.append(match)
    if last_return is None or len(limits) > 1:
        return cypher
    if distinct and not code[last_return.end():].lstrip().upper().startswith("DISTINCT"):
        # UNION removes duplicates anyway; without DISTINCT per part, a part's first rows could all be duplicates
        head = cypher[: last_return.end()] + " DISTINCT"
        return _limit_part(head + cypher[last_return.end():], code[: last_return.end()] + " " * 9
                           + code[last_return.end():], limit, params, False)
    if limits:
        value = _LIMIT_VALUE.match(code, limits[0].end())
        if value is not None:
            if int(value.group(1)) <= limit:
                return cypher
            return cypher[: value.start(1)] + str(limit) + cypher[value.end(1):]
        param = _LIMIT_PARAM.match(cypher, limits[0].end())
        given = params.get(param.group(1) or param.group(2)) if param else None
        if isinstance(given, float) and given.is_integer():
            given = int(given)
        if param is None or isinstance(given, bool) or not isinstance(given, numbers.Integral):
            raise QueryError("Query rejected: LIMIT takes a whole number or a $parameter holding one here, so "
                             "that the row cap reaches the engine.")
        # the parameter's value is known: the smaller of it and the cap goes into the text, as a number
        return cypher[: param.start()] + f" {max(0, min(int(given), limit))}" + cypher[param.end():]
    body = cypher.rstrip()
    tail = code[: len(body)].rstrip()
    if tail.endswith(";"):
        body = body[: len(tail) - 1]
    return f"{body}\nLIMIT {limit}"


def with_row_limit(cypher: str, limit: int, params: dict[str, Any] | None = None) -> str:
    """The query with its final RETURN limited to `limit` rows, whatever its shape: each side of a UNION is
    limited (UNION ALL then returns at most `limit` rows per side, UNION at most that many distinct ones), a
    literal LIMIT larger than `limit` is lowered, and `LIMIT $param` becomes the smaller of the parameter's
    value and `limit`. A query whose last clause is not a RETURN (`CALL db.labels()`) is left to the engine's
    RESULTSET_SIZE."""
    code = code_only(cypher)
    unions = [m for m in _top_level_words(code) if m.group(0).upper() == "UNION"]
    if not unions:
        return _limit_part(cypher, code, limit, params or {}, False)
    words = _top_level_words(code)
    follows = {m.start(): words[i + 1] for i, m in enumerate(words[:-1])}
    is_all = [m.start() in follows and follows[m.start()].group(0).upper() == "ALL" for m in unions]
    distinct = not any(is_all)  # Cypher does not mix UNION and UNION ALL in one query
    pieces: list[str] = []
    start = 0
    for match, union_all in zip(unions, is_all, strict=True):
        part = _limit_part(cypher[start:match.start()], code[start:match.start()], limit, params or {}, distinct)
        pieces.append(part.rstrip("\n") + "\n")
        start = follows[match.start()].end() if union_all else match.end()
        pieces.append(cypher[match.start():start])
    pieces.append(_limit_part(cypher[start:], code[start:], limit, params or {}, distinct))
    return "".join(pieces)
__all__ = ["MAX_HOPS", "MAX_NESTING", "MAX_PARAM_CHARS", "MAX_PARAM_DEPTH", "MAX_QUERY_CHARS",
    "MAX_ROWS_LIMIT", "MAX_TIMEOUT_S", "check_params", "check_query_text", "check_read_limits",
    "nesting_depth", "with_row_limit"]
