"""The graph widget's script and vis-network come from files shipped in the package (graph_assets/), not from
pyvis: the assembled script holds the library once, no placeholder left, and parses."""

from __future__ import annotations

import shutil
import subprocess

from smals_graph.app.ui.components.graph_widget import asset, component_js


def test_vendored_vis_network_and_its_licence_ship_with_the_widget():
    assert "@version 9.1.2" in asset("vendor", "vis-network.min.js")
    assert "MIT License" in asset("vendor", "LICENSE-vis-network.txt")


def test_the_assembled_script_holds_vis_network_once_and_parses(tmp_path):
    js = component_js()
    assert js.count("@version 9.1.2") == 1
    assert "__VIS__" not in js and "__MAXZOOM__" not in js
    node = shutil.which("node")
    assert node, "Node.js is needed (make test installs it with npm)"
    path = tmp_path / "widget.mjs"
    path.write_text(js, encoding="utf-8")
    check = subprocess.run([node, "--check", str(path)], capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stderr
