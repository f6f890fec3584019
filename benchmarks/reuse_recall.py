"""Recall and precision of the loader's statements of use, per edition: the 2025 report against its
hand-checked list, and the paraphrase set (benchmarks/reuse_paraphrases.py, new sentences with their facts).
Also what the French model costs: its load time and the report's parse time with the model loaded once.

    .venv/bin/python benchmarks/reuse_recall.py

Prints the facts per rule, then recall and precision over (component, user kind, user, relationship), and
every fact missed or extra. Parses are not read from or written to the disk cache (SMALS_GRAPH_PARSE_CACHE=off).
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.reuse_hand_list import HAND_FACTS_2025  # noqa: E402
from benchmarks.reuse_paraphrases import KNOWN_MISSES, PARAPHRASES, Item  # noqa: E402
from benchmarks.reuse_paraphrases_b import PARAPHRASES_B  # noqa: E402
from smals_graph.loader import grammar  # noqa: E402
from smals_graph.loader.model import Dataset, Project  # noqa: E402
from smals_graph.loader.parse import parse_report, reuse_reader  # noqa: E402
from smals_graph.loader.reuse import Passage, ReuseExtractor  # noqa: E402

REPORT = ROOT / "loader" / "data" / "reports" / "smals-rapport-activites-2025.fr.txt"


def measure(dataset: Dataset | None = None) -> dict:
    dataset = dataset or parse_report(REPORT)
    found = {(u.service_id, u.user_kind, u.user_id, u.relationship) for u in dataset.uses}
    hand = {f[:4] for f in HAND_FACTS_2025}
    hits = found & hand
    return {"recall": len(hits) / len(hand), "precision": len(hits) / len(found) if found else 0.0,
            "missed": sorted(hand - found), "extra": sorted(found - hand), "hand": len(hand), "found": len(found),
            "per_rule": Counter(u.rule for u in dataset.uses)}


def score_paraphrases(reader: ReuseExtractor, items: list[Item]) -> dict:
    """Recall and precision of the reader on hand-written passages and their expected facts."""
    hit = extra = missed = 0
    wrong: list[tuple[str, set, set]] = []
    for sentences, where, expected in items:
        reader.reset()
        project = Project(id=where["project"], name=where["project"], line=1) if "project" in where else None
        reader.read(Passage([(1 + i, s) for i, s in enumerate(sentences)], project=project,
                            service=where.get("service")))
        found = {(f.service_id, f.user_kind, f.user_id) for f in reader.facts}
        hit, extra, missed = hit + len(found & expected), extra + len(found - expected), missed + len(expected - found)
        if found != expected:
            wrong.append((" ".join(sentences), expected - found, found - expected))
    return {"recall": hit / (hit + missed) if hit + missed else 1.0,
            "precision": hit / (hit + extra) if hit + extra else 1.0, "facts": hit + missed,
            "missed": [(s, m) for s, m, _e in wrong if m], "extra": [(s, e) for s, _m, e in wrong if e]}


def main() -> None:
    os.environ[grammar.CACHE_ENV] = "off"
    # CPU time too: on a shared machine the wall clock measures the neighbours
    started, cpu = time.perf_counter(), time.process_time()
    grammar.pipeline()
    print(f"model {grammar.MODEL}: loaded in {time.perf_counter() - started:.2f} s "
          f"({time.process_time() - cpu:.2f} s CPU), max RSS {_rss_mb():.0f} MB")
    started, cpu = time.perf_counter(), time.process_time()
    dataset = parse_report(REPORT)
    print(f"parse of the 2025 report, model loaded: {time.perf_counter() - started:.2f} s "
          f"({time.process_time() - cpu:.2f} s CPU; {len(grammar._memo)} sentences parsed)")
    m = measure(dataset)
    print("\n== 2025 report, hand-checked list")
    print("facts per rule:")
    for rule, n in sorted(m["per_rule"].items()):
        print(f"  {rule:22} {n}")
    print(f"hand-checked facts {m['hand']}, found {m['found']}")
    print(f"recall {m['recall']:.3f}  precision {m['precision']:.3f}")
    for f in m["missed"]:
        print("  missed", f)
    for f in m["extra"]:
        print("  extra ", f)
    reader = reuse_reader(REPORT)
    p = score_paraphrases(reader, PARAPHRASES)
    print(f"\n== paraphrase set: {len(PARAPHRASES)} passages, {p['facts']} facts")
    print(f"recall {p['recall']:.3f}  precision {p['precision']:.3f}")
    for sentence, facts in p["missed"]:
        print("  missed", sorted(facts), "in", sentence)
    for sentence, facts in p["extra"]:
        print("  extra ", sorted(facts), "in", sentence)
    b = score_paraphrases(reader, PARAPHRASES_B)
    print(f"\n== second paraphrase set (another style): {len(PARAPHRASES_B)} passages, {b['facts']} facts")
    print(f"recall {b['recall']:.3f}  precision {b['precision']:.3f}")
    for sentence, facts in b["missed"]:
        print("  missed", sorted(facts), "in", sentence)
    for sentence, facts in b["extra"]:
        print("  extra ", sorted(facts), "in", sentence)
    k = score_paraphrases(reader, KNOWN_MISSES)
    print(f"\n== shapes not read yet: {len(KNOWN_MISSES)} passages, recall {k['recall']:.3f}")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
