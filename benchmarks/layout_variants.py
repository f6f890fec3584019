"""Extraction score of each layout variant of the bundled report against the original, and the parse time.

    .venv/bin/python benchmarks/layout_variants.py

The variants are those of tests/loader/layout_variants.py (plus the held-out one); the score is the F1 of the
facts (members, projects with status, clients, technologies, services, statements of use) compared as sets.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "loader"))

from layout_variants import VARIANTS, extraction_score, held_out  # noqa: E402

from smals_graph.loader.knowledge import BUNDLED_REPORT  # noqa: E402
from smals_graph.loader.parse import parse_report, parse_text  # noqa: E402


def main() -> None:
    t0 = time.perf_counter()
    original = parse_report(BUNDLED_REPORT)
    print(f"original: parse {time.perf_counter() - t0:.2f} s, {len(original.services)} services "
          f"({sum(s.reusable for s in original.services)} reusable)")
    text = BUNDLED_REPORT.read_text(encoding="utf-8")
    for name, make in [*VARIANTS.items(), ("held-out", held_out)]:
        out = make(text)
        t0 = time.perf_counter()
        variant = parse_text(out.decode("cp1252") if isinstance(out, bytes) else out)
        seconds = time.perf_counter() - t0
        pooled, per = extraction_score(original, variant)
        print(f"{name:18s} score {pooled:.3f}  " + " ".join(f"{k} {v:.3f}" for k, v in per.items())
              + f"  ({seconds:.2f} s)")


if __name__ == "__main__":
    main()
