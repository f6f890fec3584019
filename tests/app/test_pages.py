"""AppTest smoke tests of every page against a real embedded engine (no JS runs: the graph widget's data is
read from its proto)."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from streamlit.testing.v1 import AppTest

APP = str(resources.files("smals_graph.app.ui") / "streamlit_app.py")


@pytest.fixture
def app_env(app_data_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("SMALS_GRAPH_DATA_DIR", str(app_data_dir))
    monkeypatch.delenv("SMALS_GRAPH_URI", raising=False)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    return app_data_dir


def run(params: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    if page:
        switch_page(at, page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def switch_page(at: AppTest, url_path: str) -> None:
    """Open the page registered under `url_path`, as a browser on /url_path does: AppTest.switch_page only
    knows file pages, and st.Page takes our render functions."""
    from streamlit.util import calc_hash

    at._page_hash = calc_hash(url_path)


def widget_payloads(at: AppTest) -> list[dict]:
    """The data sent to the graph widget(s), from the element protos."""
    out = []
    for el in at.get("bidi_component"):
        proto = el.proto
        if proto.component_name == "smals_graph.graph":
            data = json.loads(proto.json) if proto.json else None
            if data is None and proto.HasField("mixed"):
                data = json.loads(proto.mixed.json)
            out.append(data)
    return out


def test_explore_home(app_env):
    at = run()
    assert at.title[0].value == "Explore"
    assert at.text_input(key="explore_q") is not None


def test_explore_node_from_url(app_env):
    at = run({"node": "s:wave", "q": "Wave"})
    payloads = widget_payloads(at)
    assert payloads, "the graph widget was not rendered"
    data = payloads[0]
    ids = {n["id"] for n in data["nodes"]}
    assert "s:wave" in ids and "p:digicore-transferts" in ids
    assert all("x" in n and "y" in n for n in data["nodes"]) and data["physics"] is False
    assert data["smooth"] is False and data["selected"] == ["s:wave"]
    assert any(b.label.startswith("Wave") for b in at.button)


def test_explore_expand_from_url(app_env):
    at = run({"node": "s:wave", "x": "p:wave-saas"})
    data = widget_payloads(at)[0]
    ids = {n["id"] for n in data["nodes"]}
    assert "m:onss" in ids or "m:onem" in ids  # clients of Wave SaaS came with the expansion


def test_explore_limit_aggregates(app_env):
    at = run({"node": "t:java", "limit": "5"})
    data = widget_payloads(at)[0]
    assert any(n["id"].startswith("agg:") for n in data["nodes"])
    assert any("more than the limit" in w.value for w in at.warning)
    at = run({"node": "t:java", "limit": "5", "agg": "0"})
    data = widget_payloads(at)[0]
    assert len(data["nodes"]) == 6
    assert any("left out" in w.value for w in at.warning)


def test_shared_components_matrix(app_env):
    at = run(page="shared-components")
    assert at.title[0].value == "Shared components"
    frames = [df.value for df in at.dataframe]
    matrix = frames[0]
    assert {"member", "category", "components", "uses"} <= set(matrix.columns)
    assert "Wave" in matrix.columns or len(matrix.columns) > 4
    assert len(frames) == 1, "the whole-graph tables are read only when asked for"
    assert [b.label for b in at.get("download_button")] == ["Download the matrix (CSV)", "Download the facts (CSV)"]
    at.text_input(key="sc_search").input("wave").run()
    found = at.dataframe[0].value
    assert found.columns[4] == "Wave" and {"ONSS", "ONEM"} <= set(found["member"])
    assert len(found) < len(matrix)
    at.text_input(key="sc_search").input("no such thing").run()
    assert not at.dataframe and at.info[0].value == "No member or component matches “no such thing”."
    at.text_input(key="sc_search").input("").run()
    at.toggle(key="sc_details").set_value(True).run()
    assert len(at.dataframe) == 3  # the matrix, users per component, every fact


def test_a_script_run_freezes_what_it_built_to_last(app_env):
    import gc

    from smals_graph.app.ui import gc_policy, shared_page

    shared_page._pairs.clear()  # caches outlive AppTest runs (one process): this run must fill one
    before = gc_policy.frozen_runs()
    at = run(page="shared-components")  # a cache filled (or the first run in a process): frozen at its end
    assert gc_policy.frozen_runs() > before and gc.get_freeze_count() > 0
    again = gc_policy.frozen_runs()
    at.run()  # nothing new to keep: no collection, no freeze
    assert gc_policy.frozen_runs() == again


def test_shared_components_component_and_pair(app_env):
    at = run({"view": "component", "component": "s:wave"}, page="shared-components")
    data = widget_payloads(at)[0]
    assert "s:wave" in {n["id"] for n in data["nodes"]}
    at = run({"view": "pair", "a": "m:onss", "b": "m:onem"}, page="shared-components")
    assert [m.label for m in at.metric][:3] == ["Shared components", "Shared technologies", "Shared projects"]


def test_query_page_canned_and_error(app_env, tmp_path):
    at = run({"canned": "projects_of_member", "run": "1"}, page="query")
    assert not at.dataframe, "a link ran a query without a click"
    assert any("press **Run**" in info.value for info in at.info)
    at = at.button(key="canned_projects_of_member").click().run()  # the person's own click runs it
    assert at.dataframe, "the canned query showed no table"
    assert at.dataframe[0].value.shape[0] >= 1
    history_file = app_env / "history.jsonl"
    assert history_file.exists() and "projects_of_member" in history_file.read_text()
    assert history_file.stat().st_mode & 0o777 == 0o600


def test_a_link_never_runs_a_query_without_a_click(app_env):
    history_file = app_env / "history.jsonl"
    before = history_file.read_text() if history_file.exists() else ""
    at = run({"q": "MATCH (n) RETURN count(n) AS never_run_by_a_link", "run": "1"}, page="query")
    editor = next(json.loads(el.proto.json) for el in at.get("bidi_component")
                  if el.proto.component_name == "smals_graph.cypher_editor")
    assert editor["text"].endswith("never_run_by_a_link")  # prefilled
    assert not at.dataframe and not at.error
    assert any("press **Run**" in info.value for info in at.info)
    after = history_file.read_text() if history_file.exists() else ""
    assert "never_run_by_a_link" not in after[len(before):]


def test_query_parameter_form(app_env):
    at = run({"q": "MATCH (m:Member) WHERE m.category = $cat RETURN count(m) AS n", "params": '{"cat": "A"}',
              "run": "1"}, page="query")
    assert at.text_input(key="qp_cat").value == "A"
    assert not at.dataframe  # filled from the link, not run


def test_data_quality_and_status(app_env):
    at = run(page="data-quality")
    assert at.title[0].value == "Data quality" and at.dataframe
    at = run(page="status")
    assert at.metric[0].value == "falkordb"
    assert "**Graph** smals" in [m.value for m in at.markdown]  # which graph (database on Neo4j) this is


def test_unreachable_banner(monkeypatch, tmp_path):
    from harness_free_port import free_port

    monkeypatch.setenv("SMALS_GRAPH_URI", f"falkordb://127.0.0.1:{free_port()}/smals")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert any("unreachable" in e.value for e in at.error)


def test_export_panel_offers_every_format(app_env):
    at = run({"node": "s:wave"})
    at.selectbox(key="explore_export_size").set_value("square")
    at.button(key="explore_export_render").click().run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [el.proto.label for el in at.get("download_button")]
    assert labels == ["PNG", "SVG", "PDF", "HTML (offline)"]
    at.button(key="explore_export_data").click().run()
    labels = {el.proto.label for el in at.get("download_button")}
    assert {"graph.graphml", "graph.gexf", "nodes.csv", "edges.csv", "graph.json"} <= labels


def test_the_exported_figure_is_the_view_on_screen(app_env, app_store):
    """The panel draws the very GraphView the widget shows: same nodes, same positions, every caption."""
    import io
    import xml.etree.ElementTree as ET

    from PIL import Image

    from smals_graph.app.figures import FigureOptions
    from smals_graph.app.ui.export_panel import figure_files
    from smals_graph.app.view_model import style
    from smals_graph.app.view_model.explore_view import ExploreState, build

    at = run({"node": "s:wave"})
    screen = widget_payloads(at)[0]
    view = build(app_store, ExploreState.from_params({"node": "s:wave"})).view
    assert {n.key for n in view.nodes.values()} == {n["id"] for n in screen["nodes"]}
    files = figure_files(view, FigureOptions(size="square", scale=2, title="Wave"))
    assert Image.open(io.BytesIO(files["png"])).size == (2160, 2160)
    texts = " ".join(t.text or "" for t in ET.fromstring(files["svg"]).iter() if t.tag.endswith("text"))
    texts += " ".join(t.text or "" for t in ET.fromstring(files["svg"]).iter() if t.tag.endswith("tspan"))
    for node in view.nodes.values():
        assert style.caption(node) in texts
    assert "Source: Smals, Rapport d'activités 2025" in texts
    assert files["pdf"].startswith(b"%PDF")


def test_size_and_colour_by_metric_reach_the_screen_and_the_figure(app_env, app_store):
    from smals_graph.app.ui.export_panel import figure_options
    from smals_graph.app.view_model import metrics, style
    from smals_graph.app.view_model.explore_view import ExploreState, build

    at = run({"node": "s:wave", "size": "betweenness", "colour": "community"})
    assert at.selectbox(key="f_size_by").value == "betweenness"
    assert at.selectbox(key="f_colour_by").value == "community"
    screen = {n["id"]: n for n in widget_payloads(at)[0]["nodes"]}
    # sizes follow whole-graph betweenness: a node that bridges more is never drawn smaller
    import networkx as nx

    from smals_graph.graph_model.nx_graph import analytic_graph, from_store

    between = nx.betweenness_centrality(analytic_graph(from_store(app_store)), normalized=True)
    ranked = sorted(screen, key=lambda k: between.get(k, 0.0))
    # what the metric adds to each label's own base size
    grown = [screen[k]["size"] - 0.7 * style.STYLES[screen[k]["group"]].size for k in ranked]
    assert grown == sorted(grown) and grown[0] < grown[-1]
    colours = {n["color"]["background"] for n in screen.values()}
    assert colours <= set(style.PALETTE) and len(colours) >= 1

    view = build(app_store, ExploreState.from_params({"node": "s:wave"})).view
    metrics.apply(view, "betweenness", "community", metrics.metrics_of(analytic_graph(from_store(app_store))))
    drawn = {item["id"]: item for item in view.vis_data()["nodes"]}
    by_key = {view.nodes[i].key: item for i, item in drawn.items()}
    # the same sizes (up to the last bits of a float: the load and this test sum betweenness in their own order)
    assert {k: v["size"] for k, v in by_key.items()} == pytest.approx({k: v["size"] for k, v in screen.items()})
    options = figure_options(view, size="square")
    assert options.sizes == view.sizes and options.groups == view.groups and options.group_title == "Community"


def test_metric_choices_are_in_the_url(app_env):
    at = run({"node": "s:wave"})
    at.selectbox(key="f_size_by").set_value("graph-degree").run()
    assert at.query_params["size"] == "graph-degree"
    assert at.query_params["node"] == "s:wave"


def test_data_quality_links_every_finding(app_env, app_store):
    from smals_graph.app.ui.quality_page import findings_frame, md_text
    from smals_graph.app.view_model import queries

    rows = queries.problems(app_store)
    frame = findings_frame(rows)
    # every finding links to a node or to its line
    assert frame[["open", "report line"]].notna().any(axis=1).all()
    # findings about summary-table rows point to the project of that row, not to the last project (ALICE)
    alice = [r for r in rows if any(n.key == "p:alice" for n in r.concerns)]
    assert [r.line for r in alice] == [1557]
    for r in rows:
        named = [n.key for n in r.concerns if n.key and n.key.startswith("p:")]
        for key in named:  # the project it concerns is the one the message names (by name or by its line)
            node = next(n for n in r.concerns if n.key == key)
            assert (node.properties["name"] in r.message or f'line {node.properties["line"]})' in r.message
                    or r.kind == "left-out-statement"), (r.message, key)
    left = [r for r in rows if r.kind == "left-out-statement"]
    assert any(r.line == 1222 and set(r.mentions) >= {"s:wave", "m:onss"} and not r.concerns for r in left)
    at = run({"problem": left[0].key}, page="data-quality")
    assert any(md_text(left[0].message) in m.value for m in at.markdown)
    assert at.code and f"{left[0].line:>5} >" in at.code[0].value
    assert any("no statement of use" in e.label for e in at.expander)


def test_component_page_shows_the_split(app_env, app_store):
    from smals_graph.app.view_model import usage

    split = usage.component_counts(app_store)["s:eacademy"]
    at = run({"view": "component", "component": "s:eacademy"}, page="shared-components")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Members using it"] == str(len(split.members)) == "12"
    assert metrics["Applications"] == "0"
    assert any(split.describe() in c.value for c in at.caption)


def test_the_inspector_says_when_a_busy_node_lists_a_sample(app_env, app_store, monkeypatch):
    from smals_graph.app.view_model import queries

    monkeypatch.setattr(queries, "LINKS_PER_TYPE", 1)
    at = run({"node": "s:wave"})
    title = next(m.value for m in at.markdown if m.value.startswith("**Relationships**"))
    notes = [c.value for c in at.caption if "A busy node" in c.value]
    assert notes and "the first 1 of each type are listed" in notes[0] and "more" in notes[0]
    total = int(title.split("(")[1].rstrip(")"))
    assert total == sum(queries.degree_by_type(app_store, "s:wave").values()) > 2  # every link counted


def test_a_canned_query_brings_its_own_row_cap(app_env):
    at = run({"canned": "figure-category-components"}, page="query")
    assert at.number_input(key="q_max_rows").value == 200  # its header's cap: the result says when it cuts
    at = run({"canned": "projects_of_member"}, page="query")
    assert at.number_input(key="q_max_rows").value == 1000


def test_status_says_how_the_load_measured_the_metrics(app_env):
    import re

    at = run(page="status")
    text = re.sub(r"\\(.)", r"\1", " ".join(m.value for m in at.markdown))
    assert "**Metrics** Measured by the load: degree, betweenness is exact, communities by louvain (networkx)." in text


def test_the_served_app_runs_no_full_collection_after_each_run():
    from streamlit import config

    from smals_graph.app.cli.serve import streamlit_command

    command = streamlit_command("127.0.0.1", 8501)
    at = command.index("--runner.postScriptGC")
    assert command[at + 1] == "false"
    assert config.get_option("runner.postScriptGC") is True  # Streamlit's default, which the flag turns off
