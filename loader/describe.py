"""A plain-text summary of a parsed dataset: counts, then every data-quality problem with its line."""

from __future__ import annotations

from collections import Counter

from .model import Dataset


def describe_dataset(dataset: Dataset) -> str:
    source = dataset.source
    members = Counter(m.category for m in dataset.members)
    statuses = Counter(p.status_norm or "unknown" for p in dataset.projects)
    problems = dataset.problems
    severities = Counter(p.severity for p in problems)
    lines = [
        f"{source.file} ({source.title or 'report'}, {source.year}, {source.language})",
        f"members: {len(dataset.members)} (" + ", ".join(f"{k} {members[k]}" for k in sorted(members)) + ")",
        f"organizations: {len(dataset.organizations)}",
        f"projects: {len(dataset.projects)} (" + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
        + ")",
        f"technologies: {len(dataset.technologies)}",
        f"services: {len(dataset.services)}",
        f"uses statements: {len(dataset.uses)}",
        f"problems: {len(problems)} (" + ", ".join(f"{k} {severities[k]}" for k in ("error", "warning", "info")
                                                   if severities[k]) + ")",
    ]
    for problem in problems:
        where = f"line {problem.line}" if problem.line is not None else "file"
        lines.append(f"  {problem.severity:<7} {where}: {problem.message}")
    return "\n".join(lines)

__all__ = ["describe_dataset"]
