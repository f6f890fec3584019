"""A GraphView drawn with matplotlib at an exact size: title, legend and source footnote baked in, labels never
clipped, the same positions, colours, shapes and captions as on screen (app/style.py, the view's layout).

No browser, no pyplot (no global state): `render(view, options)` returns a Figure, `render_bytes` PNG/SVG/PDF.
SVG output is reproducible byte for byte: fixed `svg.hashsalt`, no date, one font (DejaVu Sans, shipped with
matplotlib).

How labels are kept inside: every node's marker and caption box is measured in pixels with the real renderer;
the layout-to-pixel scale is the largest for which every box fits in the drawing area (bisection, the same scale
on both axes so the picture keeps its shape). When captions would squeeze the graph to less than
`MIN_GRAPH_SHARE` of the area, the caption font shrinks (down to `style.FIGURE_MIN_LABEL_PT`) and the fit runs
again. Title and footnote wrap, the legend takes fewer columns, before the graph area is computed.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg", force=False)

from matplotlib import rc_context  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from smals_graph.app.figures.presets import BACKGROUNDS, SizePreset, check_pixels, preset  # noqa: E402
from smals_graph.app.view_model import style  # noqa: E402

FORMATS = ("png", "svg", "pdf")
SVG_HASHSALT = "smals-graph"
MIN_GRAPH_SHARE = 0.45  # the graph's extent should fill at least this share of the drawing area
LABEL_GAP_PT = 2.0
MIN_MARKER_PT = 6.0  # smallest marker diameter a figure draws
LABEL_PAD = 0.12  # caption box padding, in font sizes
PAD_FRACTION = 0.025


@dataclass
class FigureOptions:
    size: str | SizePreset = "slide-16x9"
    scale: int = 1
    background: str = "white"  # or "transparent"
    title: str | None = None  # None: the view's title
    subtitle: str = ""
    legend: bool = True
    footnote: bool = True  # the source line from the view's pages
    note: str = ""  # extra text after the source line
    edge_labels: bool = False
    size_by_degree: bool = True
    sizes: dict[str, float] | None = None  # node id -> metric value: node size grows with it
    size_metric: str = ""  # its name, for the legend
    groups: dict[str, str] | None = None  # node id -> group name: colour by group (shape keeps the label)
    group_title: str = ""
    label_pt: float = style.FIGURE_LABEL_PT
    svg_text: str = "text"  # "text": editable <text> elements; "path": glyph outlines
    highlight: list[str] = field(default_factory=list)  # node ids drawn with a thick outline (e.g. a path)

    def validate(self) -> None:
        if self.scale not in (1, 2, 3):
            raise ValueError("scale must be 1, 2 or 3")
        if self.background not in BACKGROUNDS:
            raise ValueError(f"background must be one of {', '.join(BACKGROUNDS)}")
        if self.svg_text not in ("text", "path"):
            raise ValueError("svg_text must be 'text' or 'path'")
        check_pixels(preset(self.size), self.scale)


def page_ranges(pages: list[int]) -> str:
    """[3, 4, 5, 9] -> '3–5, 9'."""
    out: list[str] = []
    pages = sorted(set(pages))
    i = 0
    while i < len(pages):
        j = i
        while j + 1 < len(pages) and pages[j + 1] == pages[j] + 1:
            j += 1
        out.append(str(pages[i]) if i == j else f"{pages[i]}–{pages[j]}")
        i = j + 1
    return ", ".join(out)


def source_line(view: Any, year: int | None = None) -> str:
    """'Source: Smals, Rapport d'activités 2025, p. 39' (pp. for several pages) from the view's provenance."""
    editions = view.editions() if hasattr(view, "editions") else []
    year = year or (editions[-1] if editions else 2025)
    text = f"Source: {style.SOURCE_PUBLISHER}, {style.SOURCE_TITLE} {year}"
    pages = view.pages()
    if pages:
        text += f", {'p.' if len(pages) == 1 else 'pp.'} {page_ranges(pages)}"
    return text


def _rc() -> dict[str, Any]:
    return {
        "svg.hashsalt": SVG_HASHSALT,
        "font.family": "sans-serif",
        "font.sans-serif": [style.FONT_FAMILY],
        "pdf.fonttype": 42,
        "axes.unicode_minus": False,
    }


class _Measure:
    """Pixel extents of texts with the figure's own renderer."""

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        self.renderer = fig.canvas.get_renderer()

    def size(self, text: str, pt: float, weight: str = "normal") -> tuple[float, float]:
        probe = Text(0, 0, text, fontsize=pt, fontweight=weight, figure=self.fig)
        box = probe.get_window_extent(self.renderer)
        return box.width, box.height


