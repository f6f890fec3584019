"""The Query page's view models against the real engines: the frame stream, the schema panel read from the live
graph (FalkorDB and Neo4j), and the plan drawn as a tree of operators."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from smals_graph.app.view_model.frames import MAX_FRAMES, FrameStream
from smals_graph.app.view_model.plan_figure import plan_svg
from smals_graph.app.view_model.schema_panel import label_query, property_query, read_schema, type_query
from smals_graph.graph_model.schema import LABEL_NAMES

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(params=["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def report_store(request: pytest.FixtureRequest):
    """The bundled report on each engine."""
    if request.param == "falkordb":
        return request.getfixturevalue("loaded_store")
    return request.getfixturevalue("neo4j_loaded")


def test_stream_keeps_the_newest_frames_first_up_to_its_cap(loaded_store) -> None:
    stream = FrameStream()
    text = "MATCH (m:Member) RETURN m.acronym LIMIT $n"
    for n in range(1, MAX_FRAMES + 4):
        result = loaded_store.read(text, {"n": n})
        stream.add("run", text, {"n": n}, {"result": result})
    assert len(stream) == MAX_FRAMES
    assert [f.params["n"] for f in stream.frames[:3]] == [MAX_FRAMES + 3, MAX_FRAMES + 2, MAX_FRAMES + 1]
    assert stream.frames[-1].params["n"] == 4  # the first three went out
    newest = stream.frames[0]
    assert newest.rows == MAX_FRAMES + 3
    assert re.search(rf"MATCH \(m:Member\) RETURN m\.acronym LIMIT \$n · {MAX_FRAMES + 3} row\(s\) · [\d.]+ ms$",
                     newest.summary())
    stream.toggle(newest.ident)
    assert stream.frames[0].collapsed
    assert stream.remove(newest.ident)
    assert not stream.remove(newest.ident)
    assert stream.frames[0].params["n"] == MAX_FRAMES + 2
    assert len({f.ident for f in stream.frames}) == len(stream)


def test_a_stream_keeps_at_least_one_frame() -> None:
    with pytest.raises(ValueError, match="^A frame stream keeps at least one frame.$"):
        FrameStream(0)


def test_error_and_plan_frames_say_what_they_are(loaded_store) -> None:
    stream = FrameStream(3)
    stream.add("run", "RETRN 1", {}, {"error": "Invalid input", "status": "Error"})
    plan = loaded_store.explain("MATCH (m:Member) RETURN m")
    stream.add("explain", "MATCH (m:Member) RETURN m", {}, {"plan": plan})
    assert stream.frames[0].summary().endswith(f"explain · {plan.elapsed_ms:.1f} ms")
    assert stream.frames[1].failed and stream.frames[1].summary().endswith("RETRN 1 · error")


def test_schema_panel_counts_what_the_graph_holds(report_store, dataset) -> None:
    summary = read_schema(report_store)
    labels = dict(summary.labels)
    assert "Entity" not in labels
    assert labels["Member"] == len(dataset.members)
    assert labels["Project"] == len(dataset.projects)
    assert set(labels) <= set(LABEL_NAMES)
    types = {t.name: t for t in summary.types}
    uses_for = types["FOR"]
    assert uses_for.count == report_store.read("MATCH ()-[r:FOR]->() RETURN count(r)").scalar()
    assert {(a, b) for a, b, _ in uses_for.ends} <= {("Project", "Member"), ("Project", "Organization")}
    assert sum(n for *_, n in uses_for.ends) == uses_for.count
    keys = dict(summary.properties)
    assert not any(k.startswith("_") for k in keys)
    assert keys["acronym"] == report_store.read("MATCH (n) WHERE n.acronym IS NOT NULL RETURN count(n)").scalar()
    assert keys["quote"] == report_store.read(
        "MATCH ()-[r]->() WHERE r.quote IS NOT NULL RETURN count(r)").scalar()


def test_schema_panel_queries_run_on_the_engine(report_store) -> None:
    assert label_query("Member") == "MATCH (n:Member) RETURN n LIMIT 25"
    assert label_query("Odd label") == "MATCH (n:`Odd label`) RETURN n LIMIT 25"
    for text in (label_query("Member"), type_query("USES"), property_query("acronym")):
        rows = report_store.read(text).rows
        assert 0 < len(rows) <= 25


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_plan_tree_draws_each_operator_once_as_a_box(report_store) -> None:
    text = "MATCH (m:Member)<-[:FOR]-(p:Project) WHERE m.category = 'A' RETURN m.acronym, count(p) ORDER BY m.acronym"
    plan = report_store.explain(text)
    svg = plan_svg(plan)
    root = ET.fromstring(svg)
    boxes = root.findall(f"{SVG}g")
    assert len(boxes) == len(plan.operators())
    shown = _texts(svg)
    for operator in plan.operators():
        assert any(t.startswith(operator[:29]) for t in shown), (operator, shown)
    assert len(root.findall(f"{SVG}line")) == len(plan.operators()) - 1  # a tree: one edge per child
    # the root is drawn above every other box
    ys = [float(g.find(f"{SVG}rect").get("y")) for g in boxes]
    assert ys[0] == min(ys) and ys.count(ys[0]) == 1


def test_profiled_plan_shows_rows_and_time(report_store) -> None:
    plan = report_store.profile("MATCH (m:Member) WHERE m.category = 'A' RETURN m.acronym")
    rows = len(report_store.read("MATCH (m:Member) WHERE m.category = 'A' RETURN m.acronym").rows)
    counts = [t for t in _texts(plan_svg(plan)) if " rows" in t]
    assert counts, _texts(plan_svg(plan))
    assert counts[0].startswith(f"{rows} rows")  # the root produced the query's rows
    if any(node.time_ms is not None for _, node in plan.root.walk()):  # FalkorDB times each operator
        assert any(re.search(r"\d+\.\d{3} ms", t) for t in counts), counts
