"""Paths and helpers shared by the loader tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

from smals_graph.loader.knowledge import BUNDLED_REPORT
from smals_graph.loader.model import Dataset, Project

ROOT = Path(__file__).resolve().parents[2]
REPORT_2025 = BUNDLED_REPORT
VARIANT_2031 = ROOT / "tests" / "fixtures" / "variant-2031.fr.txt"
# the contract, vendored; test_vendored_contract_matches_the_shared_one checks it against ../shared/contracts
SCHEMA = ROOT / "tests" / "fixtures" / "dataset.schema.json"
CONTRACT = Path("shared") / "contracts" / "dataset.schema.json"


def _origin_checkout() -> Path | None:
    """The local checkout this one was cloned from (a fresh clone in /tmp has no ../shared of its own)."""
    try:
        url = subprocess.run(["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"], capture_output=True,
                             text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(url.removeprefix("file://")) if url and "://" not in url.removeprefix("file://") else None
    return path if path is not None and path.is_absolute() and path.is_dir() else None


def _main_checkout() -> Path | None:
    """The main checkout of this one when it is a `git worktree` (its common .git directory's folder)."""
    try:
        common = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--path-format=absolute",
                                 "--git-common-dir"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(common).parent if common else None


def shared_schema() -> Path:
    """../shared/contracts/dataset.schema.json beside this checkout, else beside the checkout it was cloned from
    or the main checkout of this worktree."""
    here = ROOT.parent / CONTRACT
    for checkout in (_origin_checkout(), _main_checkout()):
        if not here.exists() and checkout is not None and (checkout.parent / CONTRACT).exists():
            return checkout.parent / CONTRACT
    return here


def by_name(dataset: Dataset, name: str) -> Project:
    hits = [p for p in dataset.projects if p.name == name]
    assert len(hits) == 1, f"{name!r}: {len(hits)} projects"
    return hits[0]
