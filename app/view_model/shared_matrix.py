"""Members x components: who uses which reusable component, as one engine query shaped for the page.

The engine aggregates the usage facts (the usage module's meaning of "user": a direct statement, or a project of
the member that reuses or delivers the component) into one row per (member, component) pair; Python only ranks
and pages those pairs, column by column (numpy/pandas), never building the whole member x component table
unless the CSV download asks for it (`full_frame`).

A cell counts the member's projects that reuse or deliver the component, plus one where the report says the
member uses it directly: the same numbers as `shared_page.matrix` over `queries.component_uses` (tested).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from smals_graph.graph_model import schema
from smals_graph.graph_model.store import Store

__all__ = ["PAIRS_CYPHER", "SORTS", "MatrixPage", "Pairs", "full_frame", "matrix_page", "pairs"]

_IS_USER = "any(l IN labels(u) WHERE l IN $labels)"
_REUSABLE = "($reusable = false OR s.reusable = true)"
_PROJECT_REL = "|".join(schema.PROJECT_COMPONENT_TYPES)
_COLUMNS = ("coalesce(u.acronym, u.name, u.id) AS uc, u.category AS cat, s.id AS sk, "
            "coalesce(s.name, s.id) AS sn")
# One query, two aggregated halves: the direct statements (one per pair however often stated) and the pairs
# through projects with their number of distinct projects. UNION ALL: a pair may come from both halves.
PAIRS_CYPHER = (
    f"MATCH (u)-[:USES]->(s:Service) WHERE {_IS_USER} AND {_REUSABLE} "
    f"RETURN DISTINCT u.id AS uk, {_COLUMNS}, 1 AS n "
    "UNION ALL "
    f"MATCH (p:Project)-[:{_PROJECT_REL}]->(s:Service) WHERE {_REUSABLE} "
    f"MATCH (p)-[:FOR]->(u) WHERE {_IS_USER} "
    f"RETURN u.id AS uk, {_COLUMNS}, count(DISTINCT p) AS n"
)
PAIRS_MAX_ROWS = 1_000_000  # the read path's ceiling: a million pairs is far beyond 200x (about 10,000)

SORTS = {"components": "most components", "uses": "most uses", "member": "name"}
_FIXED = ["member", "category", "components", "uses"]  # the matrix's first columns, then one per component


@dataclass(frozen=True)
class Pairs:
    """The member x component relation, one row per pair, columnar: uk, uc (caption), cat, sk, sn, n."""

    frame: pd.DataFrame

    @property
    def empty(self) -> bool:
        return self.frame.empty

    def members(self) -> pd.DataFrame:
        """One row per member: caption, category, components, uses; ranked like the matrix (most components,
        then most uses, then caption)."""
        f = self.frame
        grouped = f.groupby("uk", sort=False).agg(member=("uc", "first"), category=("cat", "first"),
                                                  components=("sk", "size"), uses=("n", "sum"))
        return grouped.sort_values(["components", "uses", "member"], ascending=[False, False, True], kind="stable")

    def components(self) -> pd.DataFrame:
        """One row per component: name and number of members; most members first, then by name."""
        grouped = self.frame.groupby("sk", sort=False).agg(name=("sn", "first"), members=("uk", "size"))
        grouped["lower"] = grouped["name"].str.lower()
        return grouped.sort_values(["members", "lower"], ascending=[False, True], kind="stable").drop(columns="lower")


def pairs(store: Store, *, include_organizations: bool = False, reusable_only: bool = False) -> Pairs:
    """The relation from one engine query; both halves of a pair summed (projects + one for a statement)."""
    labels = [schema.MEMBER, schema.ORGANIZATION] if include_organizations else [schema.MEMBER]
    result = store.read(PAIRS_CYPHER, {"labels": labels, "reusable": reusable_only}, max_rows=PAIRS_MAX_ROWS)
    columns = ["uk", "uc", "cat", "sk", "sn", "n"]
    raw = pd.DataFrame(result.rows, columns=columns)
    if raw.empty:
        return Pairs(raw)
    raw["n"] = raw["n"].astype(np.int64)
    # a pair from both halves: one row, n summed (first caption kept: both halves read the same nodes)
    summed = raw.groupby(["uk", "sk"], sort=False, as_index=False).agg(
        uc=("uc", "first"), cat=("cat", "first"), sn=("sn", "first"), n=("n", "sum"))
    return Pairs(summed[columns])


@dataclass(frozen=True)
class MatrixPage:
    """What the page shows: one page of members (rows) x the first components (columns)."""

    frame: pd.DataFrame  # member, category, components, uses, then one column per shown component
    members_total: int  # members that match (all pages)
    components_total: int  # components that match
    offset: int


def _contains(series: pd.Series, text: str) -> pd.Series:
    return series.fillna("").str.lower().str.contains(text, regex=False)


def matrix_page(relation: Pairs, *, offset: int = 0, limit: int = 200, columns: int = 60,
                sort: str = "components", search: str = "") -> MatrixPage:
    """Rows `offset`..`offset+limit` of the ranked members and the `columns` most used components.

    `sort`: one of SORTS, or a component key (its users first, most projects first). `search`: members whose
    caption or key contains it, or that use a component whose name or key contains it; such components come
    first among the columns."""
    if relation.empty:
        return MatrixPage(pd.DataFrame(columns=_FIXED), 0, 0, 0)
    f = relation.frame
    members = relation.members()
    components = relation.components()
    text = search.strip().lower()
    if text:
        hit_components = components.index[_contains(components["name"], text)
                                          | _contains(components.index.to_series(), text)]
        users = f.loc[f["sk"].isin(hit_components), "uk"].unique()
        hit_members = _contains(members["member"], text) | _contains(members.index.to_series(), text)
        members = members[hit_members | members.index.isin(users)]
        first = components.index.isin(hit_components)
        components = pd.concat([components[first], components[~first]])
    if sort in components.index:  # the users of one component first, most projects first
        counts = f.loc[f["sk"] == sort].set_index("uk")["n"]
        members = members.assign(_by=counts.reindex(members.index).fillna(0).to_numpy())
        members = members.sort_values("_by", ascending=False, kind="stable").drop(columns="_by")
        components = pd.concat([components.loc[[sort]], components.drop(index=sort)])
    elif sort == "uses":
        members = members.sort_values(["uses", "components", "member"], ascending=[False, False, True],
                                      kind="stable")
    elif sort == "member":
        members = members.sort_values("member", key=lambda s: s.str.lower(), kind="stable")
    shown = members.iloc[offset : offset + limit]
    cols = components.iloc[:columns]
    cells = f[f["uk"].isin(shown.index) & f["sk"].isin(cols.index)]
    grid = cells.pivot(index="uk", columns="sk", values="n").reindex(index=shown.index, columns=cols.index)
    grid.columns = list(cols["name"])
    frame = pd.concat([shown[_FIXED].astype({"components": "int64", "uses": "int64"}), grid.astype("Float64")],
                      axis=1).reset_index(drop=True)
    return MatrixPage(frame, len(members), len(components), offset)


def full_frame(relation: Pairs) -> pd.DataFrame:
    """The whole matrix (the CSV download; built only when asked for): every member, every component."""
    page = matrix_page(relation, limit=len(relation.frame) + 1, columns=len(relation.frame) + 1)
    return page.frame
