"""The summary table "Aperçu des projets de <year>" (name TAB clients TAB page).

Its client column is not trusted (it is shifted by one row in part of the 2025 table): clients always come
from the project pages. Rows are matched to projects by name (exact after normalisation, then rapidfuzz);
the table gives a project its page when the body does not, and every disagreement is a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .model import Project
from .norm import norm_key

FUZZY_MIN = 55.0


@dataclass(slots=True)
class SummaryRow:
    """A row of the table (a name wrapped onto the next line takes that line's clients and page too)."""

    name: str
    clients_text: str
    page_text: str
    line: int
    lines: list[int] = field(default_factory=list)

    @property
    def page(self) -> int | None:
        return int(self.page_text) if re.fullmatch(r"\d{1,4}", self.page_text) else None


def parse_rows(lines: list[str], first: int, last: int) -> tuple[list[SummaryRow], int]:
    """Rows of the table between lines first..last; returns (rows, last table line)."""
    rows: list[SummaryRow] = []
    blank = 0
    end = first - 1
    for ln in range(first, last + 1):
        raw = lines[ln - 1]
        if not raw.strip():
            blank += 1
            if blank >= 2 and rows:
                break
            continue
        blank = 0
        if "\t" not in raw:
            if rows:
                break
            continue
        cells = [c.strip() for c in raw.rstrip("\n").split("\t")]
        if len(cells) == 2 and re.fullmatch(r"\d{1,4}", cells[1]):
            cells.insert(1, "")  # an empty clients cell lost with the tabs (a run of spaces is one gap)
        while len(cells) < 3:
            cells.append("")
        name, clients, page = cells[0], ", ".join(c for c in cells[1:-1] if c), cells[-1]
        end = ln
        if not name and rows and not rows[-1].page_text:
            prev = rows[-1]
            prev.clients_text = ", ".join(c for c in (prev.clients_text, clients) if c)
            prev.page_text = page
            prev.lines.append(ln)
            continue
        rows.append(SummaryRow(name, clients, page, ln, [ln]))
    return rows, end


def _simple(name: str) -> str:
    return re.sub(r"\s*([:\-&])\s*", r"\1", norm_key(name))


def match_rows(rows: list[SummaryRow], projects: list[Project]) -> dict[int, tuple[int, float, str]]:
    """row index -> (project index, score, rule). Exact normalised names first, then best fuzzy pairs."""
    matched: dict[int, tuple[int, float, str]] = {}
    taken: set[int] = set()
    by_name: dict[str, list[int]] = {}
    for pi, p in enumerate(projects):
        by_name.setdefault(_simple(p.name), []).append(pi)
    for ri, r in enumerate(rows):
        for pi in by_name.get(_simple(r.name), []):
            if pi not in taken:
                matched[ri] = (pi, 100.0, "same-name")
                taken.add(pi)
                break
    pairs = []
    for ri, r in enumerate(rows):
        if ri in matched or not r.name:
            continue
        for pi, p in enumerate(projects):
            if pi in taken:
                continue
            a, b = _simple(r.name), _simple(p.name)
            score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b), 0.95 * fuzz.token_set_ratio(a, b))
            pairs.append((score, -ri, -pi, ri, pi))
    pairs.sort(reverse=True)
    for score, _a, _b, ri, pi in pairs:
        if score < FUZZY_MIN:
            break
        if ri in matched or pi in taken:
            continue
        matched[ri] = (pi, round(score, 1), "fuzzy-name")
        taken.add(pi)
    return matched
