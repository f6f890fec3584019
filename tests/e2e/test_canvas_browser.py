"""Issue 25 in headless Chromium on the bundled report (embedded engine): a frame re-run from the Query page's
stream, a click in the schema panel, the plan drawn as a tree, a full-text hit on a word only in a description,
a styling rule reloaded from the URL, and a scene saved in the app, reopened after a restart and rendered by
`snapshot`. Every non-loopback request is blocked and recorded: there must be none."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from harness import (
    APP_SCRIPT,
    ROOT,
    Browser,
    editor_replace,
    editor_state,
    streamlit_server,
    wait_editor,
    wait_ready,
)

from smals_graph.app.cli.main import main
from smals_graph.app.view_model.scenes import Scene, SceneStore
from smals_graph.app.view_model.style_rules import rules_from_json

pytestmark = [pytest.mark.browser, pytest.mark.timeout(400)]
ROWS = re.compile(r"(\d+) row\(s\) · ")
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    b = Browser(viewport=(1500, 1100))
    yield b
    b.close()


@pytest.fixture
def page(browser: Browser):
    page = browser.page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    page.close()
    assert not errors, errors
    assert browser.blocked == [], browser.blocked


def settle(page) -> None:
    page.wait_for_timeout(400)
    wait_ready(page)


def rows_shown(page) -> int:
    caption = page.get_by_text(ROWS).first
    caption.wait_for(timeout=30_000)
    return int(ROWS.search(caption.inner_text()).group(1))


def run(page, text: str) -> None:
    editor_replace(page, text)
    page.wait_for_timeout(500)
    page.keyboard.press("Control+Enter")
    settle(page)


def test_a_frame_re_runs_from_the_stream(page, server: str, app_store) -> None:
    first = "MATCH (m:Member) WHERE m.category = 'A' RETURN m.acronym ORDER BY m.acronym"
    second = "MATCH (t:Technology) RETURN t.name ORDER BY t.name LIMIT 3"
    page.goto(server + "/query")
    wait_ready(page)
    wait_editor(page)
    run(page, first)
    run(page, second)
    page.get_by_text("Stream (2 of at most 20 frames, newest first)").wait_for(timeout=30_000)
    assert rows_shown(page) == 3
    older = page.locator(".st-key-frame_1")
    assert first in older.inner_text()
    older.get_by_role("button", name="Re-run").click()
    settle(page)
    page.get_by_text("Stream (3 of at most 20 frames, newest first)").wait_for(timeout=30_000)
    assert editor_state(page)["text"] == first
    assert rows_shown(page) == len(app_store.read(first).rows)  # the newest frame is the re-run
    assert first in page.locator(".st-key-frame_3").inner_text()
    page.locator(".st-key-frame_2").get_by_role("button", name="Remove").click()
    settle(page)
    page.get_by_text("Stream (2 of at most 20 frames, newest first)").wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "query-stream.png"), full_page=True)


def test_schema_panel_click_queries_the_label(page, server: str, app_store) -> None:
    members = app_store.read("MATCH (m:Member) RETURN count(m)").scalar()
    page.goto(server + "/query")
    wait_ready(page)
    wait_editor(page)
    page.get_by_text(re.compile(r"^Schema \(\d+ labels")).click()
    page.get_by_role("button", name=f":Member ({members})").click()
    settle(page)
    assert editor_state(page)["text"] == "MATCH (n:Member) RETURN n LIMIT 25"
    assert rows_shown(page) == min(25, members)


def test_explain_draws_the_plan_as_a_tree(page, server: str, app_store) -> None:
    text = "MATCH (m:Member)<-[:FOR]-(p:Project) WHERE m.category = 'A' RETURN m.acronym, count(p) ORDER BY m.acronym"
    page.goto(server + "/query")
    wait_ready(page)
    wait_editor(page)
    editor_replace(page, text)
    page.wait_for_timeout(700)
    page.locator('.sg-ed-actions button[data-action="profile"]').click()
    settle(page)
    tree = page.locator(".plan-figure svg")
    tree.wait_for(timeout=30_000)
    boxes = tree.locator("g.plan-op")
    operators = app_store.profile(text).operators()
    assert boxes.count() == len(operators)
    assert boxes.first.text_content().startswith("Results")
    rows = len(app_store.read(text).rows)
    assert f"{rows} rows" in boxes.first.text_content()
    tree.screenshot(path=str(ARTIFACTS / "query-plan-tree.png"))


def test_full_text_hit_on_a_word_only_in_a_description(page, server: str, app_store) -> None:
    assert app_store.read("MATCH (n) WHERE toLower(n.name) CONTAINS 'vaccinations' RETURN count(n)").scalar() == 0
    page.goto(server + "/search-text?text=vaccinations")
    wait_ready(page)
    hit = page.locator(".st-key-ts_hit_0")
    hit.locator("mark").first.wait_for(timeout=30_000)
    assert "Vitalink FHIR" in hit.inner_text() and "description" in hit.inner_text()
    assert hit.locator("mark").all_inner_texts() == ["vaccinations"]
    page.locator('[data-testid="stTextInput"] input').fill("pseudonymisation")
    page.keyboard.press("Enter")
    settle(page)
    assert "text=pseudonymisation" in page.url
    assert "pseudonymisation" in page.locator(".st-key-ts_hit_0 mark").first.inner_text().lower()
    page.screenshot(path=str(ARTIFACTS / "search-the-text.png"), full_page=True)



def test_explore_search_links_to_the_text_search(page, server: str) -> None:
    page.goto(server + "/?q=vaccinations")  # Explore's search box links to the same results
    wait_ready(page)
    page.screenshot(path=str(ARTIFACTS / "explore-search-text-link.png"))
    page.get_by_text("Search the text for “vaccinations”").click()
    page.wait_for_url(re.compile(r"/search-text\?text=vaccinations"), timeout=30_000)
    wait_ready(page)
    page.locator(".st-key-ts_hit_0 mark").first.wait_for(timeout=30_000)
    assert "Vitalink FHIR" in page.locator(".st-key-ts_hit_0").inner_text()


def test_a_styling_rule_is_reloaded_from_the_url(page, server: str, app_store, app_data_dir) -> None:
    keys = [k for category in ("A", "B") for (k,) in app_store.read(
        "MATCH (m:Member {category: $c}) RETURN m.id ORDER BY m.id LIMIT 2", {"c": category}).rows]
    scenes = SceneStore(app_data_dir / "scenes")
    scenes.save(Scene("Rule check", keys))
    rules = '[{"set":"colour","value":"#d62728","label":"Member","property":"category","equals":"A"}]'
    try:
        page.goto(server + f"/scenes?scene={quote('Rule check')}&rules={quote(rules)}")
        wait_ready(page)
        legend = page.locator("li.sc-legend")
        legend.first.wait_for(timeout=30_000)
        assert [t.strip() for t in legend.all_inner_texts()] == ["colour #d62728: Member with category = A"]
        assert page.locator('[data-testid="stTextArea"] textarea').first.input_value() == rules
        page.reload()
        wait_ready(page)
        page.locator("li.sc-legend").first.wait_for(timeout=30_000)
        assert [t.strip() for t in page.locator("li.sc-legend").all_inner_texts()] == ["colour #d62728: Member with category = A"]
        bad = quote('[{"set":"colour","value":"red"}]')
        page.goto(server + f"/scenes?rules={bad}")
        wait_ready(page)
        page.get_by_text("Style rule 1: a colour is #rrggbb (got 'red').").wait_for(timeout=30_000)
    finally:
        scenes.delete("Rule check")


def test_a_saved_scene_is_reopened_after_a_restart_and_rendered_by_snapshot(browser: Browser, app_data_dir,
                                                                             app_store, tmp_path) -> None:
    env = {"SMALS_GRAPH_DATA_DIR": str(app_data_dir)}
    scenes = SceneStore(app_data_dir / "scenes")
    query = "MATCH (m:Member) WHERE m.acronym IN ['ONSS', 'INAMI'] RETURN m"
    try:
        with streamlit_server(APP_SCRIPT, env) as base:
            page = browser.page()
            page.goto(base + "/scenes")
            wait_ready(page)
            page.get_by_label("Name").fill("Two members")
            page.keyboard.press("Enter")
            settle(page)
            page.get_by_label("The scene's nodes: a read-only query").fill(query)
            page.keyboard.press("Control+Enter")
            settle(page)
            page.get_by_role("button", name="Save scene").click()
            page.wait_for_url(re.compile(r"scene=Two(\+|%20)members"), timeout=30_000)
            settle(page)
            page.close()
        assert scenes.names() == ["Two members"]
        with streamlit_server(APP_SCRIPT, env) as base:  # a new process: only the file remembers
            page = browser.page()
            page.goto(base + "/scenes")
            wait_ready(page)
            page.locator('[data-testid="stSelectbox"]').first.click()
            page.get_by_role("option", name="Two members").click()
            settle(page)
            page.get_by_role("button", name="Open scene").click()
            settle(page)
            page.get_by_text("scene “Two members”").wait_for(timeout=30_000)
            assert "2 node(s)" in page.get_by_text(re.compile(r"node\(s\), \d+ relationship")).first.inner_text()
            page.screenshot(path=str(ARTIFACTS / "scene-reopened.png"), full_page=True)
            page.close()
        assert browser.blocked == []
        spec = tmp_path / "two.toml"
        exported = CliRunner().invoke(main, ["--data-dir", str(app_data_dir), "scene", "export", "Two members",
                                             "--out", str(spec)])
        assert exported.exit_code == 0, exported.output
        shot = CliRunner().invoke(main, ["--uri", app_store.connection_uri(), "snapshot", str(spec), "--out",
                                         str(tmp_path / "out"), "--format", "svg"])
        assert shot.exit_code == 0, shot.output
        svg = next((tmp_path / "out").glob("*.svg")).read_text(encoding="utf-8")
        for acronym in ("ONSS", "INAMI"):
            assert acronym in svg
    finally:
        scenes.delete("Two members")


def test_rules_json_example_is_valid() -> None:
    from smals_graph.app.ui.scenes_page import EXAMPLE_RULES
    from smals_graph.app.view_model.style_rules import rules_from_url

    assert len(rules_from_url(EXAMPLE_RULES)) == 2 and rules_from_json([]) == []


def test_explore_saves_its_view_as_a_scene_that_reopens_in_explore(page, server: str, app_data_dir) -> None:
    scenes = SceneStore(app_data_dir / "scenes")
    try:
        page.goto(server + "/?node=m:onss")
        wait_ready(page)
        page.get_by_text("Save as a scene").click()
        page.get_by_label("Scene name").fill("ONSS view")
        page.keyboard.press("Enter")
        settle(page)
        page.get_by_role("button", name="Save scene").click()
        settle(page)
        page.get_by_text("Saved scene “ONSS view”").wait_for(timeout=30_000)
        saved = scenes.load("ONSS view")
        assert "m:onss" in saved.nodes and saved.filters["explore"]["node"] == "m:onss"
        assert set(saved.positions) <= set(saved.nodes) and saved.positions
        page.goto(server + "/scenes?scene=" + quote("ONSS view"))
        wait_ready(page)
        page.get_by_text("scene “ONSS view”").wait_for(timeout=30_000)
        page.get_by_text("Open in Explore").click()
        page.wait_for_url(re.compile(r"/\?node=m(%3A|:)onss"), timeout=30_000)
    finally:
        scenes.delete("ONSS view")
