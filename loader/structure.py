"""The parse checks its own structure: every chapter of the table of contents found in the body and not empty,
the Services chapter's sections each holding a service, counts per label within the range of data/layout.json.
A gap is an `error` Problem of kind "structure" naming its cause and line; `smals-graph load` stops on the first
one (exit code 7, the previous graph kept) unless `--allow-partial`."""

from __future__ import annotations

from .headings import same_heading
from .model import Dataset, Problem
from .problems import Problems

__all__ = ["STRUCTURE", "chapters", "check_counts", "check_services", "check_toc", "label_counts", "structural_gaps"]

STRUCTURE = "structure"
TOC_FOUND_MIN = 0.8  # share of the contents' entries the body must hold


def check_toc(entries: list[tuple[str, int, int]], sections: list[tuple[int, str, int]], before: int,
              problems: Problems) -> None:
    """Each entry of the table of contents must be a heading of the body."""
    if not entries:
        problems.error(f"table of contents: no entries ('title page' lines) before the projects section "
                       f"(line {before})", before, kind=STRUCTURE)
        return
    located = {(t, p) for _ln, t, p in sections}
    missing = [(t, p, ln) for t, p, ln in entries if (t, p) not in located]
    if not missing:
        return
    first_page = min((p for _ln, _t, p in sections), default=0)
    # an entry paged before the first heading found (the key figures before the contents) is not the news
    title, _page, line = next((m for m in missing if m[1] > first_page), missing[0])
    message = (f"table of contents: {len(entries) - len(missing)} of {len(entries)} entries found in the body; "
               f"first unmatched: '{title}' at line {line}")
    if len(missing) > (1 - TOC_FOUND_MIN) * len(entries):
        problems.error(message, line, kind=STRUCTURE)
    else:  # a few titles the body words otherwise (a heading set as a picture, a reworded page)
        problems.warn(message, line)


def chapters(top: list[tuple[int, str]], sections: list[tuple[int, str, int]], entries: list[tuple[str, int, int]],
             lines: list[str], problems: Problems) -> list[list]:
    """[title, first line, last line] of each chapter of the contents, found in the body; a chapter missing or
    empty is a structural gap."""
    found: list[tuple[int, str]] = []
    for _page, title in top:
        line = next((ln for ln, t, _p in sections if same_heading(t, title)), None)
        if line is None:
            at = next((ln for t, _p, ln in entries if same_heading(t, title)), None)
            problems.warn(f"chapter '{title}' of the table of contents" + (f" (line {at})" if at else "")
                          + " not found in the body", at)
            continue
        found.append((line, title))
    found.sort()
    out = []
    for i, (line, title) in enumerate(found):
        last = found[i + 1][0] - 1 if i + 1 < len(found) else len(lines)
        words = sum(len(lines[k].split()) for k in range(line, last))
        if words < 5:
            problems.error(f"chapter '{title}' (lines {line}–{last}) is empty", line, kind=STRUCTURE)
        out.append([title, line, last])
    return out


def check_counts(dataset: Dataset, ranges: dict[str, list[int]], problems: Problems) -> None:
    counts = label_counts(dataset)
    for label, (low, high) in ((k, v) for k, v in ranges.items() if not k.startswith("_")):
        n = counts.get(label, 0)
        if not low <= n <= high:
            problems.error(f"{n} {label} read, outside the usual range {low}–{high} of an activity report", None,
                           kind=STRUCTURE)


def check_services(subsections: list[tuple[str, int, int]], dataset: Dataset, problems: Problems) -> None:
    """Each section of the Services chapter holds at least one service."""
    if not subsections:
        problems.error("Services chapter: none of its sections found in the body", None, kind=STRUCTURE)
    held = {s.domain for s in dataset.services}
    for title, start, stop in subsections:
        if title not in held:
            problems.error(f"Services chapter: section '{title}' (lines {start}–{stop}) holds no service", start,
                           kind=STRUCTURE)


def label_counts(dataset: Dataset) -> dict[str, int]:
    return {"members": len(dataset.members), "projects": len(dataset.projects), "services": len(dataset.services),
            "technologies": len(dataset.technologies), "uses": len(dataset.uses)}


def structural_gaps(dataset: Dataset) -> list[Problem]:
    return [p for p in dataset.problems if p.kind == STRUCTURE]