def _wrap(measure: _Measure, text: str, pt: float, max_px: float, weight: str = "normal") -> str:
    if not text or measure.size(text, pt, weight)[0] <= max_px:
        return text
    words = text.split()
    for width in range(max(len(text) - 1, 10), 9, -1):
        wrapped = "\n".join(textwrap.wrap(text, width=width)) if len(words) > 1 else text
        if max(measure.size(line, pt, weight)[0] for line in wrapped.splitlines()) <= max_px:
            return wrapped
    return "\n".join(textwrap.wrap(text, width=10))


def _fit_scale(xs: list[float], ys: list[float], boxes: list[tuple[float, float, float, float]],
               width: float, height: float) -> tuple[float, float, float] | None:
    """Largest s (px per layout unit) and offsets (ox, oy) such that every box (left, right, below, above the
    node centre, in px) lies inside [0, width] x [0, height] with X = ox + s*x, Y = oy + s*y. None: no fit."""

    def interval(s: float, coords: list[float], lo: list[float], hi: list[float], room: float):
        low = max(lo_i - s * c for c, lo_i in zip(coords, lo, strict=True))
        high = min(room - hi_i - s * c for c, hi_i in zip(coords, hi, strict=True))
        return (low, high) if low <= high + 1e-9 else None

    left = [b[0] for b in boxes]
    right = [b[1] for b in boxes]
    below = [b[2] for b in boxes]
    above = [b[3] for b in boxes]
    if interval(0.0, xs, left, right, width) is None or interval(0.0, ys, below, above, height) is None:
        return None
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    lo, hi = 0.0, min(width / span_x, height / span_y)
    for _ in range(50):
        mid = (lo + hi) / 2
        if interval(mid, xs, left, right, width) and interval(mid, ys, below, above, height):
            lo = mid
        else:
            hi = mid
    ix = interval(lo, xs, left, right, width)
    iy = interval(lo, ys, below, above, height)
    assert ix is not None and iy is not None
    return lo, (ix[0] + ix[1]) / 2, (iy[0] + iy[1]) / 2


def _marker_scale(marker: str) -> float:
    """Factor that makes a matplotlib marker reach exactly half its nominal size from the centre (a diamond's
    path is sqrt(2) larger), as vis-network's shapes reach `size` from theirs."""
    from matplotlib.markers import MarkerStyle

    ms = MarkerStyle(marker)
    box = ms.get_path().transformed(ms.get_transform()).get_extents()
    reach = max(abs(box.x0), abs(box.x1), abs(box.y0), abs(box.y1))
    return 0.5 / reach if reach else 1.0


def _sizes(view: Any, options: FigureOptions) -> dict[str, float]:
    """Marker diameters in points: the screen's vis-network sizes, or a metric when given."""
    degree = view.degrees()
    base = {}
    for node_id, node in view.nodes.items():
        st = style.style_of(node)
        base[node_id] = style.node_size(st, degree[node_id], options.size_by_degree)
    if options.sizes:
        shares = style.metric_shares(options.sizes, list(view.nodes))
        for node_id, node in view.nodes.items():
            base[node_id] = style.metric_size(style.style_of(node), shares[node_id])
    return {k: style.marker_points(v) * _damp(view) for k, v in base.items()}


def _damp(view: Any) -> float:
    return 1.0 if len(view.nodes) <= 60 else max(0.45, (60 / len(view.nodes)) ** 0.5)


