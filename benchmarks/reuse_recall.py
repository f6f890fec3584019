"""Recall and precision of the loader's statements of use against the hand-checked list of the 2025 report.

    .venv/bin/python benchmarks/reuse_recall.py

Prints the facts per rule, then recall and precision over (component, user kind, user, relationship), and
every fact missed or extra.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.reuse_hand_list import HAND_FACTS_2025  # noqa: E402
from smals_graph.loader.model import Dataset  # noqa: E402
from smals_graph.loader.parse import parse_report  # noqa: E402

REPORT = ROOT / "loader" / "data" / "reports" / "smals-rapport-activites-2025.fr.txt"


def measure(dataset: Dataset | None = None) -> dict:
    dataset = dataset or parse_report(REPORT)
    found = {(u.service_id, u.user_kind, u.user_id, u.relationship) for u in dataset.uses}
    hand = {f[:4] for f in HAND_FACTS_2025}
    hits = found & hand
    return {"recall": len(hits) / len(hand), "precision": len(hits) / len(found) if found else 0.0,
            "missed": sorted(hand - found), "extra": sorted(found - hand), "hand": len(hand), "found": len(found),
            "per_rule": Counter(u.rule for u in dataset.uses)}


def main() -> None:
    m = measure()
    print("facts per rule:")
    for rule, n in sorted(m["per_rule"].items()):
        print(f"  {rule:22} {n}")
    print(f"hand-checked facts {m['hand']}, found {m['found']}")
    print(f"recall {m['recall']:.3f}  precision {m['precision']:.3f}")
    for f in m["missed"]:
        print("  missed", f)
    for f in m["extra"]:
        print("  extra ", f)


if __name__ == "__main__":
    main()
