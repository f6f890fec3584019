"""The loader on the held-out editions of tests/fixtures/editions/ (written apart from its tuning): statements
of use against the hand-annotated paraphrased edition, services and every extracted fact of the layout variants
against the 2025 parse, and the next-year edition against the 2025 parse plus its listed changes.

    .venv/bin/python benchmarks/heldout_score.py [--details]

An edition the loader refuses (a ReportError, as `smals-graph parse` exiting 7) scores 0 and says why.
Facts compared as sets (lines left out): members, projects, each project's clients, status and technologies,
services, and statements of use (component, user kind, user, relationship).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from smals_graph.graph_model.errors import SmalsGraphError  # noqa: E402
from smals_graph.loader.model import Dataset  # noqa: E402
from smals_graph.loader.parse import parse_report  # noqa: E402

__all__ = ["EDITIONS", "Score", "dataset_facts", "distractors_taken", "expected_2026_facts", "load", "macro_f1",
           "score_facts", "score_uses", "services_recall"]

EDITIONS = ROOT / "tests" / "fixtures" / "editions"
REPORT_2025 = ROOT / "loader" / "data" / "reports" / "smals-rapport-activites-2025.fr.txt"
PARAPHRASED = EDITIONS / "paraphrased-2025.fr.txt"
PARAPHRASED_EXPECTED = EDITIONS / "paraphrased-2025.expected.json"
LAYOUTS = (EDITIONS / "layout-spaces.fr.txt", EDITIONS / "layout-edited.fr.txt")
NEXT_2026 = EDITIONS / "next-2026.fr.txt"
NEXT_2026_CHANGES = EDITIONS / "next-2026.changes.json"

Fact = tuple[str, ...]
UseKey = tuple[str, str, str, str]


@dataclass(frozen=True)
class Score:
    expected: int
    found: int
    hits: int
    missed: list[Any]
    extra: list[Any]

    @property
    def recall(self) -> float:
        return self.hits / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.hits / self.found if self.found else 0.0

    @property
    def f1(self) -> float:
        total = self.recall + self.precision
        return 2 * self.recall * self.precision / total if total else 0.0


def _score(expected: set, found: set) -> Score:
    return Score(len(expected), len(found), len(expected & found), sorted(expected - found), sorted(found - expected))


def load(path: Path) -> tuple[Dataset | None, str | None]:
    """The dataset of an edition, or None and the loader's refusal."""
    try:
        return parse_report(path), None
    except SmalsGraphError as exc:
        return None, f"{type(exc).__name__}: {exc}"


def _use_keys(dataset: Dataset | None) -> set[UseKey]:
    if dataset is None:
        return set()
    return {(u.service_id, u.user_kind, u.user_id, u.relationship) for u in dataset.uses}


def score_uses(dataset: Dataset | None, expected_file: Path = PARAPHRASED_EXPECTED) -> Score:
    doc = json.loads(expected_file.read_text(encoding="utf-8"))
    expected = {(u["service_id"], u["user_kind"], u["user_id"], u["relationship"]) for u in doc["uses"]}
    return _score(expected, _use_keys(dataset))


def distractors_taken(dataset: Dataset | None, expected_file: Path = PARAPHRASED_EXPECTED) -> int:
    """How many distractor lines gave a statement of use that is not an expected one."""
    doc = json.loads(expected_file.read_text(encoding="utf-8"))
    expected = {(u["service_id"], u["user_kind"], u["user_id"], u["relationship"]) for u in doc["uses"]}
    wrong_lines = {u.line for u in (dataset.uses if dataset is not None else [])
                   if (u.service_id, u.user_kind, u.user_id, u.relationship) not in expected}
    return len({d["line"] for d in doc["distractors"]} & wrong_lines)


def macro_f1(dataset: Dataset | None, expected: set[Fact]) -> float:
    """The mean F1 of each kind of fact (a chapter that drops weighs as much as the 345 members)."""
    found = dataset_facts(dataset)
    kinds = sorted({f[0] for f in expected})
    return sum(_score({f for f in expected if f[0] == k}, {f for f in found if f[0] == k}).f1 for k in kinds) / len(kinds)


def services_recall(dataset: Dataset | None, reference: Dataset) -> Score:
    found = {s.id for s in dataset.services} if dataset is not None else set()
    return _score({s.id for s in reference.services}, found)


def dataset_facts(dataset: Dataset | None) -> set[Fact]:
    if dataset is None:
        return set()
    facts: set[Fact] = {("member", m.id) for m in dataset.members}
    facts |= {("service", s.id) for s in dataset.services}
    for p in dataset.projects:
        facts.add(("project", p.id))
        facts.add(("status", p.id, p.status or ""))
        facts |= {("client", p.id, c.member_id or c.organization_id or c.raw) for c in p.clients}
        facts |= {("technology", p.id, t.technology_id or t.service_id or t.raw) for t in p.technologies}
    facts |= {("use", *key) for key in _use_keys(dataset)}
    return facts


