"""AppTest smoke tests of every page against a real embedded engine (no JS runs: the graph widget's data is
read from its proto)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app" / "streamlit_app.py")


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
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


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
