"""Stored XSS, end to end: a report seeded with script / iframe / object / img / Markdown-image / javascript-link
payloads in every field the app shows (tests/fixtures/hostile-2031.fr.txt) is loaded, and every page is opened in
headless Chromium. No dialog may fire, no payload script may run (it would set `__pwned`), and no request may
leave loopback (a Markdown image would fetch http://203.0.113.9/...)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from harness import APP_SCRIPT, ROOT, Browser, streamlit_server, wait_ready

from smals_graph.graph_model.connect import connect
from smals_graph.graph_model.embedded import EmbeddedEngine
from smals_graph.graph_model.store import DEFAULT_GRAPH

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile-2031.fr.txt"
PAYLOAD_MARKS = ("<script", "<iframe", "<object", "<img", "![tracker]")
PWNED_JS = "() => { try { return window.__pwned || null; } catch (e) { return null; } }"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    from smals_graph.app.view_model import history
    from smals_graph.loader.parse import parse_report
    from smals_graph.loader.write import load_dataset

    data_dir = tmp_path_factory.mktemp("hostile")
    store = connect("embedded:", data_dir=data_dir, graph=DEFAULT_GRAPH)
    load_dataset(store, parse_report(HOSTILE))
    # what the report put in the graph: payloads in names, taglines, statuses, urls, descriptions, problems...
    rows = store.read("MATCH (n) RETURN labels(n)[0] AS label, properties(n) AS p", max_rows=10_000).rows
    seeded = [(label, key) for label, props in rows for key, value in props.items()
              if isinstance(value, str) and any(mark in value for mark in PAYLOAD_MARKS)]
    keys = {label: store.read(f"MATCH (n:{label}) WHERE n.name CONTAINS $mark RETURN n.id LIMIT 1",
                              {"mark": mark}).scalar()
            for label, mark in (("Project", "<script"), ("Member", "<object"), ("Service", "<script"),
                                ("Technology", "<img"))}
    history.record("MATCH (n) RETURN '![tracker](http://203.0.113.9/h.png)' AS x // <img src=x onerror=alert(7)>",
                   {}, rows=1, path=data_dir / "history.jsonl")
    store.close()
    yield data_dir, keys, seeded
    EmbeddedEngine(data_dir).stop()


@pytest.fixture(scope="module")
def server(hostile):
    data_dir, _, _ = hostile
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    with streamlit_server(APP_SCRIPT, {"SMALS_GRAPH_DATA_DIR": str(data_dir)}) as base:
        yield base


class Watch:
    """Dialogs, page errors and payload traces of one page (and all its frames)."""

    def __init__(self, browser: Browser) -> None:
        self.page = browser.page()
        self.browser = browser
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        with contextlib.suppress(Exception):
            dialog.dismiss()

    def settle(self) -> None:
        self.page.wait_for_timeout(600)
        wait_ready(self.page)
        self.page.wait_for_timeout(900)  # let any injected image, iframe or handler fire

    def check(self, where: str) -> None:
        pwned = []
        for frame in self.page.frames:
            with contextlib.suppress(Exception):
                value = frame.evaluate(PWNED_JS)
                if value:
                    pwned.append(value)
        assert self.dialogs == [], (where, self.dialogs)
        assert pwned == [], (where, pwned)
        assert self.browser.blocked == [], (where, self.browser.blocked)


def test_the_hostile_report_really_seeds_payloads_everywhere(hostile):
    _, keys, seeded = hostile
    assert all(keys.values()), keys
    fields = {(label, key) for label, key in seeded}
    for field in [("Project", "name"), ("Project", "tagline"), ("Project", "status"), ("Project", "url"),
                  ("Project", "description"), ("Member", "name"), ("Service", "name"),
                  ("Service", "description"), ("Technology", "name"), ("Problem", "message")]:
        assert field in fields, field


def test_no_payload_runs_or_fetches_anything_on_any_page(server, hostile):
    _, keys, _ = hostile
    browser = Browser(viewport=(1500, 1000))
    try:
        w = Watch(browser)
        page = w.page

        # Explore: the project itself (graph header, inspector title, name, properties, description, report line)
        for label in ("Project", "Member", "Service", "Technology"):
            page.goto(f"{server}/?node={keys[label]}")
            w.settle()
            page.locator('[data-testid="sg-inspector-title"]').wait_for(timeout=30_000)
            w.check(f"explore {label}")
        page.goto(f"{server}/?node={keys['Project']}")
        w.settle()
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "<script>" in main, "the payload is not even shown as text"  # shown, as text
        page.locator('[data-testid="sg-report-line"]').wait_for(timeout=20_000)
        expander = page.get_by_text("Description (from the report)")
        if expander.count():
            expander.first.click()
            w.settle()
        w.check("explore description")

        # search: result buttons carry the payload names; a payload as the search text itself
        box = page.get_by_role("textbox", name="Search")
        for text in ("Pension", "Quantum", "<img src=x onerror=alert(9)> ![t](http://203.0.113.9/s.png)"):
            box.fill(text)
            box.press("Enter")
            w.settle()
            w.check(f"search {text}")

        # the widget's tooltips: hover every node of the drawing
        page.goto(f"{server}/?node={keys['Project']}")
        w.settle()
        canvas = page.locator("canvas").first
        box_ = canvas.bounding_box()
        if box_:
            for fx in (0.2, 0.35, 0.5, 0.65, 0.8):
                for fy in (0.3, 0.5, 0.7):
                    page.mouse.move(box_["x"] + box_["width"] * fx, box_["y"] + box_["height"] * fy)
                    page.wait_for_timeout(120)
        w.check("tooltips")

        # every other page
        for path in ("/shared-components", f"/shared-components?view=component&component={keys['Service']}",
                     "/analytics", "/data-quality", "/status", "/figures"):
            page.goto(server + path)
            w.settle()
            w.check(path)
        page.goto(server + "/analytics")
        w.settle()
        for tab in page.get_by_role("tab").all():
            tab.click()
            w.settle()
        w.check("analytics tabs")

        # Query: a link fills the editor (never runs it); Run; results as table, graph, JSON; errors; history
        page.goto(server + "/query?q=MATCH%20(n)%20WHERE%20n.name%20CONTAINS%20%27%3C%27%20RETURN%20n"
                           "%2C%20n.description%20AS%20d&run=1")
        w.settle()
        assert page.get_by_text("press Run").count() or page.get_by_text("Run").count()
        page.get_by_test_id("sg-cypher-editor").get_by_role("button", name="Run").click()
        w.settle()
        for tab in ("Graph", "JSON", "Table"):
            page.get_by_role("tab", name=tab).first.click() if page.get_by_role("tab", name=tab).count() else None
            w.settle()
        w.check("query results")
        page.goto(server + "/query?q=RETURN%20%3Cimg%20src%3Dx%20onerror%3Dalert(8)%3E%20!%5Bx%5D"
                           "(http%3A%2F%2F203.0.113.9%2Fe.png)&run=1")
        w.settle()
        page.get_by_test_id("sg-cypher-editor").get_by_role("button", name="Run").click()
        w.settle()
        w.check("query error")
        page.get_by_text("History").first.click()
        w.settle()
        w.check("history")
        page.screenshot(path=str(ROOT / "test-artifacts" / "hostile-report-query.png"))
    finally:
        browser.close()


def test_report_lines_come_only_from_known_reports_never_from_a_path_in_the_graph(hostile, tmp_path):
    from smals_graph.app.view_model import queries

    data_dir, keys, _ = hostile
    store = connect("embedded:", data_dir=data_dir, graph=DEFAULT_GRAPH)
    try:
        path = queries.edition_file(store, 2031)
        assert path is not None and Path(path).resolve() == HOSTILE.resolve()  # recorded by the load, sha256 ok
        assert queries.report_excerpt(path, 1, 0)[0][1].startswith("RAPPORT D'ACTIVIT")
        secret = tmp_path / "secret.txt"
        secret.write_text("root:SECRET-LINE\n")
        store.write("MATCH (e:Edition) SET e.file = $f", {"f": str(secret)})  # what an intruder would write
        path = queries.edition_file(store, 2031)
        assert path is None or Path(path).resolve() == HOSTILE.resolve()
        assert all("SECRET-LINE" not in text for _, text in queries.report_excerpt(path, 1, 2))
        store.write("MATCH (e:Edition) SET e.sha256 = $s", {"s": "0" * 64})  # a hash no known report has
        assert queries.edition_file(store, 2031) is None
    finally:
        store.close()
