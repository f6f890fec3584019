"""The members x components relation from one engine query: the same cells as the matrix built from every usage
fact in Python (`shared_page.matrix`), and the page's ranking, paging, sorting and search."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from smals_graph.app.ui.shared_page import matrix
from smals_graph.app.view_model import queries, shared_matrix


def _cells(frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    out = {}
    for _, row in frame.iterrows():
        for column in frame.columns[4:]:
            if pd.notna(row[column]):
                out[(row["member"], column)] = int(row[column])
    return out


@pytest.mark.parametrize(("orgs", "reusable"), list(itertools.product((False, True), (False, True))))
def test_one_query_gives_the_matrix_of_every_fact(app_store, orgs, reusable):
    reference = matrix(queries.component_uses(app_store, include_organizations=orgs, reusable_only=reusable))
    relation = shared_matrix.pairs(app_store, include_organizations=orgs, reusable_only=reusable)
    whole = shared_matrix.full_frame(relation)
    assert list(whole.columns) == list(reference.columns)  # components ranked the same (most members, name)
    assert list(whole["member"]) == list(reference["member"])  # members ranked the same
    assert list(whole["components"]) == list(reference["components"])
    assert list(whole["uses"]) == list(reference["uses"])
    assert _cells(whole) == _cells(reference)


def test_known_cells(app_store):
    relation = shared_matrix.pairs(app_store)
    cells = {(m, s): n for m, row in relation.cells.items() for s, n in row.items()}
    # Wave SaaS delivers Wave and is for ONSS and ONEM; no member states it uses Wave directly
    assert {uk for (uk, sk) in cells if sk == "s:wave"} == {"m:onss", "m:onem"}
    # of Wave's four projects (test_usage), Wave SaaS is for both: each cell counts at least it, all four at most
    assert 1 <= cells[("m:onem", "s:wave")] <= 4 and 1 <= cells[("m:onss", "s:wave")] <= 4
    # eAcademy: 12 members say they use it (test_usage), each counted once
    assert sum(1 for (_, sk) in cells if sk == "s:eacademy") == 12


def test_paging_sorting_and_search(app_store):
    relation = shared_matrix.pairs(app_store)
    first = shared_matrix.matrix_page(relation, limit=5, columns=3)
    assert len(first.frame) == 5 and list(first.frame.columns[:4]) == ["member", "category", "components", "uses"]
    assert len(first.frame.columns) == 4 + 3
    assert first.members_total == len(relation.cells)
    second = shared_matrix.matrix_page(relation, offset=5, limit=5, columns=3)
    assert set(first.frame["member"]).isdisjoint(second.frame["member"])
    assert first.frame["components"].min() >= second.frame["components"].max()
    by_name = shared_matrix.matrix_page(relation, sort="member", limit=1000)
    names = list(by_name.frame["member"])
    assert names == sorted(names, key=str.lower)
    by_uses = shared_matrix.matrix_page(relation, sort="uses", limit=1000)
    assert list(by_uses.frame["uses"]) == sorted(by_uses.frame["uses"], reverse=True)
    wave_first = shared_matrix.matrix_page(relation, sort="s:wave", limit=2, columns=2)
    assert wave_first.frame.columns[4] == "Wave"
    assert set(wave_first.frame["member"]) == {"ONSS", "ONEM"}
    found = shared_matrix.matrix_page(relation, search="wave", limit=1000)
    assert found.frame.columns[4] == "Wave" and set(found.frame["member"]) >= {"ONSS", "ONEM"}
    assert found.members_total < first.members_total
    onss = shared_matrix.matrix_page(relation, search="onss", limit=1000)
    assert list(onss.frame["member"]) == ["ONSS"]
    nothing = shared_matrix.matrix_page(relation, search="no such thing", limit=10)
    assert nothing.members_total == 0 and nothing.frame.empty
