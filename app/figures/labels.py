"""Caption placement without collisions, for figures (px of the figure) and anything else that measures its
text boxes: each caption tries the spots beside its node (below first, as on screen), then spots further out
with a leader line; a spot is taken only if it covers no caption already placed, no node marker and stays in the
area; among free spots the one crossing the fewest edges wins (further out, with a leader, rather than on an
edge). Placed boxes, markers and edges live in a uniform
grid (a spatial index), so a test costs the few cells a box covers, not all pairs.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 (px, y up)
LEADER_RINGS = (1.4, 2.4, 3.6)  # leader distances, in caption heights beyond the adjacent spots
LEADER_DIRECTIONS = 16


@dataclass
class Placement:
    rect: Rect
    leader: bool  # drawn with a line from the node to the caption
    size_index: int = 0  # which of the item's sizes fitted (0: the full caption)


class Grid:
    """Rectangles and segments bucketed by cell."""

    def __init__(self, cell: float) -> None:
        self.cell = max(4.0, cell)
        self.rects: dict[tuple[int, int], list[tuple[Rect, str]]] = defaultdict(list)
        self.segments: dict[tuple[int, int], list[tuple[int, tuple[float, float, float, float]]]] = defaultdict(list)
        self._segment_count = 0

    def _cells(self, r: Rect):
        c = self.cell
        for gx in range(math.floor(r[0] / c), math.floor(r[2] / c) + 1):
            for gy in range(math.floor(r[1] / c), math.floor(r[3] / c) + 1):
                yield gx, gy

    def add_rect(self, r: Rect, owner: str) -> None:
        for key in self._cells(r):
            self.rects[key].append((r, owner))

    def add_segment(self, x1: float, y1: float, x2: float, y2: float) -> None:
        index = self._segment_count
        self._segment_count += 1
        length = math.hypot(x2 - x1, y2 - y1)
        steps = max(1, int(length / (self.cell / 2)))
        seen = set()
        for i in range(steps + 1):
            t = i / steps
            key = (math.floor((x1 + t * (x2 - x1)) / self.cell), math.floor((y1 + t * (y2 - y1)) / self.cell))
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    k = (key[0] + dx, key[1] + dy)
                    if k not in seen:
                        seen.add(k)
                        self.segments[k].append((index, (x1, y1, x2, y2)))

    def hits_rect(self, r: Rect, ignore: str = "") -> bool:
        for key in self._cells(r):
            for other, owner in self.rects.get(key, ()):
                if owner != ignore and overlap(r, other):
                    return True
        return False

    def crossings(self, r: Rect) -> int:
        found = set()
        for key in self._cells(r):
            for index, seg in self.segments.get(key, ()):
                if index not in found and segment_hits_rect(seg, r):
                    found.add(index)
        return len(found)


def overlap(a: Rect, b: Rect, slack: float = 0.0) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack


def segment_hits_rect(seg: tuple[float, float, float, float], r: Rect) -> bool:
    """Liang–Barsky clipping: does the segment pass through the rectangle's interior?"""
    x1, y1, x2, y2 = seg
    dx, dy = x2 - x1, y2 - y1
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x1 - r[0]), (dx, r[2] - x1), (-dy, y1 - r[1]), (dy, r[3] - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return t1 - t0 > 1e-6


def candidates(x: float, y: float, radius: float, width: float, height: float, gap: float,
               prefer: str = "below") -> list[tuple[int, Rect, bool]]:
    """(tier, rect, leader) spots around a node at (x, y): tier 0 beside it, then rings further out."""
    r = radius + gap
    beside = {
        "below": (x - width / 2, y - r - height, x + width / 2, y - r),
        "above": (x - width / 2, y + r, x + width / 2, y + r + height),
        "right": (x + r, y - height / 2, x + r + width, y + height / 2),
        "left": (x - r - width, y - height / 2, x - r, y + height / 2),
        "below-right": (x + 0.6 * r, y - 0.6 * r - height, x + 0.6 * r + width, y - 0.6 * r),
        "below-left": (x - 0.6 * r - width, y - 0.6 * r - height, x - 0.6 * r, y - 0.6 * r),
        "above-right": (x + 0.6 * r, y + 0.6 * r, x + 0.6 * r + width, y + 0.6 * r + height),
        "above-left": (x - 0.6 * r - width, y + 0.6 * r, x - 0.6 * r, y + 0.6 * r + height),
    }
    order = [prefer] + [k for k in beside if k != prefer]
    out = [(0, beside[k], False) for k in order]
    for tier, ring in enumerate(LEADER_RINGS, start=1):
        distance = r + ring * height
        for i in range(LEADER_DIRECTIONS):
            a = -math.pi / 2 + 2 * math.pi * i / LEADER_DIRECTIONS  # from straight below, round
            cx = x + math.cos(a) * (distance + width / 2 * abs(math.cos(a)))
            cy = y + math.sin(a) * (distance + height / 2 * abs(math.sin(a)))
            out.append((tier, (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2), True))
    return out


def place(items: list[tuple[str, float, float, float, list[tuple[float, float]]]],
          markers: dict[str, tuple[float, float, float]], segments: list[tuple[float, float, float, float]],
          area: Rect, gap: float, prefer: dict[str, str] | None = None,
          taken: list[Rect] | None = None) -> dict[str, Placement | None]:
    """Place captions in the given order (most important first).

    items: (node id, x, y, radius, [(width, height), ...] sizes to try in order — e.g. the full caption, then a
    number); markers: node id -> (x, y, radius) of every drawn node; segments: edges; taken: boxes already
    placed (captions kept from an earlier round). Returns node id -> Placement (with the index of the size
    used), or None where nothing fits."""
    sizes = [s for item in items for s in item[4]]
    cell = max(16.0, sorted(h for _, h in sizes)[len(sizes) // 2] * 2) if sizes else 32.0
    grid = Grid(cell)
    for node_id, (x, y, radius) in markers.items():
        grid.add_rect((x - radius, y - radius, x + radius, y + radius), "marker:" + node_id)
    for seg in segments:
        grid.add_segment(*seg)
    for i, rect in enumerate(taken or ()):
        grid.add_rect(rect, f"taken:{i}")
    result: dict[str, Placement | None] = {}
    for node_id, x, y, radius, options in items:
        found: Placement | None = None
        for size_index, (width, height) in enumerate(options):
            best: tuple[int, int, float, Rect, bool] | None = None
            for tier, rect, leader in candidates(x, y, radius, width, height, gap,
                                                 (prefer or {}).get(node_id, "below")):
                if best is not None and tier > best[0] and best[1] == 0:
                    break  # a spot crossing no edge: nothing further out is better
                if rect[0] < area[0] or rect[1] < area[1] or rect[2] > area[2] or rect[3] > area[3]:
                    continue
                if grid.hits_rect(rect):
                    continue
                cost = grid.crossings(rect)
                distance = math.hypot((rect[0] + rect[2]) / 2 - x, (rect[1] + rect[3]) / 2 - y)
                if best is None or (cost, tier, distance) < (best[1], best[0], best[2]):
                    best = (tier, cost, distance, rect, leader)
                if cost == 0 and tier == 0:
                    break
            if best is not None:
                found = Placement(best[3], best[4], size_index)
                break
        result[node_id] = found
        if found is not None:
            grid.add_rect(found.rect, "label:" + node_id)
            if found.leader:
                cx, cy = (found.rect[0] + found.rect[2]) / 2, (found.rect[1] + found.rect[3]) / 2
                grid.add_segment(x, y, cx, cy)
    return result

__all__ = ["Grid", "LEADER_DIRECTIONS", "LEADER_RINGS", "Placement", "Rect", "candidates", "overlap",
    "place", "segment_hits_rect"]
