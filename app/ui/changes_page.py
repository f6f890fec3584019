"""What changed: between two editions of the report loaded side by side, every change with both report lines."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from smals_graph.app.ui.common import explore_url
from smals_graph.app.ui.connection import get_store
from smals_graph.app.ui.escape import md_text
from smals_graph.app.view_model import changes, queries

GROUPS = {  # a heading of the page -> the kinds of change under it
    "Projects": (changes.NEW, changes.ENDED, changes.STATUS, changes.RENAMED),
    "Clients, technologies and components of projects": (
        changes.CLIENT_GAINED, changes.CLIENT_LOST, changes.TECH_GAINED, changes.TECH_LOST,
        changes.COMPONENT_GAINED, changes.COMPONENT_LOST),
    "Users of components": (changes.USER_GAINED, changes.USER_LOST),
}


def _year(name: str, years: list[int], default: int) -> int:
    wanted = st.query_params.get(name)
    return int(wanted) if wanted and wanted.isdigit() and int(wanted) in years else default


def render() -> None:
    store = get_store()
    st.title("What changed")
    years = changes.edition_years(store)
    if len(years) < 2:
        st.info(f"One edition is loaded ({', '.join(map(str, years)) or 'none'}): load two reports side by side to "
                "compare them — `smals-graph load REPORT-2025.txt REPORT-2026.txt`, or "
                "`smals-graph load --add REPORT-2026.txt` to keep what is loaded.")
        return
    c1, c2 = st.columns(2)
    before = c1.selectbox("From edition", years[:-1], index=years[:-1].index(_year("before", years[:-1], years[-2])),
                          key="changes_before")
    later = [y for y in years if y > before]
    after = c2.selectbox("To edition", later, index=later.index(_year("after", later, later[-1])),
                         key="changes_after")
    if st.query_params.get("before") != str(before) or st.query_params.get("after") != str(after):
        st.query_params.update({"before": str(before), "after": str(after)})
    found = changes.changes(store, before, after)
    counts = {kind: sum(1 for c in found if c.kind == kind) for kind in changes.KINDS}
    st.caption(f"{len(found)} change(s) from the {before} report to the {after} report. "
               "Select a row, or follow its \"lines\" link, for the lines of both reports.")
    if not found:
        st.success(f"Nothing changed between {before} and {after}.")
        return
    wanted = st.query_params.get("change")
    linked = next((c for c in found if change_key(c) == wanted), None)
    if linked:
        _detail(store, linked, before, after, key="changes_linked")
    for heading, kinds in GROUPS.items():
        shown = [c for c in found if c.kind in kinds]
        summary = ", ".join(f"{counts[k]} {k}" for k in kinds if counts[k])
        st.subheader(f"{heading} ({summary or 'none'})")
        if shown:
            _table(store, shown, before, after, key=f"changes_{heading[:8]}")


def change_key(change: changes.Change) -> str:
    return f"{change.kind}|{change.subject_key}|{change.other_key or ''}"


def change_url(change: changes.Change, before: int, after: int) -> str:
    from urllib.parse import quote

    return f"./what-changed?before={before}&after={after}&change={quote(change_key(change), safe=':')}"


def _frame(rows: list[changes.Change], before: int, after: int) -> pd.DataFrame:
    return pd.DataFrame([{
        "change": c.kind, "subject": c.subject, "about": c.other or "", "how": c.via,
        "before": c.before or "", "after": c.after or "",
        f"line {before}": c.line_before, f"line {after}": c.line_after,
        "open": explore_url(c.other_key if c.kind in (changes.USER_GAINED, changes.USER_LOST) and c.other_key
                            else c.subject_key),
        "lines": change_url(c, before, after),
    } for c in rows])


def _table(store: object, rows: list[changes.Change], before: int, after: int, *, key: str) -> None:
    frame = _frame(rows, before, after)
    frame = frame[[c for c in frame.columns if c not in ("about", "how", "before", "after") or (frame[c] != "").any()]]
    picked = st.dataframe(frame, hide_index=True, width="stretch", on_select="rerun",
                          selection_mode="single-row", key=key,
                          height=min(38 + 35 * max(1, len(frame)), 420),
                          column_config={"open": st.column_config.LinkColumn("open", display_text="Explore"),
                                         "lines": st.column_config.LinkColumn("lines", display_text="both lines"),
                                         f"line {before}": st.column_config.NumberColumn(format="%d"),
                                         f"line {after}": st.column_config.NumberColumn(format="%d")})
    selected = picked.selection.rows if picked else []
    if selected:
        _detail(store, rows[selected[0]], before, after, key=f"{key}_detail")


def _detail(store: object, change: changes.Change, before: int, after: int, *, key: str) -> None:
    """The change and the lines of both reports that say it."""
    with st.container(border=True, key=key):
        moved = f" — {change.before or 'none'} → {change.after or 'none'}" if change.before or change.after else ""
        st.markdown(md_text(f"{change.kind}: {change.subject}" + (f" — {change.other}" if change.other else "")
                            + moved))
        for year, line in ((before, change.line_before), (after, change.line_after)):
            excerpt = queries.report_excerpt(queries.edition_file(store, year), line, context=3)  # type: ignore[arg-type]
            if excerpt:
                st.caption(f"{year} report, line {line}")
                st.code("\n".join(f"{n:>5} {'>' if n == line else ' '} {t}" for n, t in excerpt), language=None)
            elif line is None:
                st.caption(f"Not in the {year} report.")
