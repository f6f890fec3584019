"""The Query page's workbench in real headless Chromium, on the bundled 2025 report in the embedded engine: the
engine's error marked where it is, completion of a label and a property key of the loaded graph, Ctrl+Enter,
Explain, a picker against the key typed by hand, a search phrase from Explore. Every non-loopback request is
blocked and recorded: there must be none (the editor's bundle is served by the app itself)."""

from __future__ import annotations

import re

import pytest
from harness import (
    EDITOR_ROOT_JS,
    ROOT,
    Browser,
    editor_focus_end,
    editor_replace,
    editor_state,
    wait_drawn,
    wait_editor,
    wait_ready,
)

from smals_graph.graph_model.errors import QueryError

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
ARTIFACTS = ROOT / "test-artifacts"
ROWS = re.compile(r"(\d+) row\(s\) · ")


@pytest.fixture(scope="module")
def browser():
    b = Browser(viewport=(1500, 1100))
    yield b
    b.close()


@pytest.fixture
def page(server: str, browser: Browser):
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


def open_query(page, server: str) -> None:
    page.goto(server + "/query")
    wait_ready(page)
    wait_editor(page)


def rows_shown(page) -> int:
    caption = page.get_by_text(ROWS).first
    caption.wait_for(timeout=30_000)
    return int(ROWS.search(caption.inner_text()).group(1))


def test_typo_is_marked_at_the_engines_column(page, server: str, app_store) -> None:
    typed = "MATCH (n:Member)\nWHERE n.category = 'A'\nRETRN n.name"
    with pytest.raises(QueryError) as raised:
        app_store.read(typed)
    where = raised.value.position
    assert (where.line, where.column) == (3, 4)  # FalkorDB: 'R' of "RETRN", where it stopped expecting RETURN
    open_query(page, server)
    editor_replace(page, "")
    for line in typed.split("\n"):  # typed key by key: completion pops up on the way, Escape closes it
        page.keyboard.type(line, delay=15)
        page.keyboard.press("Escape")
        if not line.startswith("RETRN"):
            page.keyboard.press("Enter")
    assert editor_state(page)["text"] == typed
    page.keyboard.press("Control+Enter")
    settle(page)
    marker = page.locator(".sg-engine-error").first
    marker.wait_for(timeout=30_000)
    assert marker.get_attribute("data-line") == "3" and marker.get_attribute("data-column") == "4"
    assert marker.inner_text() == "RN"  # the rest of the word, from column 4 of line 3
    assert editor_state(page)["error"] == "3:4"
    message = page.locator(".sg-engine-error-message").first
    assert "expected RETURN" in message.inner_text()
    # the marker sits under line 3's fourth character on screen, not somewhere else
    line3 = page.locator(".cm-line").nth(2).bounding_box()
    box = marker.bounding_box()
    assert abs(box["y"] - line3["y"]) < 3 and box["x"] > line3["x"]
    assert page.get_by_text("Invalid input 'R': expected RETURN (line 3, column 4)").count() == 1
    page.get_by_text("The engine's message as it was sent").click()
    page.get_by_text("errCtxOffset").first.wait_for(timeout=10_000)
    page.screenshot(path=str(ARTIFACTS / "query-error-marker.png"))
    # editing the text removes the engine's marker (it is about the text that ran)
    editor_focus_end(page)
    page.keyboard.type(" ")
    assert page.locator(".sg-engine-error").count() == 0


def test_completion_of_label_and_property_key_then_ctrl_enter(page, server: str, app_store) -> None:
    labels = {row[0] for row in app_store.read("CALL db.labels()").rows}
    keys = {row[0] for row in app_store.read("CALL db.propertyKeys()").rows}
    assert "Member" in labels and "acronym" in keys
    open_query(page, server)
    editor_replace(page, "")
    page.keyboard.type("MATCH (m:Mem", delay=40)
    option = page.locator(".cm-tooltip-autocomplete li", has_text="Member").first
    option.wait_for(timeout=10_000)
    page.wait_for_timeout(200)  # CodeMirror ignores Enter within 75 ms of the list (re)opening
    page.keyboard.press("Enter")  # accept the completion
    assert editor_state(page)["text"].startswith("MATCH (m:Member")
    page.keyboard.press("End")
    page.keyboard.type(" WHERE m.category = 'B' RETURN m.acr", delay=30)
    option = page.locator(".cm-tooltip-autocomplete li", has_text="acronym").first
    option.wait_for(timeout=10_000)
    page.wait_for_timeout(200)  # CodeMirror ignores Enter within 75 ms of the list (re)opening
    page.keyboard.press("Enter")
    text = editor_state(page)["text"]
    assert text.startswith("MATCH (m:Member") and text.endswith("RETURN m.acronym"), text
    assert float(editor_state(page)["completionMs"]) < 1000
    page.keyboard.press("Control+Enter")
    settle(page)
    expected = len(app_store.read(text).rows)
    assert expected > 0
    assert rows_shown(page) == expected
    assert "run=1" in page.url and "q=" in page.url
    # the command line that reproduces it
    page.get_by_text("Copy as a command line").click()
    command = page.locator('[data-testid="stCode"]').filter(has_text="smals-graph").first
    command.wait_for(timeout=10_000)
    assert command.inner_text().strip().startswith("smals-graph query 'MATCH (m:Member)")


