"""Run the app with `streamlit run` on a free loopback port, and a headless Chromium that may only talk to
loopback (every other request is blocked and recorded). Shared by the e2e tests and benchmarks/browser_draw.py."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from smals_graph.app.cli.serve import app_script, streamlit_command

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("SMALS_GRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
# The app's login (app/ui/login.py): every app started here gets this token unless the caller's env sets one, and
# every page a Browser opens carries the cookie of every app running, so tests navigate as a logged-in user.
APP_TOKEN = "harness-" + secrets.token_urlsafe(24)
COOKIE_PREFIX = "smals_graph_token_"
_running: dict[int, str] = {}  # port -> token of the apps started by streamlit_server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


APP_SCRIPT = Path(app_script())


@contextlib.contextmanager
def streamlit_server(script: Path, env: dict[str, str], timeout: float = 60) -> Iterator[str]:
    port = free_port()
    command = streamlit_command("127.0.0.1", port)  # as `smals-graph app` runs it
    command[command.index(app_script())] = str(script)
    log = open(ROOT / "test-artifacts" / f"streamlit-{port}.log", "w")  # noqa: SIM115
    env = {"SMALS_GRAPH_APP_TOKEN": APP_TOKEN, **env}
    proc = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    if env["SMALS_GRAPH_APP_TOKEN"]:
        _running[port] = env["SMALS_GRAPH_APP_TOKEN"]
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}, see {log.name}")
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError("streamlit did not become healthy")
            time.sleep(0.2)
        yield base
    finally:
        _running.pop(port, None)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        log.close()


class Browser:
    """One Chromium, one context that blocks and records non-loopback requests."""

    def __init__(self, device_scale_factor: float = 1, viewport: tuple[int, int] = (1500, 1000)) -> None:
        from playwright.sync_api import sync_playwright

        self.blocked: list[str] = []
        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.context = self.browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                                device_scale_factor=device_scale_factor,
                                                accept_downloads=True)
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOOPBACK:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def page(self, logged_in: bool = True):
        """A new tab; `logged_in`: with the login cookie of every app the harness runs (see APP_TOKEN)."""
        if logged_in:
            self.login()
        return self.context.new_page()

    def login(self) -> None:
        cookies = [{"name": f"{COOKIE_PREFIX}{port}", "value": token, "url": f"http://127.0.0.1:{port}"}
                   for port, token in _running.items()]
        if cookies:
            self.context.add_cookies(cookies)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.context.close()
            self.browser.close()
        self._pw.stop()


def wait_ready(page, timeout: float = 60_000) -> None:
    """Connected, and the script has finished running."""
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout)
    page.wait_for_function(
        """() => { const a = document.querySelector('[data-testid="stApp"]');
                   return a && a.getAttribute('data-test-script-state') === 'notRunning'; }""",
        timeout=timeout,
    )


GRAPH_ROOT_JS = """() => {
  for (const host of document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')) {
    const root = host.shadowRoot ? host.shadowRoot.querySelector('.sg-root') : host.querySelector('.sg-root');
    if (root) return root;
  }
  return null;
}"""


def graph_state(page) -> dict | None:
    """What the first graph widget on the page reports: drawn version, node count, draw time."""
    return page.evaluate(f"""() => {{ const root = ({GRAPH_ROOT_JS})();
        if (!root) return null;
        return {{drawn: root.dataset.drawn || '', nodes: Number(root.dataset.nodes || 0),
                 drawMs: Number(root.dataset.drawMs || -1)}}; }}""")


def wait_drawn(page, min_nodes: int = 1, timeout: float = 60_000) -> dict:
    page.wait_for_function(
        f"""() => {{ const root = ({GRAPH_ROOT_JS})();
            return root && root.dataset.drawn && Number(root.dataset.nodes) >= {min_nodes}; }}""",
        timeout=timeout)
    return graph_state(page)


def graph_positions(page) -> dict[str, list[float]]:
    """Layout coordinates of every node of the first graph widget, by node key."""
    return page.evaluate(f"""() => {{ const root = ({GRAPH_ROOT_JS})();
        const all = root.__sg.network.getPositions(); const out = {{}};
        for (const k of Object.keys(all)) out[k] = [all[k].x, all[k].y];
        return out; }}""")


def node_canvas_position(page, key: str) -> tuple[float, float]:
    """Page coordinates of a node of the first graph widget (for real mouse clicks)."""
    return tuple(page.evaluate(f"""(key) => {{ const root = ({GRAPH_ROOT_JS})();
        const net = root.__sg.network; const p = net.getPositions([key])[key];
        const c = net.canvasToDOM(p); const r = root.querySelector('.sg-canvas').getBoundingClientRect();
        return [r.left + c.x, r.top + c.y]; }}""", key))


EDITOR_ROOT_JS = """() => {
  for (const host of document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')) {
    const root = (host.shadowRoot || host).querySelector('.sg-ed-root');
    if (root && root.__sg) return root;
  }
  return null;
}"""


def editor_state(page) -> dict | None:
    """The Cypher editor's text and what it reports (error "line:col", completionMs, lastAction...)."""
    return page.evaluate(f"""() => {{ const root = ({EDITOR_ROOT_JS})();
        if (!root) return null;
        return Object.assign({{text: root.__sg.api.codemirror.state.doc.toString()}}, root.dataset); }}""")


def wait_editor(page, timeout: float = 60_000) -> None:
    page.wait_for_function(f"() => !!({EDITOR_ROOT_JS})()", timeout=timeout)


def editor_focus_end(page) -> None:
    """Focus the editor with the caret at the end of its text."""
    page.locator(".sg-ed-host .cm-content").first.click()
    page.keyboard.press("Control+End")


def editor_replace(page, text: str) -> None:
    """Replace the editor's text as a paste would (one change), without typing it key by key."""
    editor_focus_end(page)
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)
