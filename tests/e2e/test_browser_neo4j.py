"""The browser scenario of test_browser.py once more, with the app on the session's real Neo4j (auth on): search,
inspect, expand, the shared-components matrix, a canned and a parameterised query, an error, then a refusal."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_browser
from harness import APP_SCRIPT, ROOT, Browser, editor_replace, streamlit_server, wait_editor

pytestmark = [pytest.mark.browser, pytest.mark.neo4j, pytest.mark.timeout(300)]


def test_scenario_on_neo4j(neo4j_loaded, neo4j_server, tmp_path: Path, monkeypatch) -> None:
    artifacts = ROOT / "test-artifacts" / "neo4j"
    artifacts.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(test_browser, "ARTIFACTS", artifacts)  # the embedded run's screenshots stay as they are
    env = {**neo4j_server.env(), "SMALS_GRAPH_DATA_DIR": str(tmp_path)}
    browser = Browser(viewport=(1500, 1000))
    try:
        with streamlit_server(APP_SCRIPT, env) as base:
            test_browser.test_scenario(base, browser)

            page = browser.page()
            page.goto(base + "/status")
            test_browser.settle(page)
            page.get_by_text("neo4j").first.wait_for(timeout=20_000)
            test_browser.sidebar(page, "Query")
            wait_editor(page)
            editor_replace(page, "MATCH (m:Member) SET m.name = 'changed' RETURN m")
            page.keyboard.press("Control+Enter")
            test_browser.settle(page)
            alert = page.locator('[data-testid="stAlertContentError"]').first
            alert.wait_for(timeout=20_000)
            assert "Refused" in alert.inner_text()
            page.screenshot(path=str(artifacts / "query-refused.png"))
            assert browser.blocked == [], browser.blocked
    finally:
        browser.close()
    # the refusal left the graph as it was
    assert neo4j_loaded.read("MATCH (m:Member) WHERE m.name = 'changed' RETURN count(m)").scalar() == 0