def score_facts(dataset: Dataset | None, expected: set[Fact]) -> Score:
    return _score(expected, dataset_facts(dataset))


def expected_2026_facts(reference: Dataset, changes_file: Path = NEXT_2026_CHANGES) -> set[Fact]:
    """The 2025 facts with the changes of the next-year edition applied (the renamed project under the id its new
    name gives when the edition is parsed alone)."""
    facts = dataset_facts(reference)
    doc = json.loads(changes_file.read_text(encoding="utf-8"))
    for change in doc["changes"]:
        kind, pid = change["kind"], change.get("project_id")
        if kind == "new-project":
            facts |= {("project", pid), ("status", pid, change["status"])}
            facts |= {("client", pid, c) for c in change["clients"]}
            facts |= {("technology", pid, t) for t in change["technology_ids"]}
        elif kind == "dropped-project":
            facts = {f for f in facts if not (f[0] in ("project", "status", "client", "technology") and f[1] == pid)}
        elif kind == "renamed-project":
            new = change["slug_of_new_name"]
            facts = {(f[0], new, *f[2:]) if f[0] in ("project", "status", "client", "technology") and f[1] == pid
                     else f for f in facts}
        elif kind == "status":
            facts = (facts - {("status", pid, change["before"])}) | {("status", pid, change["after"])}
        elif kind == "clients":
            facts = (facts - {("client", pid, c) for c in change["before"]}) | {
                ("client", pid, c) for c in change["after"]}
        elif kind == "technology-gained":
            facts.add(("technology", pid, change["technology_id"]))
        elif kind == "technology-lost":
            facts.discard(("technology", pid, change["technology_id"]))
        elif kind in ("new-user", "lost-user"):
            use = ("use", change["service_id"], change["user_kind"], change["user_id"], change["relationship"])
            facts = facts | {use} if kind == "new-user" else facts - {use}
        else:
            raise ValueError(f"unknown change kind {kind!r} in {changes_file}")
    return facts


def _line(label: str, score: Score, what: str = "recall/precision") -> str:
    return (f"  {label:34} {what} {score.recall:.3f} / {score.precision:.3f}  F1 {score.f1:.3f}  "
            f"({score.hits} of {score.expected} expected, {score.found} found)")


def _details(score: Score, limit: int = 40) -> None:
    for f in score.missed[:limit]:
        print("      missed", f)
    for f in score.extra[:limit]:
        print("      extra ", f)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--details", action="store_true", help="print the missed and extra facts")
    args = ap.parse_args()
    reference = parse_report(REPORT_2025)
    reference_facts = dataset_facts(reference)

    print("paraphrased-2025 (statements of use against paraphrased-2025.expected.json)")
    para, why = load(PARAPHRASED)
    if why:
        print("  refused:", why)
    uses = score_uses(para)
    print(_line("statements of use", uses))
    doc = json.loads(PARAPHRASED_EXPECTED.read_text(encoding="utf-8"))
    new = {(u["service_id"], u["user_kind"], u["user_id"], u["relationship"]) for u in doc["uses"] if u["new"]}
    print(f"  {'new statements found':34} {len(new & _use_keys(para))} of {len(new)}")
    print(f"  {'distractors taken for a use':34} {distractors_taken(para)} of {len(doc['distractors'])}")
    print(_line("services (vs the 2025 parse)", services_recall(para, reference)))
    if args.details:
        _details(uses)

    for path in LAYOUTS:
        data, why = load(path)
        print(f"{path.name} (every fact against the 2025 parse)")
        if why:
            print("  refused:", why)
        overall = score_facts(data, reference_facts)
        print(_line("overall extraction", overall))
        print(f"  {'mean F1 over the kinds of fact':34} {macro_f1(data, reference_facts):.3f}")
        for kind in ("member", "project", "status", "client", "technology", "service", "use"):
            part = _score({f for f in reference_facts if f[0] == kind}, {f for f in dataset_facts(data) if f[0] == kind})
            print(_line(f"  {kind}", part))
        if args.details:
            _details(overall)

    print("next-2026 (every fact against the 2025 parse with next-2026.changes.json applied)")
    data, why = load(NEXT_2026)
    if why:
        print("  refused:", why)
    nxt = score_facts(data, expected_2026_facts(reference))
    print(_line("overall extraction", nxt))
    if args.details:
        _details(nxt)


if __name__ == "__main__":
    main()