def render(view: Any, options: FigureOptions | None = None) -> Figure:
    """Draw `view` (app.view.GraphView) on a new Figure of the options' exact size."""
    options = options or FigureOptions()
    options.validate()
    size = preset(options.size)
    with rc_context(_rc()):
        return _draw(view, options, size)


def _draw(view: Any, options: FigureOptions, size: SizePreset) -> Figure:
    fig = Figure(figsize=size.inches, dpi=size.dpi)
    FigureCanvasAgg(fig)
    transparent = options.background == "transparent"
    fig.patch.set_facecolor("none" if transparent else "white")
    measure = _Measure(fig)
    width_px, height_px = size.width, size.height
    pad = PAD_FRACTION * min(width_px, height_px)
    usable = width_px - 2 * pad
    pt_px = size.dpi / 72.0
    top = height_px - pad  # y of the next free pixel row from the top (figure px, origin bottom-left)
    bottom = pad

    # title (and subtitle) at the top, wrapped, then shrunk if a single word is still too wide
    title = options.title if options.title is not None else getattr(view, "title", "")
    if title:
        title_pt = style.FIGURE_TITLE_PT
        wrapped = _wrap(measure, title, title_pt, usable, "bold")
        while max(measure.size(line, title_pt, "bold")[0] for line in wrapped.splitlines()) > usable \
                and title_pt > 8:
            title_pt *= 0.9
            wrapped = _wrap(measure, title, title_pt, usable, "bold")
        artist = fig.text(0.5, top / height_px, wrapped, ha="center", va="top", fontsize=title_pt,
                          fontweight="bold", color=style.FIGURE_TEXT_COLOR, gid="figure-title")
        top -= artist.get_window_extent(measure.renderer).height + 0.4 * pad
    if options.subtitle:
        wrapped = _wrap(measure, options.subtitle, style.FIGURE_LEGEND_PT + 1, usable)
        artist = fig.text(0.5, top / height_px, wrapped, ha="center", va="top", fontsize=style.FIGURE_LEGEND_PT + 1,
                          color="#555555", gid="figure-subtitle")
        top -= artist.get_window_extent(measure.renderer).height + 0.4 * pad

    # footnote at the bottom left
    foot_parts = []
    if options.footnote:
        foot_parts.append(source_line(view))
    if options.note:
        foot_parts.append(options.note)
    if foot_parts:
        text = _wrap(measure, " · ".join(foot_parts), style.FIGURE_FOOTNOTE_PT, usable)
        artist = fig.text(pad / width_px, bottom / height_px, text, ha="left", va="bottom",
                          fontsize=style.FIGURE_FOOTNOTE_PT, color="#555555", gid="figure-footnote")
        bottom += artist.get_window_extent(measure.renderer).height + 0.4 * pad

    # legend above the footnote: labels present, groups, edge types present
    sizes = _sizes(view, options)
    if options.legend:
        handles = _legend_handles(view, options)
        if handles:
            ncol = len(handles)
            legend = None
            while ncol >= 1:
                if legend is not None:
                    legend.remove()
                legend = fig.legend(handles=handles, loc="lower center", ncol=ncol, frameon=False,
                                    fontsize=style.FIGURE_LEGEND_PT,
                                    bbox_to_anchor=(0.5, bottom / height_px), borderaxespad=0.0,
                                    handletextpad=0.4, columnspacing=1.4)
                box = legend.get_window_extent(measure.renderer)
                if box.width <= usable or ncol == 1:
                    break
                ncol = max(1, min(ncol - 1, int(ncol * usable / box.width)))
            assert legend is not None
            legend.set_gid("figure-legend")
            bottom += legend.get_window_extent(measure.renderer).height + 0.5 * pad

    # the graph area
    ax_w, ax_h = usable, max(top - bottom, 10.0)
    ax = fig.add_axes((pad / width_px, bottom / height_px, ax_w / width_px, ax_h / height_px))
    ax.set_axis_off()
    ax.patch.set_alpha(0.0)
    ids = sorted(view.nodes)
    if not ids:
        ax.text(0.5, 0.5, "(empty view)", ha="center", va="center", fontsize=14, color="#888888",
                transform=ax.transAxes)
        return fig
    xs = [float(view.positions.get(n, (0.0, 0.0))[0]) for n in ids]
    ys = [-float(view.positions.get(n, (0.0, 0.0))[1]) for n in ids]  # vis-network's y grows downwards
    captions = {n: style.caption(view.nodes[n]) for n in ids}
    label_pt = options.label_pt
    shortened = False
    spread = max(max(xs) - min(xs), max(ys) - min(ys))
    while True:
        boxes = []
        text_px: dict[str, tuple[float, float]] = {}
        for n in ids:
            radius = (sizes[n] / 2 + 1.5) * pt_px  # + the outline
            tw, th = measure.size(captions[n], label_pt)
            tw *= 1.04  # room for a viewer's slightly wider font in SVG
            tw += 2 * LABEL_PAD * label_pt * pt_px  # the caption's backing box
            th += 2 * LABEL_PAD * label_pt * pt_px
            text_px[n] = (tw, th)
            half = max(tw / 2, radius) + 1
            boxes.append((half, half, radius + LABEL_GAP_PT * pt_px + th + 1, radius + 1))
        fit = _fit_scale(xs, ys, boxes, ax_w, ax_h)
        share = 0.0 if fit is None else (1.0 if spread == 0 else max(
            fit[0] * (max(xs) - min(xs)) / ax_w, fit[0] * (max(ys) - min(ys)) / ax_h))
        if fit is not None and share >= MIN_GRAPH_SHARE:
            break
        if label_pt > style.FIGURE_MIN_LABEL_PT:
            label_pt = max(style.FIGURE_MIN_LABEL_PT, label_pt * 0.9)
            continue
        if fit is not None:
            break  # smallest font: accept a smaller graph rather than clipped captions
        if not shortened:  # captions wider than the whole area even alone: cut them further
            captions = {n: (c[:11] + "…" if len(c) > 12 else c) for n, c in captions.items()}
            shortened = True
            continue
        fit = (1e-9, ax_w / 2, ax_h / 2)
        break
    s, ox, oy = fit
    # markers in proportion to the spacing, as vis-network's fit zoom draws them on screen: in a dense view the
    # hubs would otherwise cover each other. Relative sizes are kept; a legible minimum holds.
    zoom = 2 * s / (pt_px * style.marker_points(1.0) * _damp(view))
    if zoom < 1.0:
        sizes = {n: max(MIN_MARKER_PT, v * zoom) for n, v in sizes.items()}
    # axes limits in layout units so that X_px = ox + s*x
    ax.set_xlim(-ox / s, (ax_w - ox) / s)
    ax.set_ylim(-oy / s, (ax_h - oy) / s)
    position = dict(zip(ids, zip(xs, ys, strict=True), strict=True))

    # edges
    segments, colors = [], []
    for rel in sorted(view.relationships.values(), key=lambda r: r.id):
        if rel.start in position and rel.end in position:
            segments.append([position[rel.start], position[rel.end]])
            colors.append(style.EDGE_COLORS.get(rel.type, style.DEFAULT_EDGE_COLOR))
    if segments:
        ax.add_collection(LineCollection(segments, colors=colors, linewidths=style.FIGURE_EDGE_WIDTH_PT,
                                         alpha=style.FIGURE_EDGE_ALPHA, zorder=1, gid="figure-edges"))
    if options.edge_labels:
        for rel in sorted(view.relationships.values(), key=lambda r: r.id):
            if rel.start in position and rel.end in position:
                (x1, y1), (x2, y2) = position[rel.start], position[rel.end]
                ax.text((x1 + x2) / 2, (y1 + y2) / 2, rel.type, fontsize=label_pt * 0.7, color="#777777",
                        ha="center", va="center", zorder=2)

    # nodes, one scatter per (shape, colour) so SVG groups stay small; order is stable
    groups = options.groups or {}
    group_names = sorted(set(groups.values()))
    highlight = set(options.highlight)
    batches: dict[tuple[str, str, str], list[str]] = {}
    for n in ids:
        st = style.style_of(view.nodes[n])
        color = style.group_color(group_names.index(groups[n])) if n in groups else st.color
        batches.setdefault((st.marker, color, st.border), []).append(n)
    for (marker, color, border), members in sorted(batches.items()):
        ax.scatter([position[n][0] for n in members], [position[n][1] for n in members],
                   s=[(sizes[n] * _marker_scale(marker)) ** 2 for n in members], marker=marker, c=color, edgecolors=border,
                   linewidths=[2.5 if n in highlight else 0.8 for n in members], zorder=3)
    placements = _place_labels(ids, position, sizes, text_px, (s, ox, oy), (ax_w, ax_h), pt_px, view)
    gap = LABEL_GAP_PT + LABEL_PAD * label_pt
    for n in ids:
        r_pt = sizes[n] / 2 + 1.5
        offset, ha, va = {
            "below": ((0, -(r_pt + gap)), "center", "top"),
            "above": ((0, r_pt + gap), "center", "bottom"),
            "right": ((r_pt + gap, 0), "left", "center"),
            "left": ((-(r_pt + gap), 0), "right", "center"),
        }[placements[n]]
        ax.annotate(captions[n], xy=position[n], xytext=offset, textcoords="offset points", ha=ha, va=va,
                    fontsize=label_pt, color=style.FIGURE_TEXT_COLOR, zorder=4, annotation_clip=False,
                    bbox={"boxstyle": f"square,pad={LABEL_PAD}", "facecolor": "white", "edgecolor": "none",
                          "alpha": 0.7})
    fig.smals_label_pt = label_pt  # type: ignore[attr-defined]  # for tests and the app
    return fig


