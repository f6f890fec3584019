"""The What changed page in a real browser, on two editions loaded side by side (tests/editions/next_year.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from harness import APP_SCRIPT, Browser, streamlit_server, wait_ready

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "editions"))

from next_year import make_next_edition  # noqa: E402

from smals_graph.graph_model.connect import connect  # noqa: E402
from smals_graph.loader.knowledge import BUNDLED_REPORT  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


def _main_text(page) -> str:
    return page.inner_text('[data-testid="stMain"]')


def test_what_changed_lists_the_changes_with_the_lines_of_both_reports(engine_dir, dataset, tmp_path):
    from smals_graph.loader.parse import parse_report
    from smals_graph.loader.write import load_dataset

    report = tmp_path / "rapport-2026.fr.txt"
    report.write_text(make_next_edition(BUNDLED_REPORT.read_text(encoding="utf-8")), encoding="utf-8")
    store = connect("embedded:", data_dir=engine_dir, graph="t_editions_app")
    store.clear()
    load_dataset(store, [dataset, parse_report(report)])
    browser = Browser()
    try:
        env = {"SMALS_GRAPH_URI": store.connection_uri(), "SMALS_GRAPH_DATA_DIR": str(engine_dir)}
        with streamlit_server(APP_SCRIPT, env) as base:
            page = browser.page()
            page.goto(base + "/what-changed")
            wait_ready(page)
            text = _main_text(page)
            assert "Traceback" not in text
            assert "25 change(s) from the 2025 report to the 2026 report." in text
            assert "Projects (3 new project, 1 ended project, 4 status, 1 renamed)" in text
            assert ("Clients, technologies and components of projects (1 client gained, 1 client lost, "
                    "2 technology gained, 1 technology lost, 2 component gained, 2 component lost)") in text
            assert "Users of components (5 user gained, 2 user lost)" in text
            assert "before=2025" in page.url and "after=2026" in page.url
            page.goto(base + "/what-changed?before=2025&after=2026&change=status|p:recip-e-fhir|")
            wait_ready(page)
            text = _main_text(page)
            assert "status: Recip-e FHIR — En cours de développement → Live" in text
            assert "2025 report, line 788" in text and "2026 report, line 788" in text
            page.locator('[data-testid="stCode"]').nth(1).wait_for(timeout=30_000)  # rendered lazily
            page.screenshot(path=str(Path("test-artifacts") / "what-changed-status.png"), full_page=True)
            excerpts = page.locator('[data-testid="stCode"]').all_text_contents()
            assert len(excerpts) == 2
            assert "  790   \tEn cours de développement" in excerpts[0].replace("\u00a0", " ")
            page.goto(base + "/what-changed?before=2025&after=2026&change=new project|p:vacances-dossiers|")
            wait_ready(page)
            text = _main_text(page)
            assert "Not in the 2025 report." in text and "Vacances Dossiers" in text
            page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)
            page.screenshot(path=str(Path("test-artifacts") / "what-changed.png"), full_page=True)
            assert not browser.blocked
    finally:
        browser.close()
        store.clear()
        store.close()
