"""Several editions of the report in one graph: the same project under another name is one project.

Members, services and technologies keep their keys from year to year (the gazetteer names them). A project's key
comes from its name, so a project renamed between two editions ("VIDIS 2025" → "VIDIS 2026") would become a new
project and the old one would look ended. `align_editions` matches the projects that appear in one edition only
against those of the edition before, by what stays when a name changes: the clients, the description, the
technologies, the address and the name's words. A clear match takes the earlier key (the rename is an `info`
Problem); a match that is neither clear nor absent is a `warning` Problem and the two stay apart.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from .model import Dataset, Problem, Project

__all__ = ["MATCH", "UNCERTAIN", "Match", "align_editions", "match_projects"]

MATCH = 0.72  # at or above: the same project under another name
UNCERTAIN = 0.55  # between this and MATCH: said as a Problem, not matched
WEIGHTS = {"clients": 0.3, "description": 0.3, "name": 0.2, "technologies": 0.1, "url": 0.1}


@dataclass(frozen=True, slots=True)
class Match:
    earlier: Project
    later: Project
    score: float


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _similarity(a: Project, b: Project) -> float:
    parts = {
        "clients": _jaccard({c.member_id or c.organization_id or c.raw for c in a.clients},
                            {c.member_id or c.organization_id or c.raw for c in b.clients}),
        "description": fuzz.token_set_ratio((a.description or "")[:600], (b.description or "")[:600]) / 100,
        "name": fuzz.token_set_ratio(a.name, b.name) / 100,
        "technologies": _jaccard({t.technology_id or t.service_id or t.raw for t in a.technologies},
                                 {t.technology_id or t.service_id or t.raw for t in b.technologies}),
        "url": 1.0 if a.url and a.url == b.url else 0.0,
    }
    return sum(WEIGHTS[k] * v for k, v in parts.items())


def match_projects(earlier: Dataset, later: Dataset) -> tuple[list[Match], list[Match]]:
    """(clear matches, uncertain ones) between the projects only `earlier` has and those only `later` has,
    best pairs first, each project in one pair at most."""
    later_ids = {p.id for p in later.projects}
    earlier_ids = {p.id for p in earlier.projects}
    gone = [p for p in earlier.projects if p.id not in later_ids]
    new = [p for p in later.projects if p.id not in earlier_ids]
    pairs = sorted((Match(a, b, _similarity(a, b)) for a in gone for b in new),
                   key=lambda m: (-m.score, m.earlier.id, m.later.id))
    taken: set[str] = set()
    clear: list[Match] = []
    uncertain: list[Match] = []
    for m in pairs:
        if m.score < UNCERTAIN:
            break
        if m.earlier.id in taken or m.later.id in taken:
            continue
        if m.score >= MATCH:
            clear.append(m)
            taken |= {m.earlier.id, m.later.id}
        else:
            uncertain.append(m)
    return clear, [m for m in uncertain if m.earlier.id not in taken and m.later.id not in taken]


def _rekey(dataset: Dataset, old: str, new: str) -> None:
    """Every reference of `dataset` to project `old` now says `new`."""
    for p in dataset.projects:
        if p.id == old:
            p.id = new
    for u in dataset.uses:
        if u.user_kind == "project" and u.user_id == old:
            u.user_id = new
    for a in dataset.applications:
        if a.project_id == old:
            a.project_id = new
    for q in dataset.problems:
        if q.subject == old:
            q.subject = new
        if q.subjects:
            q.subjects = [new if s == old else s for s in q.subjects]


def align_editions(datasets: Sequence[Dataset]) -> list[Dataset]:
    """The datasets by year, each later one's renamed projects under the key they had the year before; the
    matches are Problems of the later dataset."""
    ordered = sorted(datasets, key=lambda d: int(d.source.year))
    for index in range(1, len(ordered)):
        earlier = ordered[index - 1]
        clear, uncertain = match_projects(earlier, ordered[index])
        if not clear and not uncertain:
            continue
        later = ordered[index] = copy.deepcopy(ordered[index])  # the caller's dataset stays as parsed
        for m in clear:
            line = m.later.line
            _rekey(later, m.later.id, m.earlier.id)
            later.problems.append(Problem(
                severity="info", line=line, subject=m.earlier.id, kind="renamed-project",
                message=(f"'{m.later.name}' ({later.source.year}, line {line}) is taken as '{m.earlier.name}' "
                         f"({earlier.source.year}, line {m.earlier.line}) renamed (similarity {m.score:.2f})")))
        for m in uncertain:
            later.problems.append(Problem(
                severity="warning", line=m.later.line, subject=m.later.id, kind="uncertain-match",
                message=(f"'{m.later.name}' ({later.source.year}, line {m.later.line}) may be "
                         f"'{m.earlier.name}' ({earlier.source.year}, line {m.earlier.line}) renamed "
                         f"(similarity {m.score:.2f}, below {MATCH}): kept as two projects")))
    return ordered
