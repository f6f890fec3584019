"""How readable a drawn graph figure is, measured on the rendered matplotlib Figure itself (the artists' window
extents after a draw), so it reads our figures and networkx's `draw_networkx` alike:

- label_label: pairs of captions whose boxes overlap
- label_node: (caption, marker) pairs that overlap, the caption's own marker included
- node_node: pairs of markers that overlap
- labels_cut: captions shortened with an ellipsis, reaching outside the figure, or missing (our figures)
- edges_crossing_labels: (edge segment, caption) pairs where the segment runs through the caption's box
- edges_through_nodes: (edge segment, node) pairs where a straight segment passes within 0.9 x the marker's
  half-size of the centre of a node that is near neither end of the segment: the reader sees the edge end there
- edges_overlapping: pairs of segments on the same line (both ends of one within 1.5 px of the other's line)
  that share more than 8 px of length: the reader sees one edge where there are two
- edge_segments: straight pieces drawn (a routed edge is several), the base of the crossing ratio
- smallest_caption_pt: the smallest font size of a node caption, in points at the preset size
- smallest_text_pt: the smallest font size of any text (legend, key, footnote included)

Node captions are texts drawn on the graph axes (our figures: gid `node-label-*`; networkx: every axes text);
markers are the axes' PathCollections (ours: gid `figure-nodes-*`), edges their LineCollections (ours: gid
`figure-edges`; leader lines and arrowheads are not edges). Pairs are found through a grid, not all pairs.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.text import Text

from smals_graph.app.figures.labels import Grid, segment_hits_rect

SLACK_PX = 0.5  # overlaps thinner than this are anti-aliasing, not overlaps
THROUGH_SHARE = 0.9  # a segment this close to a marker's centre (share of its half-size) passes through it
SAME_LINE_PX = 1.5  # both ends of a segment this close to another's line: the two are on one line
SHARED_PX = 8.0  # ... and they share more than this length: drawn on top of each other
ZERO_KEYS = ("label_label", "label_node", "node_node", "edges_through_nodes", "edges_overlapping")
END_REACH_IN = 0.15  # an edge's end this far (inches) from a marker's rim: the marker is its endpoint
MAX_CROSSING_SHARE = 0.02  # edge-caption crossings a shipped figure may have, per edge segment

Marker = tuple[float, float, float]  # centre x, y, radius (px)
Segment = tuple[float, float, float, float]
Rect = tuple[float, float, float, float]


@dataclass
class Readability:
    label_label: int
    label_node: int
    node_node: int
    labels_cut: int
    edges_crossing_labels: int
    smallest_caption_pt: float
    smallest_text_pt: float
    nodes: int
    captions: int
    edges_through_nodes: int = 0
    edges_overlapping: int = 0
    edge_segments: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def crossing_share(self) -> float:
        return self.edges_crossing_labels / self.edge_segments if self.edge_segments else 0.0

    def line(self) -> str:
        return (f"label-label {self.label_label}, label-node {self.label_node}, node-node {self.node_node}, "
                f"cut {self.labels_cut}, edge-through-label {self.edges_crossing_labels}/{self.edge_segments} "
                f"segments, edge-through-node {self.edges_through_nodes}, edges-overlapping "
                f"{self.edges_overlapping}, smallest caption {self.smallest_caption_pt:.1f} pt")


@dataclass
class _Drawn:
    """What a figure shows, in px: markers, straight edge segments (with the edge each belongs to), captions."""

    markers: list[Marker] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    owners: list[int] = field(default_factory=list)  # segment -> index of its edge
    captions: list[tuple[Rect, Any]] = field(default_factory=list)


def agg_renderer(fig: Figure) -> RendererAgg:
    """The Agg renderer of `fig`: only Agg canvases (the backend the figures are drawn with) have one, which the
    stubs' FigureCanvasBase does not say."""
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg), f"a figure drawn on {type(canvas).__name__}, not Agg"
    return canvas.get_renderer()


def _ours(fig: Figure) -> bool:
    return any(str(c.get_gid() or "").startswith("figure-nodes") for ax in fig.axes for c in ax.collections)


def measure(fig: Figure) -> Readability:
    """The metric of a Figure (drawn here if needed)."""
    fig.canvas.draw()
    drawn = _collect(fig)
    captions = drawn.captions
    sizes = [float(t.get_fontsize()) for _, t in captions]
    all_sizes = [float(t.get_fontsize()) for t in fig.findobj(Text) if t.get_visible() and str(t.get_text()).strip()]
    return Readability(
        label_label=_rect_pairs([c[0] for c in captions]), label_node=_labels_on_markers(drawn),
        node_node=_circle_pairs(drawn.markers), labels_cut=_cut(fig, captions),
        edges_crossing_labels=_edge_caption_crossings(drawn), smallest_caption_pt=min(sizes, default=0.0),
        smallest_text_pt=min(all_sizes, default=0.0), nodes=len(drawn.markers), captions=len(captions),
        edges_through_nodes=edges_through_nodes(drawn.markers, drawn.segments, END_REACH_IN * fig.dpi),
        edges_overlapping=overlapping_segments(drawn.segments, drawn.owners), edge_segments=len(drawn.segments))


