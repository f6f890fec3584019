"""Edges routed around what a figure draws: a straight edge that would pass through a node marker, a caption, or
along another edge is bent around the obstacle (the obstacle's corners, widened by a gap, are the bend points
tried, shortest detour first, a few levels deep), so no edge seems to end at a node it does not reach, no edge
strikes a caption out and no two edges are drawn on one line.

Why own code and not Graphviz: `dot`'s splines are better looking, but it is a binary from the system (not on
every machine, and its place is ours to choose) that would also choose the node positions; here the positions are
the screen's (app/view_model/layout.py) and only the edges move. Routing is in figure pixels, after the captions
are placed, so it knows the real boxes (measured with the figure's font).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1
MAX_BENDS = 3  # levels of detour tried for one straight piece
BUDGET = 600  # obstacle tests one edge may spend before it is drawn as it stands
SAME_LINE_PX = 3.0  # a piece this close to another edge's line, along it, would be drawn on top of it
SHARED_PX = 4.0
CAPTION_MARGIN_PX = 2.0  # an edge keeps this far from a caption box (its drawn backing may be a little larger)

__all__ = ["RouteContext", "crossing_captions", "pieces", "route_edges"]


@dataclass
class RouteContext:
    """Obstacles in figure px: markers (circles, by node id), caption boxes, the pieces already routed."""

    ids: list[str]
    cx: np.ndarray
    cy: np.ndarray
    cr: np.ndarray
    rects: np.ndarray  # (n, 4)
    area: Rect
    gap: float
    end_room: dict[str, float]  # node id -> how far from its centre a bend must stay (marker + arrowhead)
    used: list[tuple[float, float, float, float]] = field(default_factory=list)
    budget: int = BUDGET
    _cache: np.ndarray | None = None
    memo: dict[tuple[Point, Point], Rect | None] = field(default_factory=dict)  # one edge's tests, by piece
    failed: set[tuple[Point, Point, int]] = field(default_factory=set)  # pieces with no route at that depth

    @classmethod
    def build(cls, markers: dict[str, tuple[float, float, float]], rects: list[Rect], area: Rect, gap: float,
              end_room: dict[str, float]) -> RouteContext:
        ids = sorted(markers)
        arr = np.array([markers[n] for n in ids], dtype=float).reshape(-1, 3)
        boxes = np.array(rects, dtype=float).reshape(-1, 4)
        return cls(ids, arr[:, 0], arr[:, 1], arr[:, 2], boxes, area, gap, end_room)

    def first_hit(self, p: Point, q: Point, ends: tuple[str, str]) -> Rect | None:
        """The box (widened by the gap) of the first obstacle the piece p -> q meets, or None if it is free
        (remembered for the edge being routed: deeper searches ask again)."""
        if (p, q) not in self.memo:
            self.budget -= 1
            self.memo[(p, q)] = self._first_hit(p, q, ends)
        return self.memo[(p, q)]

    def _first_hit(self, p: Point, q: Point, ends: tuple[str, str]) -> Rect | None:
        hits: list[tuple[float, Rect]] = []
        dx, dy = q[0] - p[0], q[1] - p[1]
        span = dx * dx + dy * dy or 1e-12
        if len(self.ids):
            t = np.clip(((self.cx - p[0]) * dx + (self.cy - p[1]) * dy) / span, 0.0, 1.0)
            dist = np.hypot(self.cx - (p[0] + t * dx), self.cy - (p[1] + t * dy))
            blocked = dist < self.cr + 0.5 * self.gap
            for i in np.nonzero(blocked)[0]:
                if self.ids[i] in ends:
                    continue
                r = self.cr[i]
                hits.append((float(t[i]), (self.cx[i] - r, self.cy[i] - r, self.cx[i] + r, self.cy[i] + r)))
        if len(self.rects):
            for i in np.nonzero(_segment_hits_rects(p, q, self.rects, -CAPTION_MARGIN_PX))[0]:
                x0, y0, x1, y1 = self.rects[i]
                middle = ((x0 + x1) / 2 - p[0]) * dx + ((y0 + y1) / 2 - p[1]) * dy
                hits.append((float(middle / span), (float(x0), float(y0), float(x1), float(y1))))
        if self.used:
            used = self._used_array()
            piece = (p[0], p[1], q[0], q[1])
            shared = np.maximum(_shared_lengths(piece, used), _shared_with_each(piece, used))
            for i in np.nonzero(shared > SHARED_PX)[0]:
                # the stretch both would draw: a box around it, to bend off the other edge's line
                x0, y0, x1, y1 = used[i]
                t0 = np.clip(((x0 - p[0]) * dx + (y0 - p[1]) * dy) / span, 0.0, 1.0)
                t1 = np.clip(((x1 - p[0]) * dx + (y1 - p[1]) * dy) / span, 0.0, 1.0)
                mid = float((t0 + t1) / 2)
                mx, my = p[0] + mid * dx, p[1] + mid * dy
                half = max(1.0, float(shared[i]) / 2)
                hits.append((mid, (float(mx - half), float(my - half), float(mx + half), float(my + half))))
        if not hits:
            return None
        return min(hits, key=lambda h: h[0])[1]

    def _used_array(self) -> np.ndarray:
        if self._cache is None or len(self._cache) != len(self.used):
            self._cache = np.array(self.used, dtype=float).reshape(-1, 4)
        return self._cache

    def free_point(self, w: Point, ends: tuple[str, str]) -> bool:
        x0, y0, x1, y1 = self.area
        if not (x0 <= w[0] <= x1 and y0 <= w[1] <= y1):
            return False
        if len(self.ids):
            dist = np.hypot(self.cx - w[0], self.cy - w[1])
            if (dist < self.cr + self.gap).any():
                return False
            for end in ends:
                i = self.ids.index(end)
                if dist[i] < self.end_room.get(end, 0.0):
                    return False
        if len(self.rects):
            r = self.rects
            inside = (r[:, 0] - 1 < w[0]) & (w[0] < r[:, 2] + 1) & (r[:, 1] - 1 < w[1]) & (w[1] < r[:, 3] + 1)
            if inside.any():
                return False
        return True


def route_edges(edges: list[tuple[str, str, str]], centre: dict[str, Point], context: RouteContext,
                fallback: dict[str, list[Point]] | None = None) -> dict[str, list[Point]]:
    """Relationship id -> the points its line runs through (start centre, bends, end centre). Shorter edges
    are routed first (they have the fewest ways around); fewer bends are tried before more; an edge with no
    free route keeps its `fallback` line (else the straight one)."""
    routes: dict[str, list[Point]] = {}
    order = sorted(edges, key=lambda e: (_length(centre[e[1]], centre[e[2]]), e[0]))
    for rel_id, start, end in order:
        context.budget = BUDGET
        context.memo, context.failed = {}, set()
        ends = (start, end)
        path = _shortest(centre[start], centre[end], context, ends)
        if path is None and len(context.rects):
            context.budget = 3 * BUDGET  # the few hard edges get a longer search before giving up on captions
            path = _shortest(centre[start], centre[end], context, ends)
        if path is None and len(context.rects):
            # no way around the captions: at least around the markers and the other edges
            rects, context.rects = context.rects, np.zeros((0, 4))
            context.budget = BUDGET
            context.memo, context.failed = {}, set()
            path = _shortest(centre[start], centre[end], context, ends)
            context.rects = rects
        if path is None:
            path = (fallback or {}).get(rel_id) or [centre[start], centre[end]]
        routes[rel_id] = path
        context.used.extend(pieces(path))
    return routes


def _shortest(p: Point, q: Point, context: RouteContext, ends: tuple[str, str]) -> list[Point] | None:
    """The route with the fewest bends found within the context's budget."""
    for depth in range(MAX_BENDS + 1):
        path = _route(p, q, context, ends, depth)
        if path is not None or context.budget <= 0:
            return path
    return None


