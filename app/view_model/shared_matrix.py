"""Members x components: who uses which reusable component, as one engine query shaped for the page.

The engine aggregates the usage facts (the usage module's meaning of "user": a direct statement, or a project of
the member that reuses or delivers the component) into one row per (member, component) pair; Python only ranks
and pages those pairs (plain dicts: a few thousand pairs at 200x), never building the whole member x component table
unless the CSV download asks for it (`full_frame`).

A cell counts the member's projects that reuse or deliver the component, plus one where the report says the
member uses it directly: the same numbers as `shared_page.matrix` over `queries.component_uses` (tested).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from smals_graph.graph_model import schema
from smals_graph.graph_model.store import Store

__all__ = ["FIXED_COLUMNS", "SORTS", "MatrixPage", "Pairs", "full_frame", "matrix_page", "pairs", "pairs_cypher"]

_COLUMNS = ("u.id AS uk, coalesce(u.acronym, u.name, u.id) AS uc, u.category AS cat, s.id AS sk, "
            "coalesce(s.name, s.id) AS sn")
_PROJECT_REL = "|".join(schema.PROJECT_COMPONENT_TYPES)
# One query, two aggregated halves: the direct statements (one per pair however often stated) and the pairs
# through projects with their number of distinct projects (UNION ALL: a pair may come from both). Grouped on the
# nodes, their properties read once per pair. `{user}`, `{is_user}`, `{reusable}` are filled per choice of the page's
# toggles: a label in the pattern and plain filters plan better than a test of labels() and a parameter.
PAIRS_TEMPLATE = (
    "MATCH (u{user})-[:USES]->(s:Service) WHERE {is_user} AND {reusable} WITH DISTINCT u, s "
    f"RETURN {_COLUMNS}, 1 AS n "
    "UNION ALL "
    f"MATCH (p:Project)-[:{_PROJECT_REL}]->(s:Service) WHERE {{reusable}} "
    "MATCH (p)-[:FOR]->(u{user}) WHERE {is_user} WITH u, s, count(DISTINCT p) AS n "
    f"RETURN {_COLUMNS}, n"
)
PAIRS_TIMEOUT_S = 30.0  # a whole-graph aggregation, read once per load and toggles (cached): more than a click's 5 s
PAIRS_MAX_ROWS = 1_000_000  # the read path's ceiling: a million pairs is far beyond 200x (about 10,000)


def pairs_cypher(*, include_organizations: bool, reusable_only: bool) -> str:
    user = "" if include_organizations else f":{schema.MEMBER}"
    is_user = f"(u:{schema.MEMBER} OR u:{schema.ORGANIZATION})" if include_organizations else "true"
    reusable = "s.reusable = true" if reusable_only else "true"
    return PAIRS_TEMPLATE.format(user=user, is_user=is_user, reusable=reusable)


SORTS = {"components": "most components", "uses": "most uses", "member": "name"}
FIXED_COLUMNS = ["member", "category", "components", "uses"]  # the matrix's first columns, then one per component


@dataclass
class Pairs:
    """The member x component relation, one cell per pair, with what ranking and paging need: per member its
    caption, category, components and uses; per component its name and number of members."""

    cells: dict[str, dict[str, int]] = field(default_factory=dict)  # member key -> component key -> count
    member_caption: dict[str, str] = field(default_factory=dict)
    member_category: dict[str, str | None] = field(default_factory=dict)
    member_uses: dict[str, int] = field(default_factory=dict)
    component_name: dict[str, str] = field(default_factory=dict)
    component_members: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.cells

    def __len__(self) -> int:
        return sum(len(row) for row in self.cells.values())

    def ranked_members(self) -> list[str]:
        """Most components, then most uses, then caption (the matrix's order)."""
        return sorted(self.cells, key=lambda m: (-len(self.cells[m]), -self.member_uses[m], self.member_caption[m]))

    def ranked_components(self) -> list[str]:
        """Most members, then name (case-insensitive)."""
        return sorted(self.component_name, key=lambda s: (-self.component_members[s], self.component_name[s].lower()))


def pairs(store: Store, *, include_organizations: bool = False, reusable_only: bool = False) -> Pairs:
    """The relation from one engine query; both halves of a pair summed (projects + one for a statement)."""
    result = store.read(pairs_cypher(include_organizations=include_organizations, reusable_only=reusable_only),
                        max_rows=PAIRS_MAX_ROWS, timeout=PAIRS_TIMEOUT_S)
    out = Pairs()
    cells, caption, category, uses = out.cells, out.member_caption, out.member_category, out.member_uses
    names, members = out.component_name, out.component_members
    for uk, uc, cat, sk, sn, n in result.rows:
        row = cells.get(uk)
        if row is None:
            row = cells[uk] = {}
            caption[uk], category[uk], uses[uk] = uc, cat, 0
        if sk not in row:
            row[sk] = 0
            members[sk] = members.get(sk, 0) + 1
            names.setdefault(sk, sn)
        row[sk] += n
        uses[uk] += n
    return out


@dataclass(frozen=True)
class MatrixPage:
    """What the page shows: one page of members (rows) x the first components (columns)."""

    frame: pd.DataFrame  # member, category, components, uses, then one column per shown component
    members_total: int  # members that match (all pages)
    components_total: int  # components that match
    offset: int


def matrix_page(relation: Pairs, *, offset: int = 0, limit: int = 200, columns: int = 60,
                sort: str = "components", search: str = "") -> MatrixPage:
    """Rows `offset`..`offset+limit` of the ranked members and the `columns` most used components.

    `sort`: one of SORTS, or a component key (its users first, most projects first). `search`: members whose
    caption or key contains it, or that use a component whose name or key contains it; such components come
    first among the columns."""
    if relation.empty:
        return MatrixPage(pd.DataFrame(columns=FIXED_COLUMNS), 0, 0, 0)
    cells = relation.cells
    members = relation.ranked_members()
    components = relation.ranked_components()
    text = search.strip().lower()
    if text:
        hits = {s for s in components if text in s.lower() or text in relation.component_name[s].lower()}
        members = [m for m in members if text in m.lower() or text in relation.member_caption[m].lower()
                   or not hits.isdisjoint(cells[m])]
        components = [s for s in components if s in hits] + [s for s in components if s not in hits]
    if sort in relation.component_name:  # the users of one component first, most projects first
        members = sorted(members, key=lambda m: -cells[m].get(sort, 0))
        components = [sort] + [s for s in components if s != sort]
    elif sort == "uses":
        members = sorted(members, key=lambda m: (-relation.member_uses[m], -len(cells[m]),
                                                 relation.member_caption[m]))
    elif sort == "member":
        members = sorted(members, key=lambda m: relation.member_caption[m].lower())
    shown = members[offset : offset + limit]
    cols = components[:columns]
    data: dict[str, list] = {
        "member": [relation.member_caption[m] for m in shown],
        "category": [relation.member_category[m] for m in shown],
        "components": [len(cells[m]) for m in shown],
        "uses": [relation.member_uses[m] for m in shown],
    }
    # one float block (NaN: no use), filled from the shown members' own cells only
    grid = np.full((len(shown), len(cols)), np.nan)
    where = {s: j for j, s in enumerate(cols)}
    for i, m in enumerate(shown):
        for s, n in cells[m].items():
            j = where.get(s)
            if j is not None:
                grid[i, j] = n
    frame = pd.concat([pd.DataFrame(data), pd.DataFrame(grid, columns=[relation.component_name[s] for s in cols])],
                      axis=1)
    return MatrixPage(frame, len(members), len(components), offset)


def full_frame(relation: Pairs) -> pd.DataFrame:
    """The whole matrix (the CSV download; built only when asked for): every member, every component."""
    return matrix_page(relation, limit=len(relation.cells), columns=len(relation.component_name)).frame
