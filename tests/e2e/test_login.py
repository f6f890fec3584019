"""The app's login (issue 20): another user's browser that opens `/query?q=…&run=1` without the token sees the login
and nothing of the graph; `?token=` logs in, leaves the address bar, and the cookie lets the next tab in."""

from __future__ import annotations

import pytest
from harness import APP_TOKEN, COOKIE_PREFIX, Browser, wait_ready

pytestmark = pytest.mark.browser

LEAK_QUERY = "/query?q=MATCH%20(m%3AMember)%20RETURN%20m.name%20AS%20name&run=1"
WALL = "This app asks for its token"


@pytest.fixture(scope="module")
def browser():
    b = Browser(viewport=(1400, 900))
    yield b
    b.close()


def fresh_context(browser: Browser):
    """A browser profile with no cookie at all (another user's browser)."""
    return browser.browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)


def test_a_browser_without_the_token_sees_no_graph_data(server, browser, artifacts_dir):
    context = fresh_context(browser)
    try:
        page = context.new_page()
        for path in (LEAK_QUERY, "/", "/shared-components", "/data-quality", "/status", "/analytics"):
            page.goto(server + path)
            wait_ready(page)
            text = page.inner_text("body")
            assert WALL in text, path
            for leaked in ("ONSS", "INAMI", "Smals", "History", "Download"):
                assert leaked not in text, (path, leaked)
            assert page.locator('[data-testid="stDownloadButton"]').count() == 0
            assert page.locator('[data-testid="stSidebarNav"]').count() == 0
        page.screenshot(path=str(artifacts_dir / "login-wall.png"))
        page.goto(server + "/status?token=not-the-token-at-all")
        wait_ready(page)
        assert "That token is not this app's." in page.inner_text("body")
    finally:
        context.close()


def test_the_token_in_the_url_logs_in_leaves_the_address_bar_and_is_kept_in_a_cookie(server, browser):
    context = fresh_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{server}/data-quality?token={APP_TOKEN}")
        wait_ready(page)
        page.wait_for_function("() => !location.search.includes('token')", timeout=30_000)
        assert WALL not in page.inner_text("body")
        port = server.rsplit(":", 1)[1]
        page.wait_for_function(f"() => document.cookie.includes('{COOKIE_PREFIX}{port}=')", timeout=30_000)
        cookie = next(c for c in context.cookies() if c["name"] == f"{COOKIE_PREFIX}{port}")
        assert cookie["value"] == APP_TOKEN and cookie["sameSite"] == "Strict"
        other = context.new_page()  # a new tab, a link opened from elsewhere: the cookie lets it in
        other.goto(server + LEAK_QUERY)
        wait_ready(other)
        other.get_by_text("Run", exact=True).first.wait_for(timeout=30_000)
        assert WALL not in other.inner_text("body")
    finally:
        context.close()


def test_the_token_typed_in_the_form_logs_in(server, browser):
    context = fresh_context(browser)
    try:
        page = context.new_page()
        page.goto(server + "/status")
        wait_ready(page)
        page.get_by_label("Token").fill(APP_TOKEN)
        page.get_by_role("button", name="Log in").click()
        page.get_by_text(WALL).wait_for(state="detached", timeout=30_000)
        wait_ready(page)
        assert "Health: the app pings the database on every page view" in page.inner_text("body")
    finally:
        context.close()


def test_the_harness_browser_is_logged_in(server, browser):
    page = browser.page()
    page.goto(server + "/status")
    wait_ready(page)
    assert WALL not in page.inner_text("body")
    page.close()
