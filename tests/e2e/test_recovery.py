"""The app when the database goes away and comes back: a clear banner, then recovery without a reload.
A real FalkorDB server on a fixed loopback port is stopped and started again on the same port."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from pathlib import Path

import pytest
from harness import APP_SCRIPT, ROOT, Browser, free_port, streamlit_server, wait_ready

from smals_graph.graph_model.connect import connect
from smals_graph.graph_model.embedded import binaries

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


def _answers(port: int, timeout: float = 0.5) -> bool:
    """True when a Redis server on the port answers PING (raw RESP, no client needed)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(b"*1\r\n$4\r\nPING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def start_server(port: int, data_dir: Path) -> subprocess.Popen:
    server, module = binaries()
    proc = subprocess.Popen([server, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(data_dir),
                             "--appendonly", "yes", "--save", "", "--loadmodule", module],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not _answers(port) and time.monotonic() < deadline:
        time.sleep(0.05)
    return proc


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=20)


def test_banner_then_recovery(tmp_path, dataset):
    from smals_graph.loader.write import load_dataset

    port = free_port()
    proc = start_server(port, tmp_path)
    uri = f"falkordb://127.0.0.1:{port}/smals"
    store = connect(uri)
    load_dataset(store, dataset)
    store.close()
    browser = Browser()
    try:
        with streamlit_server(APP_SCRIPT, {"SMALS_GRAPH_URI": uri}) as base:
            page = browser.page()
            page.goto(base + "/?node=s:wave")
            wait_ready(page)
            assert page.get_by_role("heading", name="Explore").is_visible()

            stop_server(proc)
            page.reload()
            banner = page.get_by_text("The graph database is unreachable")
            banner.wait_for(timeout=30_000)
            assert uri in page.inner_text('[data-testid="stMain"]')
            page.screenshot(path=str(ROOT / "test-artifacts" / "unreachable-banner.png"))

            proc = start_server(port, tmp_path)  # same port, same data: the app polls and comes back alone
            page.get_by_role("heading", name="Explore").wait_for(timeout=30_000)
            banner.wait_for(state="detached", timeout=30_000)
            page.get_by_text("Report: edition 2025, page 12, line 338").wait_for(timeout=30_000)  # Wave, read again
        assert browser.blocked == []
    finally:
        browser.close()
        stop_server(proc)
