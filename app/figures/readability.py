"""How readable a drawn graph figure is, measured on the rendered matplotlib Figure itself (the artists' window
extents after a draw), so it reads our figures and networkx's `draw_networkx` alike:

- label_label: pairs of captions whose boxes overlap
- label_node: (caption, marker) pairs that overlap, the caption's own marker included
- node_node: pairs of markers that overlap
- labels_cut: captions shortened with an ellipsis, reaching outside the figure, or missing (our figures)
- edges_crossing_labels: (edge, caption) pairs where the edge runs through the caption's box
- smallest_caption_pt: the smallest font size of a node caption, in points at the preset size
- smallest_text_pt: the smallest font size of any text (legend, key, footnote included)

Node captions are texts drawn on the graph axes (our figures: gid `node-label-*`; networkx: every axes text);
markers are the axes' PathCollections (ours: gid `figure-nodes-*`), edges their LineCollections (ours: gid
`figure-edges`; leader lines and arrowheads are not edges). Pairs are found through a grid, not all pairs.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure

from smals_graph.app.figures.labels import Grid, segment_hits_rect

SLACK_PX = 0.5  # overlaps thinner than this are anti-aliasing, not overlaps
ZERO_KEYS = ("label_label", "label_node", "node_node")  # what a shipped figure must have none of


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

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def line(self) -> str:
        return (f"label-label {self.label_label}, label-node {self.label_node}, node-node {self.node_node}, "
                f"cut {self.labels_cut}, edge-through-label {self.edges_crossing_labels}, "
                f"smallest caption {self.smallest_caption_pt:.1f} pt")


def _ours(fig: Figure) -> bool:
    return any(str(c.get_gid() or "").startswith("figure-nodes") for ax in fig.axes for c in ax.collections)


def measure(fig: Figure) -> Readability:
    """The metric of a Figure (drawn here if needed)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ours = _ours(fig)
    markers: list[tuple[float, float, float]] = []  # centre x, y, radius (px)
    segments: list[tuple[float, float, float, float]] = []
    captions: list[tuple[tuple[float, float, float, float], Any]] = []
    for ax in fig.axes:
        for coll in ax.collections:
            gid = str(coll.get_gid() or "")
            if isinstance(coll, PathCollection) and (gid.startswith("figure-nodes") or not ours):
                markers.extend(_markers(coll, fig))
            elif isinstance(coll, LineCollection) and (gid == "figure-edges" or not ours):
                transform = coll.get_transform()
                for seg in coll.get_segments():
                    if len(seg) >= 2:
                        (x1, y1), (x2, y2) = transform.transform(seg[0]), transform.transform(seg[-1])
                        segments.append((float(x1), float(y1), float(x2), float(y2)))
        for patch in ax.patches:  # networkx draws directed edges as FancyArrowPatch
            if not ours and patch.__class__.__name__ == "FancyArrowPatch":
                path = patch.get_path().transformed(patch.get_transform())
                verts = path.vertices
                if len(verts) >= 2:
                    segments.append((float(verts[0][0]), float(verts[0][1]), float(verts[-1][0]),
                                     float(verts[-1][1])))
        for text in ax.texts:
            gid = str(text.get_gid() or "")
            if (ours and not gid.startswith("node-label")) or not text.get_text().strip() or not text.get_visible():
                continue
            patch = text.get_bbox_patch()
            box = (patch.get_window_extent(renderer) if patch is not None else text.get_window_extent(renderer))
            captions.append(((box.x0, box.y0, box.x1, box.y1), text))
    label_label = _rect_pairs([c[0] for c in captions])
    label_node = 0
    if captions and markers:
        grid = Grid(max(8.0, _median([r for _, _, r in markers]) * 2))
        for i, (x, y, r) in enumerate(markers):
            grid.add_rect((x - r, y - r, x + r, y + r), str(i))
        for rect, _ in captions:
            hit = set()
            for key in grid._cells(rect):
                for _, owner in grid.rects.get(key, ()):
                    if owner not in hit and _circle_rect(markers[int(owner)], rect):
                        hit.add(owner)
            label_node += len(hit)
    node_node = _circle_pairs(markers)
    width, height = fig.bbox.width, fig.bbox.height
    # ours: a node that could not get even a number is counted as a cut caption
    cut = int(getattr(fig, "smals_unlabelled", 0)) + sum(1 for rect, text in captions if text.get_text().rstrip().endswith("…") or rect[0] < -SLACK_PX
              or rect[1] < -SLACK_PX or rect[2] > width + SLACK_PX or rect[3] > height + SLACK_PX)
    crossing = 0
    if captions and segments:
        grid = Grid(max(8.0, _median([r[3] - r[1] for r, _ in captions]) * 2))
        for seg in segments:
            grid.add_segment(*seg)
        for rect, _ in captions:
            inner = (rect[0] + SLACK_PX, rect[1] + SLACK_PX, rect[2] - SLACK_PX, rect[3] - SLACK_PX)
            crossing += grid.crossings(inner)
    sizes = [float(t.get_fontsize()) for _, t in captions]
    all_sizes = [float(t.get_fontsize()) for t in fig.findobj(lambda a: hasattr(a, "get_fontsize")
                                                                and hasattr(a, "get_text"))
                 if t.get_visible() and str(t.get_text()).strip()]
    return Readability(label_label, label_node, node_node, cut, crossing, min(sizes, default=0.0),
                       min(all_sizes, default=0.0), len(markers), len(captions))


def _markers(coll: PathCollection, fig: Figure) -> list[tuple[float, float, float]]:
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


def _rect_pairs(rects: list[tuple[float, float, float, float]]) -> int:
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


def _circle_pairs(markers: list[tuple[float, float, float]]) -> int:
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


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > SLACK_PX and min(a[3], b[3]) - max(a[1], b[1]) > SLACK_PX


def _circle_rect(marker: tuple[float, float, float], rect: tuple[float, float, float, float]) -> bool:
    x, y, r = marker
    nx_ = min(max(x, rect[0]), rect[2])
    ny_ = min(max(y, rect[1]), rect[3])
    return math.hypot(x - nx_, y - ny_) < r - SLACK_PX


__all__ = ["Readability", "ZERO_KEYS", "measure", "segment_hits_rect"]
