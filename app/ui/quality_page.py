"""Data quality: the loader's findings (Problem nodes), each linked to what it concerns and to its report line."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from smals_graph.app.ui.common import explore_url
from smals_graph.app.ui.connection import get_store
from smals_graph.app.ui.escape import md_text
from smals_graph.app.ui.navigation import EXPLORE, page
from smals_graph.app.view_model import queries, style


def render() -> None:
    store = get_store()
    st.title("Data quality")
    rows = queries.problems(store)
    counts = {s: sum(1 for r in rows if r.severity == s) for s in ("error", "warning", "info")}
    c1, c2, c3 = st.columns(3)
    c1.metric("Errors", counts["error"])
    c2.metric("Warnings", counts["warning"])
    c3.metric("Info", counts["info"])
    if not rows:
        st.success("The loader reported no problem.")
        return
    wanted = st.query_params.get("severity")
    severities = st.pills("Severity", ["error", "warning", "info"], selection_mode="multi",
                          default=wanted.split(",") if wanted else ["error", "warning", "info"], key="dq_sev")
    text = st.text_input("Filter messages", value=st.query_params.get("text", ""), key="dq_text")
    if wanted != ",".join(severities or []) or st.query_params.get("text", "") != text:
        st.query_params.update({"severity": ",".join(severities or []), "text": text})
    shown = [r for r in rows if r.severity in (severities or []) and text.lower() in r.message.lower()]
    path = queries.edition_file(store)
    frame = findings_frame(shown)
    st.caption(f"{len(shown)} of {len(rows)} problem(s). Each links to the node it concerns (Explore) or to its "
               "report line; select a row for the line itself.")
    picked = st.dataframe(
        frame, hide_index=True, width="stretch", height=min(38 + 35 * max(1, len(frame)), 480),
        on_select="rerun", selection_mode="single-row", key="dq_table",
        column_config={"open": st.column_config.LinkColumn("open", display_text=r"node=(.*)$"),
                       "report line": st.column_config.LinkColumn("report line", display_text=r"#line-(\d+)"),
                       "message": st.column_config.TextColumn(width="large"),
                       "line": st.column_config.NumberColumn(format="%d")},
    )
    left_out = [r for r in shown if r.kind == LEFT_OUT]
    if left_out:
        with st.expander(f"Sentences that name a component and a possible user but gave no statement of use "
                         f"({len(left_out)})"):
            st.dataframe(findings_frame(left_out)[["line", "message", "concerns", "open", "report line"]],
                         hide_index=True, width="stretch", key="dq_left_out",
                         column_config={"open": st.column_config.LinkColumn("open", display_text=r"node=(.*)$"),
                                        "report line": st.column_config.LinkColumn("report line",
                                                                                   display_text=r"#line-(\d+)")})
    selected = picked.selection.rows if picked else []
    wanted_key = st.query_params.get("problem")
    if selected:
        row = shown[selected[0]]
    elif wanted_key and any(r.key == wanted_key for r in rows):
        row = next(r for r in rows if r.key == wanted_key)
    else:
        return
    with st.container(border=True, key="dq_detail"):
        st.markdown(f"**{md_text(row.severity)}** · line {md_text(row.line) if row.line is not None else '—'}")
        st.markdown(md_text(row.message))
        excerpt = queries.report_excerpt(path, row.line, context=2)
        if excerpt:
            st.code("\n".join(f"{n:>5} {'>' if n == row.line else ' '} {t}" for n, t in excerpt), language=None)
        for node in row.concerns:
            if node.key:
                st.page_link(page(EXPLORE), label=md_text(f"Open {node.label} {style.caption(node)} in Explore"),
                             icon=":material/travel_explore:", query_params={"node": node.key})
        for key in row.mentions:
            st.page_link(page(EXPLORE), label=f"Open {md_text(key)} (named in the sentence) in Explore",
                         icon=":material/travel_explore:", query_params={"node": key})
        if not row.concerns and not row.mentions:
            st.caption("This finding is about the report text only (no node to open): its line is above.")


LEFT_OUT = "left-out-statement"


def line_url(row: queries.ProblemRow) -> str | None:
    """This page, opened on one finding: its report line and links."""
    from urllib.parse import quote

    return f"./data-quality?problem={quote(row.key, safe=':')}#line-{row.line}" if row.line is not None else None


def findings_frame(rows: list[queries.ProblemRow]) -> pd.DataFrame:
    """One row per finding: every finding links to the node it concerns, else to its report line."""
    return pd.DataFrame([{
        "severity": r.severity, "line": r.line, "message": r.message,
        "concerns": ", ".join(f"{n.label} {style.caption(n)}" for n in r.concerns)
                    or ", ".join(r.mentions) or None,
        "open": explore_url(r.concerns[0].key) if r.concerns and r.concerns[0].key
                else explore_url(r.mentions[0]) if r.mentions else None,
        "report line": line_url(r),
    } for r in rows])
