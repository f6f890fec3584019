"""Issue 19 in real headless Chromium on the bundled report: a picker keeps its value across Run, an empty one
is refused by name, and the three everyday tasks agree with each other (no traceback, no silent empty result)."""

from __future__ import annotations

import re

import pytest
from harness import ROOT, Browser, editor_replace, wait_drawn, wait_editor, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]
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


def no_traceback(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]').first.inner_text()


def rows_shown(page) -> int:
    caption = page.get_by_text(ROWS).first
    caption.wait_for(timeout=30_000)
    return int(ROWS.search(caption.inner_text()).group(1))


def run_button(page):
    return page.locator('.sg-ed-actions button[data-action="run"]')


@pytest.mark.parametrize(("title", "picker", "shown"), [
    ("Members sharing a component", "$component", "Wave"),
    ("Projects of a member", "$member", "ONSS"),
])
def test_a_picker_keeps_its_value_across_run(page, server: str, app_store, title: str, picker: str,
                                             shown: str) -> None:
    page.goto(server + "/query")
    wait_ready(page)
    wait_editor(page)
    page.get_by_role("button", name=title, exact=True).click()
    settle(page)
    first = rows_shown(page)
    assert first > 0
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=picker)
    assert box.locator("input").input_value().startswith(shown)
    for _ in range(3):
        run_button(page).click()
        settle(page)
        page.wait_for_timeout(300)
        no_traceback(page)
        assert box.locator("input").input_value().startswith(shown)
        assert rows_shown(page) == first


def test_a_picker_filled_by_a_link_keeps_its_value_across_run(page, server: str, app_store) -> None:
    page.goto(server + "/query?canned=members_sharing_component&run=1")
    wait_ready(page)
    wait_editor(page)
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="$component")
    assert box.locator("input").input_value() == "Wave"
    page.get_by_test_id("stBaseButton-primary").filter(has_text="Run").click()
    settle(page)
    first = rows_shown(page)
    assert first == 2
    for _ in range(2):
        assert box.locator("input").input_value() == "Wave"
        run_button(page).click()
        settle(page)
        page.wait_for_timeout(300)
        no_traceback(page)
        assert rows_shown(page) == first
        page.keyboard.press("Control+Enter")


def test_the_three_everyday_tasks_tell_the_same_truth(page, server: str, app_store) -> None:
    """Who shares a component; an ad-hoc and a canned query; a figure for a slide — no traceback, no silent empty
    result, and Wave's counts the same on every page (computed here with independent Cypher)."""
    from smals_graph.app.figures.snapshot import find_spec, spec_view
    from smals_graph.graph_model.canned import load_canned

    members = {r[0] for r in app_store.read(
        "MATCH (:Service {id: 's:wave'})<-[:REUSES|DELIVERS]-(:Project)-[:FOR]->(m:Member) RETURN m.id UNION "
        "MATCH (:Service {id: 's:wave'})<-[:USES]-(m:Member) RETURN m.id").rows}
    projects = {r[0] for r in app_store.read(
        "MATCH (:Service {id: 's:wave'})<-[:REUSES|DELIVERS]-(p:Project) RETURN DISTINCT p.id").rows}
    assert members and projects
    said = f"{len(members)} member{'s' if len(members) != 1 else ''}"

    # 1. who shares a component: the start button, the graph and the inspector say the same numbers
    page.goto(server + "/")
    wait_ready(page)
    start = page.get_by_role("button", name=re.compile(r"^Wave · "))
    assert start.inner_text().startswith(f"Wave · {said}")
    start.click()
    settle(page)
    drawn = wait_drawn(page, min_nodes=len(members) + len(projects) + 1)
    assert drawn["nodes"] >= len(members) + len(projects) + 1
    page.get_by_text(re.compile(rf"Used by\s+{said}")).first.wait_for(timeout=20_000)
    page.locator('[data-testid="sg-rel-legend"]').wait_for(timeout=20_000)
    no_traceback(page)
    page.screenshot(path=str(ARTIFACTS / "explore-wave-users.png"))
    # the search phrase of the README, then the Shared components page for the same component
    box = page.get_by_role("textbox", name="Search")
    box.fill("who shares wave")
    box.press("Enter")
    settle(page)
    page.get_by_role("button", name=re.compile("who shares Wave")).first.click()
    settle(page)
    no_traceback(page)
    assert rows_shown(page) > 0
    page.goto(server + "/shared-components?view=component&component=s:wave")
    wait_ready(page)
    no_traceback(page)
    page.get_by_text(re.compile(rf"{len(members)} member")).first.wait_for(timeout=20_000)

    # 2. an ad-hoc query with a misspelt label warns; the canned query answers as many rows as Wave has members
    page.goto(server + "/query")
    wait_ready(page)
    wait_editor(page)
    editor_replace(page, "MATCH (m:Membre) RETURN m.name")
    page.wait_for_timeout(500)
    run_button(page).click()
    settle(page)
    page.get_by_text("The provided label is not in the database.").first.wait_for(timeout=20_000)
    page.get_by_role("button", name="Members sharing a component", exact=True).click()
    settle(page)
    assert rows_shown(page) == len(members)
    run_button(page).click()
    settle(page)
    assert rows_shown(page) == len(members)  # Run again: the picker kept Wave
    no_traceback(page)

    # 3. a figure for a slide: the Wave figure draws the same members
    page.goto(server + "/figures?figure=wave-users")
    wait_ready(page)
    no_traceback(page)
    page.locator('[data-testid="stImage"], img').first.wait_for(timeout=60_000)
    view = spec_view(app_store, find_spec("wave-users"))
    assert {n.key for n in view.nodes.values() if n.label == "Member"} == members
    assert load_canned()["figure-service-users"].phrases  # the figure's query is the phrase's query