def _collect(fig: Figure) -> _Drawn:
    renderer = agg_renderer(fig)
    ours = _ours(fig)
    drawn = _Drawn()
    edge = 0
    for ax in fig.axes:
        for coll in ax.collections:
            gid = str(coll.get_gid() or "")
            if isinstance(coll, PathCollection) and (gid.startswith("figure-nodes") or not ours):
                drawn.markers.extend(_markers(coll, fig))
            elif isinstance(coll, LineCollection) and (gid == "figure-edges" or not ours):
                transform = coll.get_transform()
                for seg in coll.get_segments():
                    edge += 1
                    points = [transform.transform(p) for p in seg]
                    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
                        drawn.segments.append((float(x1), float(y1), float(x2), float(y2)))
                        drawn.owners.append(edge)
        for patch in ax.patches:  # networkx draws directed edges as FancyArrowPatch
            if not ours and patch.__class__.__name__ == "FancyArrowPatch":
                verts = np.asarray(patch.get_path().transformed(patch.get_transform()).vertices)
                if len(verts) >= 2:
                    edge += 1
                    drawn.segments.append((float(verts[0][0]), float(verts[0][1]), float(verts[-1][0]),
                                           float(verts[-1][1])))
                    drawn.owners.append(edge)
        for text in ax.texts:
            gid = str(text.get_gid() or "")
            if (ours and not gid.startswith("node-label")) or not text.get_text().strip() or not text.get_visible():
                continue
            backing = text.get_bbox_patch()
            box = (backing.get_window_extent(renderer) if backing is not None else text.get_window_extent(renderer))
            drawn.captions.append(((box.x0, box.y0, box.x1, box.y1), text))
    return drawn


def _labels_on_markers(drawn: _Drawn) -> int:
    if not (drawn.captions and drawn.markers):
        return 0
    grid = Grid(max(8.0, _median([r for _, _, r in drawn.markers]) * 2))
    for i, (x, y, r) in enumerate(drawn.markers):
        grid.add_rect((x - r, y - r, x + r, y + r), str(i))
    count = 0
    for rect, _ in drawn.captions:
        hit = set()
        for key in grid._cells(rect):
            for _, owner in grid.rects.get(key, ()):
                if owner not in hit and _circle_rect(drawn.markers[int(owner)], rect):
                    hit.add(owner)
        count += len(hit)
    return count


def _cut(fig: Figure, captions: list[tuple[Rect, Any]]) -> int:
    """Captions ending in an ellipsis or reaching outside the figure; ours: plus the nodes with no caption."""
    width, height = fig.bbox.width, fig.bbox.height
    outside = sum(1 for rect, text in captions if text.get_text().rstrip().endswith("…") or rect[0] < -SLACK_PX
                  or rect[1] < -SLACK_PX or rect[2] > width + SLACK_PX or rect[3] > height + SLACK_PX)
    return int(getattr(fig, "smals_unlabelled", 0)) + outside


def _edge_caption_crossings(drawn: _Drawn) -> int:
    if not (drawn.captions and drawn.segments):
        return 0
    grid = Grid(max(8.0, _median([r[3] - r[1] for r, _ in drawn.captions]) * 2))
    for seg in drawn.segments:
        grid.add_segment(*seg)
    crossing = 0
    for rect, _ in drawn.captions:
        inner = (rect[0] + SLACK_PX, rect[1] + SLACK_PX, rect[2] - SLACK_PX, rect[3] - SLACK_PX)
        crossing += grid.crossings(inner)
    return crossing


def edges_through_nodes(markers: list[Marker], segments: list[Segment], end_reach: float = 22.5) -> int:
    """(segment, marker) pairs where the segment passes within THROUGH_SHARE x the marker's radius of its
    centre, the marker being near neither end of the segment (an end within `end_reach` px of its rim: the
    edge's own endpoint, which an arrowhead reaches)."""
    if not (markers and segments):
        return 0
    grid = Grid(max(8.0, _median([r for _, _, r in markers]) * 2))
    for i, (x, y, r) in enumerate(markers):
        grid.add_rect((x - r, y - r, x + r, y + r), str(i))
    count = 0
    for x1, y1, x2, y2 in segments:
        box = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
        seen: set[str] = set()
        for key in grid._cells(box):
            for _, owner in grid.rects.get(key, ()):
                if owner in seen:
                    continue
                seen.add(owner)
                x, y, r = markers[int(owner)]
                near_end = min(math.hypot(x - x1, y - y1), math.hypot(x - x2, y - y2)) <= r + end_reach
                if not near_end and point_segment_distance(x, y, (x1, y1, x2, y2)) < THROUGH_SHARE * r:
                    count += 1
    return count


