"""An Explain/Profile plan drawn as a tree of operator boxes (an SVG string built here, no Graphviz): the result
at the top, what feeds it below, each box with its operator, details and — profiled — rows, db hits and time.
A box's border thickens with the rows it produced, so the heavy branch of a profile stands out."""

from __future__ import annotations

import math
from html import escape

from smals_graph.graph_model.results import PlanNode, QueryPlan

__all__ = ["plan_svg"]

BOX_W, BOX_H = 210, 62
GAP_X, GAP_Y = 24, 38
MARGIN = 12
_DETAILS_CHARS = 32


def _width(node: PlanNode) -> int:
    """Leaves under a node: the slots its subtree takes side by side."""
    return max(1, sum(_width(child) for child in node.children))


def _place(node: PlanNode, left: int, depth: int, out: list[tuple[PlanNode, float, float, PlanNode | None]],
           parent: PlanNode | None) -> None:
    slots = _width(node)
    x = MARGIN + (left + slots / 2) * (BOX_W + GAP_X) - GAP_X / 2 - BOX_W / 2
    y = MARGIN + depth * (BOX_H + GAP_Y)
    out.append((node, x, y, parent))
    offset = left
    for child in node.children:
        _place(child, offset, depth + 1, out, node)
        offset += _width(child)


def _counts(node: PlanNode) -> str:
    parts = []
    if node.rows is not None:
        parts.append(f"{node.rows} rows")
    if node.db_hits is not None:
        parts.append(f"{node.db_hits} db hits")
    if node.time_ms is not None:
        parts.append(f"{node.time_ms:.3f} ms")
    return " · ".join(parts)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plan_svg(plan: QueryPlan) -> str:
    """The plan as a standalone SVG document (text stays text: searchable, and readable by tests)."""
    placed: list[tuple[PlanNode, float, float, PlanNode | None]] = []
    _place(plan.root, 0, 0, placed, None)
    where = {id(node): (x, y) for node, x, y, _ in placed}
    width = MARGIN * 2 + _width(plan.root) * (BOX_W + GAP_X) - GAP_X
    height = MARGIN * 2 + (max(y for _, _, y, _ in placed) - MARGIN) + BOX_H
    most = max((node.rows or 0 for node, *_ in placed), default=0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="plan-tree" width="{width:.0f}" height="{height:.0f}" '
             f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif" font-size="11">',
             '<defs><marker id="plan-arrow" viewBox="0 0 8 8" refX="4" refY="4" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" fill="#8a94a6"/></marker></defs>']
    for node, x, y, parent in placed:  # edges first: boxes draw over them
        if parent is None:
            continue
        px, py = where[id(parent)]
        label = f"{node.rows}" if node.rows is not None else ""
        parts.append(f'<line x1="{x + BOX_W / 2:.1f}" y1="{y:.1f}" x2="{px + BOX_W / 2:.1f}" '
                     f'y2="{py + BOX_H + 2:.1f}" stroke="#8a94a6" stroke-width="1.4" marker-end="url(#plan-arrow)"/>')
        if label:
            parts.append(f'<text x="{(x + px) / 2 + BOX_W / 2 + 4:.1f}" y="{(y + py + BOX_H) / 2:.1f}" '
                         f'fill="#55607a">{escape(label)}</text>')
    for node, x, y, _ in placed:
        weight = 1.2 + (3.0 * math.log1p(node.rows) / math.log1p(most) if most and node.rows else 0.0)
        parts.append(f'<g class="plan-op"><rect x="{x:.1f}" y="{y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="6" '
                     f'fill="#f4f7fb" stroke="#2f5d9b" stroke-width="{weight:.1f}"/>')
        parts.append(f'<text x="{x + 8:.1f}" y="{y + 17:.1f}" font-weight="bold" fill="#1b2a41">'
                     f'{escape(_clip(node.operator, 30))}</text>')
        if node.details:
            parts.append(f'<text x="{x + 8:.1f}" y="{y + 34:.1f}" fill="#3c4858"><title>{escape(node.details)}'
                         f'</title>{escape(_clip(node.details, _DETAILS_CHARS))}</text>')
        counts = _counts(node)
        if counts:
            parts.append(f'<text x="{x + 8:.1f}" y="{y + 51:.1f}" fill="#a0461f">{escape(counts)}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