def pieces(path: list[Point]) -> list[tuple[float, float, float, float]]:
    return [(a[0], a[1], b[0], b[1]) for a, b in zip(path, path[1:], strict=False)]


def crossing_captions(path: list[Point], rects: np.ndarray) -> bool:
    return bool(len(rects)) and any(_segment_hits_rects(a, b, rects, -CAPTION_MARGIN_PX).any()
                                    for a, b in zip(path, path[1:], strict=False))


def _route(p: Point, q: Point, ctx: RouteContext, ends: tuple[str, str], depth: int) -> list[Point] | None:
    if ctx.budget <= 0 or (p, q, depth) in ctx.failed:
        return None
    box = ctx.first_hit(p, q, ends)
    if box is None:
        return [p, q]
    if depth == 0:
        return None
    found = _detour(p, q, box, ctx, ends, depth)
    if found is None and ctx.budget > 0:
        ctx.failed.add((p, q, depth))
    return found


def _detour(p: Point, q: Point, box: Rect, ctx: RouteContext, ends: tuple[str, str], depth: int
            ) -> list[Point] | None:
    for w in _bends(box, p, q, ctx.gap):
        if not ctx.free_point(w, ends):
            continue
        head = _route(p, w, ctx, ends, depth - 1)
        if head is None:
            continue
        tail = _route(w, q, ctx, ends, depth - 1)
        if tail is None:
            continue
        return head + tail[1:]
    return None


