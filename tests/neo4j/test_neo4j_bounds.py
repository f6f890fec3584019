"""The same bounds on Neo4j: limits checked before the server sees a read, the row cap streamed (the client never
holds more than the cap), a server-side timeout. On the session's Neo4j test server (tests/neo4j_server)."""

from __future__ import annotations

import time

import pytest

from smals_graph.graph_model.errors import ConfigError, QueryError, QueryTimeout

pytestmark = pytest.mark.neo4j


@pytest.mark.parametrize(("kwargs", "match"), [({"timeout": 0}, "timeout must be"),
                                               ({"timeout": -1}, "timeout must be"),
                                               ({"max_rows": -5}, "row cap")])
def test_bad_limits_are_refused(neo, kwargs, match):
    with pytest.raises(ConfigError, match=match):
        neo.read("RETURN 1", **kwargs)


def test_40_nested_parentheses_are_refused_and_the_next_query_answers(neo):
    started = time.monotonic()
    with pytest.raises(QueryError, match="levels deep"):
        neo.read("RETURN " + "(" * 40 + "1" + ")" * 40, timeout=1.0)
    assert time.monotonic() - started < 2.0
    assert neo.read("RETURN 1 AS one").scalar() == 1


def test_10_million_rows_with_a_cap_of_10_stream_and_stop(neo):
    started = time.monotonic()
    result = neo.read("UNWIND range(1, 10000000) AS x RETURN x", max_rows=10, timeout=10)
    assert result.rows == [[i] for i in range(1, 11)] and result.truncated
    assert time.monotonic() - started < 5.0


def test_a_runaway_read_times_out_on_the_server(neo):
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        neo.read("UNWIND range(1, 100000000) AS x WITH x WHERE x < 0 RETURN count(x)", timeout=1.0)
    assert time.monotonic() - started < 5.0
