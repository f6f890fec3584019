"""The screen views people screenshot for slides, in real headless Chromium: Explore, the two-members view and
presentation mode. Screenshots are kept in test-artifacts/ (the README's come from here). Checked: the canvas
uses the page width, every node is inside the fitted canvas (also in a tab drawn while hidden), captions are
drawn, the two-members view draws no technology with "Reusable components only", presentation mode covers the
window with title, legend and source line."""

from __future__ import annotations

import re

import pytest
from harness import ROOT, Browser, wait_drawn, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
ARTIFACTS = ROOT / "test-artifacts"
ROOT_JS = """() => { for (const h of document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')) {
    const r = h.shadowRoot && h.shadowRoot.querySelector('.sg-root'); if (r && r.__sg) return r; } return null; }"""
FRAME_JS = f"""() => {{ const root = ({ROOT_JS})(); const net = root.__sg.network; const c = root.querySelector('.sg-canvas');
    const rect = c.getBoundingClientRect(); const ids = root.__sg.nodes.getIds(); const pos = net.getPositions(ids);
    let outside = 0; const labels = {{}};
    for (const id of ids) {{ const d = net.canvasToDOM(pos[id]);
        if (d.x < 0 || d.y < 0 || d.x > c.clientWidth || d.y > c.clientHeight) outside += 1;
        labels[id] = root.__sg.nodes.get(id).group; }}
    const main = document.querySelector('[data-testid="stMainBlockContainer"]');
    return {{width: rect.width, page: document.documentElement.clientWidth, main: main ? main.clientWidth : 0, height: rect.height,
             outside: outside, nodes: ids.length, captions: Number(root.dataset.captions || 0), labels: labels,
             present: root.dataset.present || ''}}; }}"""


@pytest.fixture(scope="module")
def browser():
    b = Browser(viewport=(1600, 1000), device_scale_factor=1)
    yield b
    b.close()


def open_view(page, url: str, min_nodes: int = 2) -> dict:
    page.goto(url)
    wait_ready(page)
    wait_drawn(page, min_nodes=min_nodes)
    page.wait_for_timeout(800)
    page.mouse.move(2, 2)
    return page.evaluate(FRAME_JS)


def test_slide_views(server: str, browser: Browser) -> None:
    page = browser.page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    explore = open_view(page, server + "/?node=m:onss")
    assert explore["outside"] == 0, explore
    assert explore["width"] >= 0.6 * explore["main"], explore  # most of the page, the inspector beside it
    assert explore["captions"] >= min(10, explore["nodes"]), explore
    page.screenshot(path=str(ARTIFACTS / "explore-onss.png"))

    pair = open_view(page, server + "/shared-components?view=pair&a=m:onss&b=m:inami&reusable=1")
    assert "Technology" not in set(pair["labels"].values()), pair["labels"]
    assert pair["outside"] == 0 and pair["width"] >= 0.85 * pair["main"], pair  # the whole page width
    page.locator('[data-testid="stBidiComponentIsolated"]').first.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / "two-members.png"), full_page=False)
    everything = open_view(page, server + "/shared-components?view=pair&a=m:onss&b=m:inami&reusable=0")
    assert "Technology" in set(everything["labels"].values())

    present = open_view(page, server + "/shared-components?view=pair&a=m:onss&b=m:inami&reusable=1&present=1")
    assert present["present"] == "1"
    assert present["width"] >= 0.98 * present["page"], present  # full window, no app chrome
    assert present["outside"] == 0, present
    head = page.evaluate(f"() => ({ROOT_JS})().querySelector('.sg-head').textContent")
    source = page.evaluate(f"() => ({ROOT_JS})().querySelector('.sg-source').textContent")
    assert head and source.startswith("Source: Smals")
    page.screenshot(path=str(ARTIFACTS / "presentation-two-members.png"))

    # the Query page's Graph tab is drawn while hidden: once shown, every node is in view without pressing Fit
    page.goto(server + "/query")
    wait_ready(page)
    page.get_by_role("button", name="Who shares a component").click()  # a canned query that returns a graph
    page.wait_for_timeout(300)
    wait_ready(page)
    page.get_by_text(re.compile(r"\d+ row\(s\) · ")).first.wait_for(timeout=20_000)
    page.get_by_role("tab", name=re.compile("^Graph")).first.click()
    wait_drawn(page, min_nodes=2)
    page.wait_for_timeout(800)
    query = page.evaluate(FRAME_JS)
    assert query["outside"] == 0, query
    assert not errors, errors
    assert browser.blocked == [], browser.blocked