def test_escape_cancels_the_run_being_waited_for(page, server: str) -> None:
    open_query(page, server)
    editor_replace(page, "UNWIND range(1, 5000000) AS x RETURN count(x) AS n")  # seconds on the engine
    page.keyboard.press("Control+Enter")
    page.wait_for_function(f"() => {{ const r = ({EDITOR_ROOT_JS})(); return r && r.dataset.waiting === '1'; }}")
    page.keyboard.press("Escape")
    page.get_by_text("Cancelled: the answer is dropped").wait_for(timeout=30_000)
    page.wait_for_timeout(6000)  # past the engine's time limit: nothing arrives afterwards
    settle(page)
    assert page.get_by_text(ROWS).count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert editor_state(page)["waiting"] == ""


def test_explain_shows_the_plan(page, server: str, app_store) -> None:
    text = "MATCH (m:Member)<-[:FOR]-(p:Project) WHERE m.category = 'A' RETURN m.acronym, count(p) ORDER BY m.acronym"
    open_query(page, server)
    editor_replace(page, text)
    page.wait_for_timeout(700)
    page.locator('.sg-ed-actions button[data-action="explain"]').click()
    settle(page)
    page.locator(".plan-figure svg").first.wait_for(timeout=30_000)  # drawn as a tree; the text one click away
    page.get_by_text("The plan as text").first.click()
    plan = page.locator('[data-testid="stCode"]').filter(has_text="Results").first
    plan.wait_for(timeout=30_000)
    shown = plan.inner_text()
    for operator in ("Results", "Sort", "Aggregate", "Conditional Traverse", "(m:Member)"):
        assert operator in shown, shown
    assert page.get_by_text(ROWS).count() == 0  # explained, not run
    page.locator('.sg-ed-actions button[data-action="profile"]').click()
    settle(page)
    page.get_by_text("Profile", exact=False).first.wait_for(timeout=30_000)
    page.get_by_text("The plan as text").first.click()  # the newest frame's
    profile = page.locator('[data-testid="stCode"]').filter(has_text="rows").first
    profile.wait_for(timeout=30_000)
    assert re.search(r"Results\s+\[\d+ rows", profile.inner_text())


def test_picker_returns_the_rows_of_the_key_typed_by_hand(page, server: str, app_store) -> None:
    open_query(page, server)
    page.get_by_role("button", name="Members sharing a component").click()
    settle(page)
    picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="$component")
    picker.wait_for(timeout=20_000)
    picker.locator("input").click()
    page.keyboard.type("Wave")
    page.get_by_role("option", name=re.compile(r"^Wave$")).first.click()
    settle(page)
    page.get_by_text("key s:wave").wait_for(timeout=10_000)
    page.locator('.sg-ed-actions button[data-action="run"]').click()
    settle(page)
    picked = rows_shown(page)
    assert '"component": "s:wave"' in page.url.replace("%22", '"').replace("%3A", ":").replace("%20", " ") \
        or "s%3Awave" in page.url
    # the same query with the key typed by hand as a free parameter
    text = editor_state(page)["text"].replace("$component", "$key")
    editor_replace(page, text)
    page.wait_for_timeout(800)
    settle(page)
    box = page.get_by_role("textbox", name="$key")
    box.fill("s:wave")
    box.press("Enter")
    settle(page)
    page.get_by_text("string 's:wave'").wait_for(timeout=10_000)
    page.locator('.sg-ed-actions button[data-action="run"]').click()
    settle(page)
    page.wait_for_timeout(500)
    assert rows_shown(page) == picked
    by_hand = app_store.read(text, {"key": "s:wave"})
    assert len(by_hand.rows) == picked > 0


def test_search_phrase_from_explore(page, server: str, app_store) -> None:
    page.goto(server + "/")
    wait_ready(page)
    box = page.get_by_role("textbox", name="Search")
    box.fill("members using wave")
    box.press("Enter")
    settle(page)
    page.get_by_role("button", name=re.compile("members using Wave")).first.click()
    settle(page)
    page.screenshot(path=str(ARTIFACTS / "explore-search-phrase.png"))
    page.get_by_role("heading", name="members using Wave").wait_for(timeout=20_000)
    from smals_graph.graph_model.canned import load_canned

    query = load_canned()["members_sharing_component"]
    expected = len(app_store.read(query.text, {"component": "s:wave"}).rows)
    assert rows_shown(page) == expected > 0
    link = page.get_by_role("link", name=re.compile("in Query"))
    assert "canned=members_sharing_component" in link.get_attribute("href")
    # a phrase whose query returns paths: its graph is drawn
    box.fill("users of wave")
    box.press("Enter")
    settle(page)
    page.get_by_role("button", name=re.compile("users of Wave")).first.click()
    settle(page)
    page.get_by_role("heading", name="users of Wave").wait_for(timeout=20_000)
    page.get_by_role("tab", name=re.compile("^Graph")).first.click()
    state = wait_drawn(page, min_nodes=2)
    assert state["nodes"] >= 2
