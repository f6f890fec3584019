"""One visual style for the screen (vis-network) and the exported figures (matplotlib): colours, shapes and
captions per label, so an exported figure mirrors what was on screen. No Streamlit import here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from smals_graph.graph_model.results import Node


@dataclass(frozen=True)
class LabelStyle:
    color: str  # fill, hex
    border: str
    shape: str  # vis-network shape name
    marker: str  # matplotlib marker with the same look
    size: int  # base size in px (vis-network) before degree scaling
    description: str


STYLES: dict[str, LabelStyle] = {
    "Member": LabelStyle("#1f77b4", "#0d3d63", "dot", "o", 18, "Member institution"),
    "Organization": LabelStyle("#7f7f7f", "#3d3d3d", "dot", "o", 16, "Other organisation"),
    "Project": LabelStyle("#ff7f0e", "#8a4100", "square", "s", 14, "Project"),
    "Technology": LabelStyle("#2ca02c", "#145214", "triangle", "^", 12, "Technology"),
    "Service": LabelStyle("#d62728", "#6b1414", "diamond", "D", 18, "Service / reusable component"),
    "Application": LabelStyle("#17becf", "#0b5f68", "triangleDown", "v", 14, "Application (not a project)"),
    "Problem": LabelStyle("#9467bd", "#4a3360", "star", "*", 12, "Data-quality problem"),
    "Edition": LabelStyle("#8c564b", "#46291f", "hexagon", "h", 14, "Report edition"),
}
DEFAULT_STYLE = LabelStyle("#bcbd22", "#5e5e11", "dot", "o", 12, "Other")

EDGE_COLORS: dict[str, str] = {
    "FOR": "#1f77b4",
    "USES": "#2ca02c",
    "REUSES": "#d62728",
    "DELIVERS": "#e377c2",
    "DUPLICATE_OF": "#7f7f7f",
    "CONCERNS": "#9467bd",
}
DEFAULT_EDGE_COLOR = "#999999"
FONT_FAMILY = "DejaVu Sans"  # ships with matplotlib, so screen and export measure text alike
CAPTION_MAX = 28
CAPTION_LINE = 24  # full names wrap at this many characters per line ...
CAPTION_LINES = 3  # ... on at most this many lines; only longer names are shortened (full name in the key)
SCREEN_LABEL_PX = 13.0  # caption size on screen, constant whatever the zoom
PRESENT_LABEL_PX = 19.0  # in presentation mode
LINE_SPACING = 1.2


def style_of(node: Node) -> LabelStyle:
    return STYLES.get(node.label, DEFAULT_STYLE)


def caption(node: Node, max_len: int = CAPTION_MAX) -> str:
    """The node's caption (`Node.caption`) cut with an ellipsis past `max_len` characters, for the screen."""
    text = node.caption
    return text if len(text) <= max_len else text[: max_len - 1] + "…"


def caption_lines(text: str, width: int = CAPTION_LINE, max_lines: int = CAPTION_LINES) -> tuple[list[str], bool]:
    """`text` wrapped on whole words to lines of about `width` characters; (lines, shortened). Only a name
    longer than `max_lines` lines is cut, with an ellipsis."""
    import textwrap

    if len(text) <= width:
        return [text], False
    lines = textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=False)
    if len(lines) <= max_lines:
        return lines, False
    kept = lines[:max_lines]
    kept[-1] = kept[-1][: max(1, width - 1)].rstrip() + "…"
    return kept, True


@lru_cache(maxsize=4)
def _font(px: float) -> Any:
    from matplotlib import font_manager, ft2font

    font = ft2font.FT2Font(font_manager.findfont(font_manager.FontProperties(family=FONT_FAMILY)))
    font.set_size(px, 72)
    return font


@lru_cache(maxsize=8192)
def text_px(text: str, px: float = SCREEN_LABEL_PX) -> tuple[float, float]:
    """Width and height in px of `text` (one or more lines) in DejaVu Sans at `px`: the screen's metrics."""
    lines = text.split("\n")
    font = _font(px)
    width = 0.0
    for line in lines:
        font.set_text(line)
        width = max(width, font.get_width_height()[0] / 64)
    return width, px * LINE_SPACING * len(lines)


def node_box(node: Node, vis_size: float, px: float = SCREEN_LABEL_PX) -> tuple[float, float, float, float]:
    """(left, right, up, down) extents in screen px from the node centre: its marker and the caption below."""
    lines, _ = caption_lines(node.caption)
    width, height = text_px("\n".join(lines), px)
    half = max(vis_size, width / 2 + 2)
    return half, half, vis_size + 2, vis_size + 4 + height


def metric_size(style: LabelStyle, share: float) -> float:
    """Size of a node whose metric is `share` of the way from the view's lowest to its highest value (0..1)."""
    return style.size * 0.7 + 30 * share


def metric_shares(values: dict[str, float], ids: list[str]) -> dict[str, float]:
    """Each id's value scaled to 0..1 between the lowest and highest among `ids` (0 where all are equal)."""
    found = [values.get(i, 0.0) for i in ids]
    low, high = (min(found), max(found)) if found else (0.0, 0.0)
    return {i: (values.get(i, 0.0) - low) / (high - low) if high > low else 0.0 for i in ids}


def node_size(style: LabelStyle, degree: int, by_degree: bool = True) -> float:
    if not by_degree:
        return float(style.size)
    return style.size + min(degree, 40) * 0.8


# -- figures (matplotlib export); added for app/render ----------------------------------------------------------
PALETTE: tuple[str, ...] = ("#4e79a7", "#b07aa1", "#76b7b2", "#edc948", "#59a14f", "#e15759", "#9c755f",
                            "#ff9da7", "#bab0ac", "#f28e2b")  # groups (categories, communities), colour-blind safe
FIGURE_TITLE_PT = 20.0
FIGURE_LABEL_PT = 10.0
FIGURE_MIN_LABEL_PT = 5.5
FIGURE_LEGEND_PT = 10.0
FIGURE_FOOTNOTE_PT = 8.5
FIGURE_TEXT_COLOR = "#222222"
FIGURE_EDGE_WIDTH_PT = 1.0
FIGURE_EDGE_ALPHA = 0.55
SOURCE_PUBLISHER = "Smals"
SOURCE_TITLE = "Rapport d'activités"


def marker_points(vis_size: float) -> float:
    """Marker diameter in points for a vis-network node size (a radius in px), so relative sizes match."""
    return vis_size * 1.1


def group_color(index: int) -> str:
    return PALETTE[index % len(PALETTE)]

__all__ = ["CAPTION_LINE", "CAPTION_LINES", "CAPTION_MAX", "DEFAULT_EDGE_COLOR", "DEFAULT_STYLE",
    "EDGE_COLORS", "FIGURE_EDGE_ALPHA", "FIGURE_EDGE_WIDTH_PT", "FIGURE_FOOTNOTE_PT", "FIGURE_LABEL_PT",
    "FIGURE_LEGEND_PT", "FIGURE_MIN_LABEL_PT", "FIGURE_TEXT_COLOR", "FIGURE_TITLE_PT", "FONT_FAMILY",
    "LINE_SPACING", "LabelStyle", "PALETTE", "PRESENT_LABEL_PX", "SCREEN_LABEL_PX", "SOURCE_PUBLISHER",
    "SOURCE_TITLE", "STYLES", "caption", "caption_lines", "group_color", "marker_points", "metric_shares",
    "metric_size", "node_box", "node_size", "style_of", "text_px"]
