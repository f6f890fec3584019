"""A plain-text summary of a parsed dataset: counts, then every data-quality problem with its line."""

from __future__ import annotations

from collections import Counter

from .model import Dataset

__all__ = ["describe_dataset", "describe_read"]


def describe_read(dataset: Dataset) -> str:
    """What a load read from one report: its chapters with their lines, counts per label, statements of use per
    rule, problems per severity (the problems themselves are on the Data quality page and `smals-graph parse`)."""
    source = dataset.source
    rules = Counter(u.rule or "statement" for u in dataset.uses)
    severities = Counter(p.severity for p in dataset.problems)
    lines = [f"read {source.file} ({source.year})"]
    lines += [f"  chapter {title}: lines {first}–{last}" for title, first, last in dataset.chapters]
    lines.append("  read: " + ", ".join(f"{n} {label}" for label, n in (
        ("members", len(dataset.members)), ("organizations", len(dataset.organizations)),
        ("projects", len(dataset.projects)), ("technologies", len(dataset.technologies)),
        ("services", len(dataset.services)), ("reusable services", sum(s.reusable for s in dataset.services)),
        ("applications", len(dataset.applications)))))
    lines.append(f"  statements of use: {len(dataset.uses)} (" + ", ".join(
        f"{rule} {n}" for rule, n in sorted(rules.items())) + ")")
    lines.append("  problems: " + ", ".join(f"{k} {severities[k]}" for k in ("error", "warning", "info")))
    return "\n".join(lines)


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
