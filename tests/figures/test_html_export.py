"""The self-contained HTML export draws in headless Chromium with every non-loopback request blocked."""

from __future__ import annotations

import shutil

import pytest

from smals_graph.app.figures.html import html_document, write_html

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def test_document_is_self_contained(small_view):
    text = html_document(small_view)
    assert "<script src" not in text and "http://" not in text.split("<script>")[0]
    assert '"physics": {"enabled": false}' in text
    assert "Source: Smals, Rapport d&#x27;activités 2025, pp. 39–43" in text
    assert text.count("</script>") == 2  # the inlined library did not end its element early


def test_document_has_arrowheads_and_the_screen_shapes(small_view):
    """Edges end in arrowheads (the relationship's direction); the legend draws each label's own shape."""
    text = html_document(small_view)
    assert '"arrows": {"to": {"enabled": true, "scaleFactor": 0.6}}' in text
    labels = {n.label for n in small_view.nodes.values()}
    assert {"Member", "Project", "Service"} <= labels
    assert 'data-shape="dot"' in text and 'data-shape="square"' in text and 'data-shape="diamond"' in text
    assert '<polygon points="7,0.5 13.5,7 7,13.5 0.5,7"/>' in text  # the diamond, not a square


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="needs Debian Chromium at /usr/bin/chromium")
def test_html_export_renders_offline(small_view, tmp_path, artifacts_dir):
    from playwright.sync_api import sync_playwright

    path = write_html(small_view, tmp_path / "view.html")
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 800})

            def guard(route):
                url = route.request.url
                if url.startswith(("file:", "data:", "blob:", "http://127.0.0.1", "http://localhost")):
                    route.continue_()
                else:
                    blocked.append(url)
                    route.abort()

            context.route("**/*", guard)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(path.as_uri())
            page.wait_for_selector('#graph[data-drawn="true"]', timeout=15000)
            # the canvas holds pixels of the Member colour (#1f77b4) and the Project colour (#ff7f0e)
            counts = page.evaluate("""() => {
                const c = document.querySelector('#graph canvas');
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let member = 0, project = 0;
                for (let i = 0; i < d.length; i += 4) {
                    if (Math.abs(d[i] - 0x1f) < 6 && Math.abs(d[i+1] - 0x77) < 6 && Math.abs(d[i+2] - 0xb4) < 6) member++;
                    if (Math.abs(d[i] - 0xff) < 6 && Math.abs(d[i+1] - 0x7f) < 6 && Math.abs(d[i+2] - 0x0e) < 6) project++;
                }
                return {member, project, nodes: window.smalsNetwork.body.data.nodes.length};
            }""")
            page.screenshot(path=str(artifacts_dir / "html-export.png"))
        finally:
            browser.close()
    assert not errors, errors
    assert blocked == []
    assert counts["nodes"] == len(small_view.nodes)
    assert counts["member"] > 200 and counts["project"] > 200, counts
