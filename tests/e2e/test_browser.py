"""End to end in real headless Chromium: `smals-graph app` on the loaded report, every
non-loopback request blocked and recorded (there must be none)."""

from __future__ import annotations

import re

import pytest
from harness import (
    ROOT,
    Browser,
    editor_replace,
    graph_positions,
    graph_state,
    node_canvas_position,
    wait_drawn,
    wait_editor,
    wait_ready,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]
ARTIFACTS = ROOT / "test-artifacts"
GRAPH_IDS = """() => { for (const h of document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')) {
    const r = h.shadowRoot && h.shadowRoot.querySelector('.sg-root'); if (r && r.__sg) return r.__sg.nodes.getIds(); }
    return []; }"""


@pytest.fixture(scope="module")
def browser():
    b = Browser(viewport=(1500, 1000))
    yield b
    b.close()


def settle(page) -> None:
    page.wait_for_timeout(300)
    wait_ready(page)


def graph_ids(page) -> list[str]:
    return sorted(page.evaluate(GRAPH_IDS))


def sidebar(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
    settle(page)


def test_scenario(server: str, browser: Browser) -> None:
    page = browser.page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/")
    wait_ready(page)

    # search "Wave" and open the component
    box = page.get_by_label("Search")
    box.fill("Wave")
    box.press("Enter")
    settle(page)
    page.get_by_role("button", name="Wave", exact=True).first.click()
    settle(page)
    state = wait_drawn(page, min_nodes=2)
    assert "s:wave" in graph_ids(page)
    assert "node=s%3Awave" in page.url or "node=s:wave" in page.url
    page.wait_for_timeout(1000)  # the inspector's tables finish painting
    page.screenshot(path=str(ARTIFACTS / "explore-wave.png"))

    # click a neighbour: the inspector shows it with its report line
    target = next(k for k in graph_ids(page) if k != "s:wave" and not k.startswith("agg:"))
    x, y = node_canvas_position(page, target)
    page.mouse.click(x, y)
    settle(page)
    title = page.locator('[data-testid="sg-inspector-title"]')
    title.filter(has_text=target).wait_for(timeout=60_000)
    report_line = page.locator('[data-testid="sg-report-line"]')
    report_line.wait_for(timeout=10_000)
    assert re.match(r"^\s*\d+", report_line.inner_text())
    assert "sel=" in page.url

    # double-click it: its neighbours are added, the ones on screen keep their place
    before = set(graph_ids(page))
    placed_before = graph_positions(page)
    drawn_before = state["drawn"]
    x, y = node_canvas_position(page, target)
    page.mouse.dblclick(x, y)
    settle(page)
    page.wait_for_function(f"""() => {{ for (const h of document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')) {{
        const r = h.shadowRoot && h.shadowRoot.querySelector('.sg-root');
        if (r && r.dataset.drawn && r.dataset.drawn !== '{drawn_before}') return true; }} return false; }}""",
                           timeout=60_000)
    after = set(graph_ids(page))
    assert before < after, "expanding added no node"
    placed_after = graph_positions(page)
    moved = {k: (placed_before[k], placed_after[k]) for k in before
             if max(abs(a - b) for a, b in zip(placed_before[k], placed_after[k], strict=True)) > 0.5}
    assert moved == {}, f"expanding moved nodes already drawn: {moved}"
    assert "x=" in page.url
    shared_url = page.url
    expanded_ids = graph_ids(page)
    page.mouse.move(5, 5)  # no tooltip in the picture
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "explore-expanded.png"))

    # the shared-components matrix
    sidebar(page, "Shared components")
    page.get_by_text("members ×").first.wait_for(timeout=60_000)
    assert page.locator('[data-testid="stDataFrame"]').count() >= 1
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "shared-components.png"))
    page.get_by_text("One component", exact=True).click()
    settle(page)
    wait_drawn(page, min_nodes=1)

    # a canned query, a parameterised ad-hoc query, an error
    sidebar(page, "Query")
    page.get_by_role("button", name="Projects of a member").click()
    settle(page)
    page.get_by_text(re.compile(r"\d+ row\(s\) · ")).first.wait_for(timeout=60_000)
    assert "canned=projects_of_member" in page.url
    wait_editor(page)
    editor_replace(page, "MATCH (m:Member) WHERE m.category = $cat RETURN m.acronym AS acronym ORDER BY acronym LIMIT 5")
    page.wait_for_timeout(800)  # the editor sends its text after a pause in typing: the form gets $cat
    settle(page)
    page.get_by_role("textbox", name="$cat").fill('"B"')
    page.get_by_role("textbox", name="$cat").press("Enter")
    settle(page)
    page.locator('.sg-ed-actions button[data-action="run"]').click()
    settle(page)
    page.get_by_text("5 row(s) · ").first.wait_for(timeout=60_000)
    editor_replace(page, "MATCH (n RETURN n")
    page.keyboard.press("Control+Enter")
    settle(page)
    alert = page.locator('[data-testid="stAlertContentError"]').first
    alert.wait_for(timeout=60_000)
    assert alert.inner_text().strip()
    page.screenshot(path=str(ARTIFACTS / "query-error.png"))

    # the shared URL, in a fresh session, lands on the same view
    other = browser.page()
    other.goto(shared_url)
    wait_ready(other)
    wait_drawn(other, min_nodes=len(expanded_ids))
    assert graph_ids(other) == expanded_ids
    other.locator('[data-testid="sg-inspector-title"]').filter(has_text=target).wait_for(timeout=60_000)
    assert graph_state(other)["nodes"] == len(expanded_ids)

    assert not errors, errors
    assert browser.blocked == [], browser.blocked


def test_data_quality_links_to_explore(server: str, browser: Browser) -> None:
    page = browser.page()
    page.goto(server + "/data-quality")
    wait_ready(page)
    page.locator('[data-testid="stMetric"]').first.wait_for()
    page.goto(server + "/status")
    wait_ready(page)
    page.get_by_text("falkordb").first.wait_for()
    assert browser.blocked == [], browser.blocked