def _bends(box: Rect, p: Point, q: Point, gap: float) -> list[Point]:
    """Bend points around a box: beside it across the straight line (a tent: one bend, the cleanest detour),
    then its corners and the middles of its sides, each widened by growing gaps; shortest detour first."""
    out = []
    x0, y0, x1, y1 = box
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    t = ((mx - p[0]) * dx + (my - p[1]) * dy) / (length * length)
    fx, fy = p[0] + t * dx, p[1] + t * dy  # the box centre's foot on the straight line
    reach = 0.5 * math.hypot(x1 - x0, y1 - y0)
    for k in (1.0, 2.0, 3.5, 6.0, 10.0):
        g = gap * k
        out += [(fx + s * nx * (reach + g), fy + s * ny * (reach + g)) for s in (1, -1)]
        if k <= 3.5:
            out += [(x0 - g, y0 - g), (x1 + g, y0 - g), (x0 - g, y1 + g), (x1 + g, y1 + g),
                    (mx, y0 - g), (mx, y1 + g), (x0 - g, my), (x1 + g, my)]
    return sorted(out, key=lambda w: (_length(p, w) + _length(w, q), w))


def _segment_hits_rects(p: Point, q: Point, rects: np.ndarray, shrink: float) -> np.ndarray:
    """Liang-Barsky for many boxes at once: which boxes (shrunk by `shrink` px) the segment's inside crosses."""
    x0, y0 = rects[:, 0] + shrink, rects[:, 1] + shrink
    x1, y1 = rects[:, 2] - shrink, rects[:, 3] - shrink
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0 = np.zeros(len(rects))
    t1 = np.ones(len(rects))
    ok = (x0 < x1) & (y0 < y1)
    for pk, qk in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if pk == 0:
            ok &= qk >= 0
            continue
        t = qk / pk
        if pk < 0:
            t0 = np.maximum(t0, t)
        else:
            t1 = np.minimum(t1, t)
    return ok & (t1 - t0 > 1e-6)


def _shared_lengths(a: tuple[float, float, float, float], others: np.ndarray) -> np.ndarray:
    """Length of each other segment along a, where it lies on a's line (both ends within SAME_LINE_PX), else 0."""
    length = math.hypot(a[2] - a[0], a[3] - a[1])
    if length < 1e-9:
        return np.zeros(len(others))
    ux, uy = (a[2] - a[0]) / length, (a[3] - a[1]) / length
    off1 = np.abs((others[:, 0] - a[0]) * uy - (others[:, 1] - a[1]) * ux)
    off2 = np.abs((others[:, 2] - a[0]) * uy - (others[:, 3] - a[1]) * ux)
    t1 = (others[:, 0] - a[0]) * ux + (others[:, 1] - a[1]) * uy
    t2 = (others[:, 2] - a[0]) * ux + (others[:, 3] - a[1]) * uy
    shared = np.clip(np.minimum(length, np.maximum(t1, t2)) - np.maximum(0.0, np.minimum(t1, t2)), 0.0, None)
    return np.where((off1 <= SAME_LINE_PX) & (off2 <= SAME_LINE_PX), shared, 0.0)


def _shared_with_each(piece: tuple[float, float, float, float], others: np.ndarray) -> np.ndarray:
    """Length of the piece along each other segment, where the piece lies on that segment's line."""
    dx, dy = others[:, 2] - others[:, 0], others[:, 3] - others[:, 1]
    length = np.hypot(dx, dy)
    safe = np.where(length < 1e-9, 1.0, length)
    ux, uy = dx / safe, dy / safe
    off1 = np.abs((piece[0] - others[:, 0]) * uy - (piece[1] - others[:, 1]) * ux)
    off2 = np.abs((piece[2] - others[:, 0]) * uy - (piece[3] - others[:, 1]) * ux)
    t1 = (piece[0] - others[:, 0]) * ux + (piece[1] - others[:, 1]) * uy
    t2 = (piece[2] - others[:, 0]) * ux + (piece[3] - others[:, 1]) * uy
    shared = np.clip(np.minimum(length, np.maximum(t1, t2)) - np.maximum(0.0, np.minimum(t1, t2)), 0.0, None)
    return np.where((off1 <= SAME_LINE_PX) & (off2 <= SAME_LINE_PX) & (length >= 1e-9), shared, 0.0)


def _length(a: Point, b: Point) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])
