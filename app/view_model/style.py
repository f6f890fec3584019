"""One visual style for the screen (vis-network) and the exported figures (matplotlib): colours, shapes and
captions per label, so an exported figure mirrors what was on screen. No Streamlit import here."""

from __future__ import annotations

from dataclasses import dataclass

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


def label_of(node: Node) -> str:
    """The label that decides the style: the first schema label the node has."""
    for label in node.labels:
        if label in STYLES:
            return label
    return node.labels[0] if node.labels else ""


def style_of(node: Node) -> LabelStyle:
    return STYLES.get(label_of(node), DEFAULT_STYLE)


def caption(node: Node, max_len: int = CAPTION_MAX) -> str:
    """Short readable caption: a member's acronym, else the name, cut with an ellipsis."""
    props = node.properties
    text = str(props.get("acronym") or props.get("name") or props.get("id") or node.id)
    return text if len(text) <= max_len else text[: max_len - 1] + "…"


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
