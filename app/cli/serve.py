"""Serving the Streamlit app without any prompt: headless server, no usage statistics, no file watcher, no
toolbar pop-ups; the browser is opened by us, and only where there is one."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
import webbrowser
from importlib import resources

# Flags rather than a .streamlit/config.toml: Streamlit reads that file from the working directory only, and
# `smals-graph app` runs from anywhere.
STREAMLIT_FLAGS = {
    "server.headless": "true",  # no "Welcome to Streamlit! Email:" prompt, which kills a run without a terminal
    "browser.gatherUsageStats": "false",
    "server.fileWatcherType": "none",  # no "source file changed" banner over the page
    "server.runOnSave": "false",
    "client.toolbarMode": "minimal",  # no "Deploy" button: this app is not deployed from itself
    "client.showErrorDetails": "true",
    "global.developmentMode": "false",
    # no full garbage collection after every script run (0.2 s per click with large caches): the app freezes
    # its long-lived caches instead (app/ui/gc_policy.py)
    "runner.postScriptGC": "false",
}


def app_script() -> str:
    return str(resources.files("smals_graph.app.ui") / "streamlit_app.py")


def streamlit_command(host: str, port: int) -> list[str]:
    command = [sys.executable, "-m", "streamlit", "run", app_script(), "--server.address", host,
               "--server.port", str(port)]
    for name, value in STREAMLIT_FLAGS.items():
        command += [f"--{name}", value]
    return command


def is_loopback(host: str) -> bool:
    """Does binding to `host` keep the app to this machine?"""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def has_browser() -> bool:
    """A display to open a browser on: a desktop session, macOS or Windows; never a bare ssh or CI shell."""
    if sys.platform in ("darwin", "win32"):
        return True
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


def open_browser_when_up(url: str, server: subprocess.Popen, wait_s: float = 30.0) -> None:
    if not has_browser():
        return
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url.split("?")[0].rstrip("/") + "/_stcore/health", timeout=1):
                webbrowser.open(url)
                return
        except OSError:
            time.sleep(0.3)

__all__ = ["STREAMLIT_FLAGS", "app_script", "has_browser", "open_browser_when_up", "streamlit_command"]
