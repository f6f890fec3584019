"""The wheel is the product: built from the tree, installed into a fresh venv, run from a folder that is not the
checkout. Everything the commands need (canned queries, figure specs, the bundled report, app assets) must come
from the installed package, and nothing generic (`app`, `loader`) may land in site-packages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from smals_graph.graph_model.canned import load_canned

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_FOLDERS = {"graph_model": "smals_graph/graph_model", "loader": "smals_graph/loader", "app": "smals_graph/app",
                   "cypher": "smals_graph/cypher"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)], check=True,
                          capture_output=True, text=True, timeout=300)
    (out / "build.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    (built,) = out.glob("smals_graph-*.whl")
    return built


def test_the_build_warns_of_nothing(wheel):
    """setuptools 77+ reads `license = "MIT"`, and every data folder is a declared package: no warning."""
    log = (wheel.parent / "build.log").read_text(encoding="utf-8")
    assert "Successfully built" in log
    assert "Warning" not in log and "would be ignored" not in log, log


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed (--no-deps). Its dependencies come from the test environment's
    site-packages through a .pth line, so the test needs no network; that site-packages holds our package only
    as an editable finder, which a plain .pth line does not activate."""
    home = tmp_path_factory.mktemp("venv")
    venv.create(home, with_pip=True)
    python = home / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, text=True, timeout=300)
    return home


def test_the_wheel_holds_only_the_namespaced_package_and_every_source_file(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"smals_graph", wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1] + ".dist-info"}
    for folder, target in PACKAGE_FOLDERS.items():  # a sub-package missing from pyproject would be dropped
        for source in (ROOT / folder).rglob("*"):
            if source.suffix in (".py", ".cypher", ".toml", ".json", ".txt", ".js", ".css") \
                    and "__pycache__" not in source.parts and "node_modules" not in source.parts \
                    and "src" not in source.relative_to(ROOT / folder).parts:
                assert f"{target}/{source.relative_to(ROOT / folder).as_posix()}" in names, source


def run(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("SMALS_GRAPH_URI", "NEO4J_URI", "PYTHONPATH")}
    env["SMALS_GRAPH_DATA_DIR"] = str(cwd / "data")
    return subprocess.run([str(installed / "bin" / "smals-graph"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_the_installed_commands_work_from_another_folder(installed, tmp_path):
    where = subprocess.run([str(installed / "bin" / "python"), "-c",
                            "import smals_graph.app, smals_graph.loader.knowledge as k; "
                            "print(smals_graph.app.__file__); print(k.BUNDLED_REPORT.is_file())"],
                           cwd=tmp_path, check=True, capture_output=True, text=True).stdout.split()
    assert where[0].startswith(str(installed)) and where[1] == "True"
    try:
        load = run(installed, tmp_path, "load", "--quiet")
        assert load.returncode == 0, load.stderr
        status = run(installed, tmp_path, "status")
        assert status.returncode == 0, status.stderr
        assert "Member" in status.stdout and "Project" in status.stdout
        query = run(installed, tmp_path, "query", "MATCH (m:Member {category: $c}) RETURN count(m) AS n",
                    "-p", "c=A", "--format", "json")
        assert query.returncode == 0, query.stderr
        assert json.loads(query.stdout)["rows"][0][0] == 15  # the report's 15 category-A members
        listing = run(installed, tmp_path, "snapshot", "--list")
        assert listing.returncode == 0, listing.stderr
        assert "wave-users" in listing.stdout
        export = run(installed, tmp_path, "export", "--format", "json", "--out", str(tmp_path / "g.json"))
        assert export.returncode == 0, export.stderr
        assert len(json.loads((tmp_path / "g.json").read_text())["nodes"]) > 500
        canned = subprocess.run([str(installed / "bin" / "python"), "-c",
                                 "from smals_graph.graph_model.canned import load_canned; print(len(load_canned()))"],
                                cwd=tmp_path, check=True, capture_output=True, text=True).stdout.strip()
        assert int(canned) == len(load_canned()) > 0
        help_text = run(installed, tmp_path, "app", "--help")
        assert help_text.returncode == 0 and "Streamlit" in help_text.stdout
    finally:
        run(installed, tmp_path, "engine", "stop")
