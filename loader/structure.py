"""The parse checks its own structure: every chapter of the table of contents found in the body and not empty,
the Services chapter's sections each holding a service, counts per label within the range of data/layout.json.
A gap is an `error` Problem of kind "structure" naming its cause and line; `smals-graph load` stops on the first
one (exit code 7, the previous graph kept) unless `--allow-partial`."""

from __future__ import annotations

from smals_graph.graph_model.store import Store

from .headings import match_heading, same_heading
from .model import Dataset, Problem
from .problems import Problems

__all__ = ["STRUCTURE", "chapters", "check_against_previous", "previous_counts", "check_counts", "check_services", "check_toc", "label_counts", "structural_gaps"]

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
            problems.error(f"{n} {label} read, outside the usual range {low}–{high} of an activity report",
                           _chapter_line(dataset, label), kind=STRUCTURE)


def check_services(subsections: list[tuple[str, int, int]], dataset: Dataset, problems: Problems) -> None:
    """Each section of the Services chapter holds at least one service."""
    if not subsections:
        problems.error("Services chapter: none of its sections found in the body", None, kind=STRUCTURE)
    held = {s.domain for s in dataset.services}
    for title, start, stop in subsections:
        if title not in held:
            problems.error(f"Services chapter: section '{title}' (lines {start}–{stop}) holds no service", start,
                           kind=STRUCTURE)


# label of the graph -> key of label_counts; a new edition with less than this share of the previous one's count
# lost part of the report
PREVIOUS_LABELS = {"Member": "members", "Project": "projects", "Service": "services"}
PREVIOUS_SHARE_MIN = 0.5


def previous_counts(store: Store) -> dict[str, float]:
    """Counts per label of the graph's previous edition(s), per edition for projects; {} for an empty graph."""
    editions = store.read("MATCH (e:Edition) RETURN count(e) AS n").scalar() or 0
    if not editions:
        return {}
    out: dict[str, float] = {}
    for label, key in PREVIOUS_LABELS.items():
        n = store.read(f"MATCH (n:{label}) RETURN count(n) AS n").scalar() or 0
        out[key] = n / editions if key == "projects" else n
    return out


def check_against_previous(dataset: Dataset, previous: dict[str, float]) -> list[Problem]:
    """A count well under the previous edition's is a structural gap (filed in the dataset's problems)."""
    counts = label_counts(dataset)
    chapter_line = {key: _chapter_line(dataset, key) for key in previous}
    gaps = []
    for key, before in previous.items():
        if before >= 10 and counts[key] < PREVIOUS_SHARE_MIN * before:
            gaps.append(Problem(severity="error", line=chapter_line[key], kind=STRUCTURE,
                                message=f"{counts[key]} {key} read, the graph's previous edition has {before:g}: "
                                        "part of the report was not read"))
    dataset.problems.extend(gaps)
    return gaps


# the chapter (heading kind of layout.json) a label is read from
_CHAPTER_OF = {"members": "members", "projects": "projects_chapter", "technologies": "projects_chapter",
               "services": "services", "uses": "services"}


def _chapter_line(dataset: Dataset, label: str) -> int | None:
    kind = _CHAPTER_OF[label]
    return next((first for title, first, _last in dataset.chapters if match_heading(kind, title)), None)


def label_counts(dataset: Dataset) -> dict[str, int]:
    return {"members": len(dataset.members), "projects": len(dataset.projects), "services": len(dataset.services),
            "technologies": len(dataset.technologies), "uses": len(dataset.uses)}


def structural_gaps(dataset: Dataset) -> list[Problem]:
    return [p for p in dataset.problems if p.kind == STRUCTURE]