def _place_labels(ids: list[str], position: dict[str, tuple[float, float]], sizes: dict[str, float],
                  text_px: dict[str, tuple[float, float]], fit: tuple[float, float, float],
                  area: tuple[float, float], pt_px: float, view: Any) -> dict[str, str]:
    """Below the node as on screen, unless that caption would cover another caption or node: then above, right
    or left, whichever is free and inside the area (node positions never move). Busiest nodes choose first."""
    s, ox, oy = fit
    width, height = area
    gap = LABEL_GAP_PT * pt_px
    centre = {n: (ox + s * position[n][0], oy + s * position[n][1]) for n in ids}
    radius = {n: (sizes[n] / 2 + 1.5) * pt_px for n in ids}
    markers = [(centre[n][0] - radius[n], centre[n][1] - radius[n], centre[n][0] + radius[n],
                centre[n][1] + radius[n], n) for n in ids]
    cell = max(8.0, max(max(w, h) for w, h in text_px.values()) if text_px else 8.0)
    marker_grid, taken = _BoxGrid(cell), _BoxGrid(cell)
    for m in markers:
        marker_grid.add(m)
    degree = view.degrees()
    result: dict[str, str] = {}

    def overlap(a: tuple[float, float, float, float], b: tuple[float, ...]) -> float:
        w = min(a[2], b[2]) - max(a[0], b[0])
        h = min(a[3], b[3]) - max(a[1], b[1])
        return w * h if w > 0 and h > 0 else 0.0

    for n in sorted(ids, key=lambda k: (-degree[k], k)):
        (x, y), r, (tw, th) = centre[n], radius[n], text_px[n]
        candidates = {
            "below": (x - tw / 2, y - r - gap - th, x + tw / 2, y - r - gap),
            "above": (x - tw / 2, y + r + gap, x + tw / 2, y + r + gap + th),
            "right": (x + r + gap, y - th / 2, x + r + gap + tw, y + th / 2),
            "left": (x - r - gap - tw, y - th / 2, x - r - gap, y + th / 2),
        }
        best, best_cost = "below", None
        for name, box in candidates.items():
            inside = box[0] >= -0.5 and box[1] >= -0.5 and box[2] <= width + 0.5 and box[3] <= height + 0.5
            if not inside:
                continue
            cost = (sum(overlap(box, t) for t in taken.near(box))
                    + sum(overlap(box, m) for m in marker_grid.near(box) if m[4] != n))
            if best_cost is None or cost < best_cost - 1e-6:
                best, best_cost = name, cost
            if cost == 0:
                break
        result[n] = best
        taken.add(candidates[best])
    return result


