"""The members list ("Liste des membres", categories A/B/C)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from smals_graph.graph_model.errors import ReportError

from .headings import match_heading
from .norm import norm_key, slug
from .problems import Problems

_PAREN_RE = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")
_FORMER_RE = re.compile(r"^(?:avant|anciennement|ex\.?|formerly)\s+(.+)$", re.I)


@dataclass(slots=True, kw_only=True)
class ListedMember:
    """A line of the members list: the fields of `model.Member` it gives, and the other names the resolver knows
    it by: `short` (the name without its "(ACRONYM)"), `base` (without a final note such as "(avant X)") and
    `alternate` (the names such a note gives)."""

    id: str
    name: str
    category: str
    acronym: str | None
    duplicate_of: str | None = None
    line: int
    short: str | None = None
    base: str | None = None
    alternate: list[str] = field(default_factory=list)


def _is_acronym(inner: str) -> bool:
    ws = inner.split()
    if not ws or len(ws) > 3:
        return False
    if not (ws[0][0].isupper() or ws[0][0].isdigit()):
        return False
    return all(w[0].isupper() or w[0].isdigit() or w in ("&", "-") for w in ws)


def find_members(lines: list[str], after: int, source: str) -> tuple[int, dict[str, int]]:
    """Locate the category headings (1-based lines) after line `after`. Raises ReportError if absent."""
    heads: dict[str, int] = {}
    for i in range(after, len(lines)):
        m = match_heading("category", lines[i])
        if m and m.group(1).upper() not in heads:
            heads[m.group(1).upper()] = i + 1
    last = len(lines)
    if not heads:
        raise ReportError(
            'truncated report: no members list ("Membres de la catégorie A/B/C") after the projects section',
            line=last,
            source=source,
        )
    for cat in "ABC":
        if cat not in heads:
            raise ReportError(
                f'truncated report: the members list has no "Membres de la catégorie {cat}" heading',
                line=last,
                source=source,
            )
    return heads["A"], heads


def parse_members(lines: list[str], heads: dict[str, int], problems: Problems, source: str,
                  filler: frozenset[int] = frozenset(), breaks: frozenset[int] = frozenset()) -> list[ListedMember]:
    """The members of each category; `filler` lines (a wrapped name's other lines, joined to its first) are not
    blank lines that end the list; `breaks` (a removed running footer) are page breaks like a page number."""
    order = sorted(heads.items(), key=lambda kv: kv[1])
    members: list[ListedMember] = []
    used_ids: set[str] = set()
    for idx, (cat, hline) in enumerate(order):
        stop = order[idx + 1][1] - 1 if idx + 1 < len(order) else len(lines)
        gap, paged = 0, False
        count = 0
        for ln in range(hline + 1, stop + 1):
            s = lines[ln - 1].strip()
            if ln in filler:
                continue
            if not s and ln not in breaks:
                gap += 1
                continue
            if s.isdigit() or ln in breaks:
                # a page break right after a member: the list goes on after it (its footer's blank lines too)
                paged, gap = paged or gap <= 2, 0
                continue
            if count and gap >= (3 if paged else 2):
                break
            gap, paged = 0, False
            members.append(_member(s, cat, ln, used_ids))
            count += 1
        if not count:
            raise ReportError(f"members category {cat} (line {hline}) lists no member", line=hline, source=source)
    _mark_duplicates(members, problems)
    return members


def _member(name: str, cat: str, line: int, used_ids: set[str]) -> ListedMember:
    acronym = None
    short = None
    base_name = None
    alternate: list[str] = []
    m = _PAREN_RE.match(name)
    if m:
        inner = m.group(2).strip()
        if _is_acronym(inner):
            acronym, short = inner, m.group(1).strip()
        else:
            f = _FORMER_RE.match(inner)
            alternate.append(f.group(1).strip() if f else inner)
            base_name = m.group(1).strip()
    base = "m:" + slug(acronym or name)
    mid, n = base, 2
    while mid in used_ids:
        mid, n = f"{base}-{n}", n + 1
    used_ids.add(mid)
    return ListedMember(id=mid, name=name, category=cat, acronym=acronym, line=line, short=short, base=base_name,
                        alternate=alternate)


def _mark_duplicates(members: list[ListedMember], problems: Problems) -> None:
    first: dict[str, ListedMember] = {}
    for m in members:
        keys = {norm_key(m.name)}
        if m.short:
            keys.add(norm_key(m.short))
        if m.acronym and len(m.acronym.split()) >= 2:
            keys.add(norm_key(m.acronym))
        for k in keys:
            first.setdefault(k, m)
    for m in members:
        candidates = [norm_key(m.name)] + [norm_key(a) for a in m.alternate]
        for k in candidates:
            other = first.get(k)
            if other is None or other is m:
                continue
            dup, orig = (m, other) if m.line > other.line else (other, m)
            if dup.duplicate_of:
                continue
            dup.duplicate_of = orig.id
            problems.warn(f'Members list names one body twice: "{dup.name}" (line {dup.line}, category '
                          f'{dup.category}) is also listed as "{orig.name}" (line {orig.line}); '
                          f'{dup.id} marked duplicate_of {orig.id}', dup.line, subjects=[dup.id, orig.id])
    seen: dict[str, ListedMember] = {}
    for m in members:
        if m.acronym and not m.duplicate_of:
            if m.acronym in seen:
                o = seen[m.acronym]
                problems.warn(f'Acronym "{m.acronym}" is used by two members: "{o.name}" (line {o.line}) '
                              f'and "{m.name}" (line {m.line})', m.line, subjects=[o.id, m.id])
            else:
                seen[m.acronym] = m

__all__ = ["ListedMember", "find_members", "parse_members"]
