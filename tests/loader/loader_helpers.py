"""Paths and helpers shared by the loader tests."""

from __future__ import annotations

from pathlib import Path

from smals_graph.loader.knowledge import BUNDLED_REPORT
from smals_graph.loader.model import Dataset, Project

ROOT = Path(__file__).resolve().parents[2]
REPORT_2025 = BUNDLED_REPORT
VARIANT_2031 = ROOT / "tests" / "fixtures" / "variant-2031.fr.txt"
# the contract, vendored; test_vendored_contract_matches_the_shared_one checks it against ../shared/contracts when that folder is there
SCHEMA = ROOT / "tests" / "fixtures" / "dataset.schema.json"
SHARED_SCHEMA = ROOT.parent / "shared" / "contracts" / "dataset.schema.json"


def by_name(dataset: Dataset, name: str) -> Project:
    hits = [p for p in dataset.projects if p.name == name]
    assert len(hits) == 1, f"{name!r}: {len(hits)} projects"
    return hits[0]