class _BoxGrid:
    """Boxes (x0, y0, x1, y1, ...) in square buckets of `cell` px: `near(box)` gives each box sharing a bucket
    with `box` once, a superset of those it overlaps, so placement costs what is near, not every pair."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.boxes: list[tuple[Any, ...]] = []
        self.buckets: dict[tuple[int, int], list[int]] = {}

    def _cells(self, box: tuple[Any, ...]) -> list[tuple[int, int]]:
        c = self.cell
        return [(i, j) for i in range(int(box[0] // c), int(box[2] // c) + 1)
                for j in range(int(box[1] // c), int(box[3] // c) + 1)]

    def add(self, box: tuple[Any, ...]) -> None:
        self.boxes.append(box)
        for key in self._cells(box):
            self.buckets.setdefault(key, []).append(len(self.boxes) - 1)

    def near(self, box: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        found = {i for key in self._cells(box) for i in self.buckets.get(key, ())}
        return [self.boxes[i] for i in sorted(found)]


def _legend_handles(view: Any, options: FigureOptions) -> list[Any]:
    handles: list[Any] = []
    grouped = {style.label_of(view.nodes[k]) for k in (options.groups or {}) if k in view.nodes}
    seen_labels = sorted({style.label_of(n) for n in view.nodes.values()},
                         key=lambda lab: list(style.STYLES).index(lab) if lab in style.STYLES else 99)
    for label in seen_labels:
        st = style.STYLES.get(label, style.DEFAULT_STYLE)
        color = "#dddddd" if label in grouped else st.color
        handles.append(Line2D([], [], linestyle="none", marker=st.marker, markersize=9, markerfacecolor=color,
                              markeredgecolor=st.border, label=st.description))
    if options.groups:
        for i, name in enumerate(sorted(set(options.groups.values()))):
            handles.append(Line2D([], [], linestyle="none", marker="o", markersize=9,
                                  markerfacecolor=style.group_color(i), markeredgecolor="#333333",
                                  label=f"{options.group_title} {name}".strip()))
    for rel_type in sorted({r.type for r in view.relationships.values()}):
        handles.append(Line2D([], [], color=style.EDGE_COLORS.get(rel_type, style.DEFAULT_EDGE_COLOR),
                              linewidth=2, label=rel_type))
    if options.sizes and options.size_metric:
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=5, markerfacecolor="#bbbbbb",
                              markeredgecolor="#888888", label=f"size: {options.size_metric}"))
    return handles


def figure_bytes(fig: Figure, fmt: str, options: FigureOptions | None = None) -> bytes:
    """PNG/SVG/PDF bytes of a rendered figure (PNG at the options' scale)."""
    options = options or FigureOptions()
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    size = preset(options.size)
    transparent = options.background == "transparent"
    rc = _rc()
    rc["svg.fonttype"] = "none" if options.svg_text == "text" else "path"
    metadata: dict[str, Any] = {"png": {"Software": None},
                                "svg": {"Date": None, "Creator": None},
                                "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}}[fmt]
    buffer = io.BytesIO()
    with rc_context(rc):
        fig.savefig(buffer, format=fmt, dpi=size.dpi * (options.scale if fmt == "png" else 1),
                    transparent=transparent, facecolor="none" if transparent else "white", metadata=metadata)
    return buffer.getvalue()


def render_bytes(view: Any, fmt: str, options: FigureOptions | None = None) -> bytes:
    options = options or FigureOptions()
    return figure_bytes(render(view, options), fmt, options)


def render_file(view: Any, path: str | Path, options: FigureOptions | None = None, fmt: str | None = None) -> Path:
    """Write the figure; the format comes from `fmt` or the file's suffix."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render_bytes(view, fmt, options))
    return path
