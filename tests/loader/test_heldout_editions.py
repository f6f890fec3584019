"""The loader on the held-out editions of tests/fixtures/editions/ (written apart from its tuning, README.md
there): the "done when" thresholds of issue 18, the next-year edition of issue 24, and the fixtures themselves
(generated files up to date, hand annotations pointing at their lines)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from benchmarks.heldout_score import (
    LAYOUTS,
    NEXT_2026,
    NEXT_2026_CHANGES,
    PARAPHRASED,
    PARAPHRASED_EXPECTED,
    dataset_facts,
    distractors_taken,
    expected_2026_facts,
    load,
    score_facts,
    score_uses,
    services_recall,
)
from smals_graph.loader.model import Dataset

EDITIONS = PARAPHRASED.parent


@pytest.fixture(scope="module")
def paraphrased() -> Dataset | None:
    return load(PARAPHRASED)[0]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"heldout_{name}", EDITIONS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while they are defined
    spec.loader.exec_module(module)
    return module


# --- issue 18, "done when". One is not met yet: a strict xfail, so the day the reader meets it the test fails
# until the mark goes (measured with benchmarks/heldout_score.py on 2026-12-04; issue 18 stays open). The
# layout-edited export meets its measure since leaders of every shape read as one gap (branch layout3).
NOT_YET_PARAPHRASE = pytest.mark.xfail(strict=True, reason="issue 18 open: statements of use on the paraphrased "
                                       "edition read recall 0.800, precision 1.000 (target 0.9 both)")


@NOT_YET_PARAPHRASE
def test_paraphrased_uses_recall_and_precision(paraphrased):
    score = score_uses(paraphrased)
    assert score.recall >= 0.9, f"recall {score.recall:.3f}; missed {score.missed}"
    assert score.precision >= 0.9, f"precision {score.precision:.3f}; extra {score.extra}"


def test_paraphrased_distractors_give_no_use(paraphrased):
    assert distractors_taken(paraphrased) <= 2


def test_paraphrased_services_recall(paraphrased, report):
    assert services_recall(paraphrased, report).recall >= 0.95


@pytest.mark.parametrize("path", LAYOUTS, ids=lambda p: p.name)
def test_layout_variant_extraction(path: Path, report):
    data, refusal = load(path)
    assert refusal is None
    overall = score_facts(data, dataset_facts(report))
    assert overall.f1 >= 0.95, f"F1 {overall.f1:.3f}; missed {overall.missed[:20]}; extra {overall.extra[:20]}"
    services = services_recall(data, report)
    assert services.recall >= 0.95, f"services recall {services.recall:.3f}; missed {services.missed}"


# --- issue 24: the next-year edition read alone is the 2025 edition with exactly the listed changes

def test_next_edition_is_2025_plus_its_changes(report):
    data, refusal = load(NEXT_2026)
    assert refusal is None and data is not None
    assert data.source.year == 2026
    score = score_facts(data, expected_2026_facts(report))
    assert (score.missed, score.extra) == ([], [])


def test_next_edition_changes_are_counted_as_briefed():
    doc = json.loads(NEXT_2026_CHANGES.read_text(encoding="utf-8"))
    assert doc["counts"] == {"new-project": 3, "dropped-project": 1, "renamed-project": 1, "status": 4, "clients": 2,
                             "technology-gained": 2, "technology-lost": 1, "new-user": 5, "lost-user": 2}


# --- the fixtures

def test_generated_editions_are_up_to_date():
    layouts = _script("make_layouts")
    source = layouts.SOURCE.read_text(encoding="utf-8")
    assert (EDITIONS / "layout-spaces.fr.txt").read_text(encoding="utf-8") == layouts.spaces(source)
    assert (EDITIONS / "layout-edited.fr.txt").read_bytes() == layouts.edited(source).encode("utf-8")
    nxt = _script("make_next")
    text, doc = nxt.build(source)
    assert NEXT_2026.read_text(encoding="utf-8") == text
    assert json.loads(NEXT_2026_CHANGES.read_text(encoding="utf-8")) == doc


def test_layout_variants_are_another_layout():
    spaces = (EDITIONS / "layout-spaces.fr.txt").read_text(encoding="utf-8")
    assert "\t" not in spaces and "Page 50 sur 88" in spaces
    assert "Smals — Rapport d'activités 2025      51" in spaces
    edited = (EDITIONS / "layout-edited.fr.txt").read_bytes()
    assert edited.count(b"\r\n") == edited.count(b"\n")
    assert max(len(line) for line in edited.decode("utf-8").split("\r\n") if "\t" not in line) <= 96
    assert "Membres - catégorie A" in edited.decode("utf-8")


def test_paraphrased_annotations_point_at_their_lines():
    lines = PARAPHRASED.read_text(encoding="utf-8").split("\n")
    doc = json.loads(PARAPHRASED_EXPECTED.read_text(encoding="utf-8"))
    for item in doc["uses"] + doc["distractors"]:
        assert item["quote"] in lines[item["line"] - 1], item
    pairs = {(u["service_id"], u["user_id"]) for u in doc["uses"]}
    assert (len(pairs), sum(u["new"] for u in doc["uses"]), len(doc["distractors"])) == (55, 17, 27)