def overlapping_segments(segments: list[Segment], owners: list[int] | None = None) -> int:
    """Pairs of segments of different edges on one line (both ends of one within SAME_LINE_PX of the other's
    line) sharing more than SHARED_PX of length."""
    owners = owners if owners is not None else list(range(len(segments)))
    if len(segments) < 2:
        return 0
    grid = Grid(64.0)
    for seg in segments:
        grid.add_segment(*seg)
    count = 0
    for i, a in enumerate(segments):
        box = (min(a[0], a[2]), min(a[1], a[3]), max(a[0], a[2]), max(a[1], a[3]))
        others: set[int] = set()
        for key in grid._cells(box):
            others.update(j for j, _ in grid.segments.get(key, ()) if j > i and owners[j] != owners[i])
        count += sum(1 for j in others if _same_line_shared(a, segments[j]) > SHARED_PX)
    return count


def _same_line_shared(a: Segment, b: Segment) -> float:
    """Length that b shares with a when b lies on a's line, else 0."""
    length = math.hypot(a[2] - a[0], a[3] - a[1])
    if length < 1e-9:
        return 0.0
    ux, uy = (a[2] - a[0]) / length, (a[3] - a[1]) / length
    for px, py in ((b[0], b[1]), (b[2], b[3])):
        if abs((px - a[0]) * uy - (py - a[1]) * ux) > SAME_LINE_PX:
            return 0.0
    t1 = (b[0] - a[0]) * ux + (b[1] - a[1]) * uy
    t2 = (b[2] - a[0]) * ux + (b[3] - a[1]) * uy
    return max(0.0, min(length, max(t1, t2)) - max(0.0, min(t1, t2)))


def point_segment_distance(x: float, y: float, seg: Segment) -> float:
    x1, y1, x2, y2 = seg
    dx, dy = x2 - x1, y2 - y1
    span = dx * dx + dy * dy
    t = 0.0 if span == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / span))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def _markers(coll: PathCollection, fig: Figure) -> list[Marker]:
    """Centres and radii in px of a scatter's markers (radius: the marker path's reach at its size)."""
    offsets = coll.get_offset_transform().transform(coll.get_offsets())
    sizes = coll.get_sizes()
    paths = coll.get_paths()
    reach = 0.5
    if paths:
        ext = paths[0].get_extents()
        reach = max(abs(ext.x0), abs(ext.x1), abs(ext.y0), abs(ext.y1)) or 0.5
    px_per_pt = fig.dpi / 72.0
    out = []
    for i, (x, y) in enumerate(offsets):
        s = sizes[i % len(sizes)] if len(sizes) else 36.0
        out.append((float(x), float(y), math.sqrt(s) * reach * px_per_pt))
    return out


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2] if values else 1.0


def _rect_pairs(rects: list[Rect]) -> int:
    if len(rects) < 2:
        return 0
    grid = Grid(max(8.0, _median([r[3] - r[1] for r in rects]) * 2))
    for i, r in enumerate(rects):
        grid.add_rect(r, str(i))
    pairs = set()
    for i, r in enumerate(rects):
        for key in grid._cells(r):
            for other, owner in grid.rects.get(key, ()):
                j = int(owner)
                if j > i and (i, j) not in pairs and _overlap(r, other):
                    pairs.add((i, j))
    return len(pairs)


def _circle_pairs(markers: list[Marker]) -> int:
    if len(markers) < 2:
        return 0
    grid = Grid(max(8.0, _median([r for _, _, r in markers]) * 2))
    for i, (x, y, r) in enumerate(markers):
        grid.add_rect((x - r, y - r, x + r, y + r), str(i))
    pairs = set()
    for i, (x, y, r) in enumerate(markers):
        for key in grid._cells((x - r, y - r, x + r, y + r)):
            for _, owner in grid.rects.get(key, ()):
                j = int(owner)
                if j > i and (i, j) not in pairs:
                    ox, oy, orad = markers[j]
                    if math.hypot(x - ox, y - oy) < r + orad - SLACK_PX:
                        pairs.add((i, j))
    return len(pairs)


def _overlap(a: Rect, b: Rect) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > SLACK_PX and min(a[3], b[3]) - max(a[1], b[1]) > SLACK_PX


def _circle_rect(marker: Marker, rect: Rect) -> bool:
    x, y, r = marker
    nx_ = min(max(x, rect[0]), rect[2])
    ny_ = min(max(y, rect[1]), rect[3])
    return math.hypot(x - nx_, y - ny_) < r - SLACK_PX


__all__ = ["MAX_CROSSING_SHARE", "Readability", "ZERO_KEYS", "agg_renderer", "edges_through_nodes", "measure",
           "overlapping_segments", "point_segment_distance", "segment_hits_rect"]
