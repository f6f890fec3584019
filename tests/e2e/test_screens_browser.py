"""Issue 19 in real headless Chromium on the bundled report: a picker keeps its value across Run, an empty one
is refused by name, and the three everyday tasks agree with each other (no traceback, no silent empty result)."""

from __future__ import annotations

import re

import pytest
from harness import ROOT, Browser, wait_editor, wait_ready

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
