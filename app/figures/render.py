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
import math
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg", force=False)

from matplotlib import rc_context  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from smals_graph.app.figures import labels, routing  # noqa: E402
from smals_graph.app.figures.presets import BACKGROUNDS, SizePreset, Theme, check_pixels, preset, theme  # noqa: E402
from smals_graph.app.figures.readability import agg_renderer  # noqa: E402
from smals_graph.app.view_model import style  # noqa: E402
from smals_graph.app.view_model.layout import caption_sides  # noqa: E402

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

FORMATS = ("png", "svg", "pdf")
SVG_HASHSALT = "smals-graph"
MIN_GRAPH_SHARE = 0.45  # the graph's extent should fill at least this share of the drawing area
LABEL_GAP_PT = 2.0
MIN_MARKER_PT = 6.0  # smallest marker diameter a figure draws
LABEL_PAD = 0.12  # caption box padding, in font sizes
PAD_FRACTION = 0.025
TITLE_SHARE = 0.22  # the title takes at most this share of the height (its font shrinks first)


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
    group_colours: dict[str, str] | None = None  # group name -> colour chosen by a styling rule (else the palette)
    label_pt: float = style.FIGURE_LABEL_PT
    svg_text: str = "text"  # "text": editable <text> elements; "path": glyph outlines
    highlight: list[str] = field(default_factory=list)  # node ids drawn with a thick outline (e.g. a path)
    regions: dict[str, list[str]] | None = None  # region title -> node ids: a named box (e.g. a community)

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


def _rc() -> dict[RcKeyType, Any]:
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
        self.renderer = agg_renderer(fig)
        self._cache: dict[tuple[str, float, str, float], tuple[float, float]] = {}

    def size(self, text: str, pt: float, weight: str = "normal", linespacing: float = 1.2) -> tuple[float, float]:
        key = (text, pt, weight, linespacing)
        if key not in self._cache:
            probe = Text(0, 0, text, fontsize=pt, fontweight=weight, figure=self.fig, linespacing=linespacing)
            box = probe.get_window_extent(self.renderer)
            self._cache[key] = (box.width, box.height)
        return self._cache[key]


def _wrap(measure: _Measure, text: str, pt: float, max_px: float, weight: str = "normal") -> str:
    if not text or measure.size(text, pt, weight)[0] <= max_px:
        return text
    words = text.split()
    for width in range(max(len(text) - 1, 10), 9, -1):
        wrapped = "\n".join(textwrap.wrap(text, width=width)) if len(words) > 1 else text
        if max(measure.size(line, pt, weight)[0] for line in wrapped.splitlines()) <= max_px:
            return wrapped
    return "\n".join(textwrap.wrap(text, width=10))


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


@dataclass
class Frame:
    """A figure with its title, subtitle, legend and footnote drawn; what is left for the content."""

    fig: Figure
    measure: _Measure
    left: float  # px, origin bottom-left
    bottom: float
    width: float
    height: float
    pad: float
    pt_px: float


def new_frame(options: FigureOptions, size: SizePreset, title: str, footnote: str,
              handles: list[Any] | None) -> Frame:
    """The title/legend/source-footnote frame every figure shares (graphs and charts alike)."""
    fig = Figure(figsize=size.inches, dpi=size.dpi)
    FigureCanvasAgg(fig)
    colours = theme(options.background)
    fig.patch.set_facecolor(colours.face)
    fig.smals_theme = colours  # type: ignore[attr-defined]
    measure = _Measure(fig)
    width_px, height_px = size.width, size.height
    pad = PAD_FRACTION * min(width_px, height_px)
    usable = width_px - 2 * pad
    top = height_px - pad  # y of the next free pixel row from the top (figure px, origin bottom-left)
    bottom = pad
    if title:
        title_pt = style.FIGURE_TITLE_PT
        wrapped = _wrap(measure, title, title_pt, usable, "bold")
        while (max(measure.size(line, title_pt, "bold")[0] for line in wrapped.splitlines()) > usable
               or measure.size(wrapped, title_pt, "bold")[1] > TITLE_SHARE * height_px) and title_pt > 8:
            title_pt *= 0.9
            wrapped = _wrap(measure, title, title_pt, usable, "bold")
        artist = fig.text(0.5, top / height_px, wrapped, ha="center", va="top", fontsize=title_pt,
                          fontweight="bold", color=colours.text, gid="figure-title")
        top -= artist.get_window_extent(measure.renderer).height + 0.4 * pad
    if options.subtitle:
        wrapped = _wrap(measure, options.subtitle, style.FIGURE_LEGEND_PT + 1, usable)
        artist = fig.text(0.5, top / height_px, wrapped, ha="center", va="top", fontsize=style.FIGURE_LEGEND_PT + 1,
                          color=colours.muted, gid="figure-subtitle")
        top -= artist.get_window_extent(measure.renderer).height + 0.4 * pad
    if footnote:
        text = _wrap(measure, footnote, style.FIGURE_FOOTNOTE_PT, usable)
        artist = fig.text(pad / width_px, bottom / height_px, text, ha="left", va="bottom",
                          fontsize=style.FIGURE_FOOTNOTE_PT, color=colours.muted, gid="figure-footnote")
        bottom += artist.get_window_extent(measure.renderer).height + 0.4 * pad
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
        for entry in legend.get_texts():
            entry.set_color(colours.text)
        bottom += legend.get_window_extent(measure.renderer).height + 0.5 * pad
    _halo(fig)
    return Frame(fig, measure, pad, bottom, usable, max(top - bottom, 10.0), pad, size.dpi / 72.0)


def _theme_of(fig: Figure) -> Theme:
    """The theme _frame set on `fig` (an attribute of ours, which Figure's stubs do not know)."""
    return fig.smals_theme  # type: ignore[attr-defined]


def _halo(fig: Figure) -> None:
    """The theme's halo around every text drawn so far (title, legend, footnote): read on any template."""
    colours = _theme_of(fig)
    if colours.halo is None:
        return
    from matplotlib import patheffects

    effect: list[patheffects.AbstractPathEffect] = [patheffects.withStroke(linewidth=2.5, foreground=colours.halo)]
    for text in fig.findobj(Text):
        text.set_path_effects(effect)


def _footnote(view: Any, options: FigureOptions) -> str:
    parts = []
    if options.footnote:
        parts.append(source_line(view))
    if options.note:
        parts.append(options.note)
    return " · ".join(parts)


def _draw(view: Any, options: FigureOptions, size: SizePreset) -> Figure:
    title = options.title if options.title is not None else getattr(view, "title", "")
    frame = new_frame(options, size, title, _footnote(view, options),
                      _legend_handles(view, options) if options.legend else None)
    fig = frame.fig
    ids = sorted(view.nodes)
    if not ids:
        ax = fig.add_axes((frame.left / size.width, frame.bottom / size.height, frame.width / size.width,
                           frame.height / size.height))
        ax.set_axis_off()
        ax.text(0.5, 0.5, "(empty view)", ha="center", va="center", fontsize=14, color="#888888",
                transform=ax.transAxes)
        fig.smals_label_pt = options.label_pt  # type: ignore[attr-defined]
        return fig
    _draw_graph(view, options, frame, size, ids)
    return fig


@dataclass
class _Captions:
    """Every node's caption: in full, wrapped for the figure, and its measured box (px) at the label size."""

    full: dict[str, str]
    wrapped: dict[str, tuple[list[str], bool]]  # lines, cut
    text: dict[str, str]
    px: dict[str, tuple[float, float]]
    pad_px: float
    number_pt: float
    key_pt: float


@dataclass
class _Key:
    """The numbered key on the right: the lines shown, its font, columns and rows, its width in px."""

    lines: list[str]  # as built, before clipping to the width
    shown: list[str]
    font: float
    cols: int
    rows: int
    width: float


@dataclass
class _Placement:
    """Where everything goes once captions fit: area, numbered nodes, marker sizes and centres, caption places."""

    area_w: float
    area_h: float
    number: dict[str, int]
    number_px: dict[str, tuple[float, float]]
    sizes: dict[str, float]
    centre: dict[str, tuple[float, float]]
    radius: dict[str, float]
    placed: dict[str, Any]
    key: _Key


def _measure_captions(view: Any, ids: list[str], frame: Frame, label_pt: float) -> _Captions:
    full = {n: view.nodes[n].caption for n in ids}
    wrapped = {n: style.caption_lines(full[n]) for n in ids}
    text = {n: "\n".join(wrapped[n][0]) for n in ids}
    pad_px = 2 * LABEL_PAD * label_pt * frame.pt_px
    px = {}
    for n in ids:
        tw, th = frame.measure.size(text[n], label_pt, linespacing=1.1)
        px[n] = (tw * 1.04 + pad_px, th + pad_px)  # 4 %: a viewer's slightly wider font in SVG
    return _Captions(full, wrapped, text, px, pad_px, max(style.FIGURE_MIN_LABEL_PT, label_pt * 0.85),
                     max(style.FIGURE_MIN_LABEL_PT, label_pt * 0.8))


def _key_layout(view: Any, ids: list[str], numbered: set[str], captions: _Captions, frame: Frame
                ) -> tuple[_Key, dict[str, int]]:
    """The key lists numbered nodes and cut captions; it shortens its lines, then its font, to fit its share of
    the width, and beyond that shows the columns that fit and says how many are left out."""
    keyed = sorted(numbered | {n for n in ids if captions.wrapped[n][1]}, key=lambda n: (
        view.nodes[n].label, captions.full[n].lower(), n))
    number = {n: i + 1 for i, n in enumerate(k for k in keyed if k in numbered)}
    lines = [(f"{number[n]:>3}  " if n in number else "       ") + _clip(
        str(view.nodes[n].properties.get("name") or captions.full[n]), KEY_CHARS) for n in keyed]
    chars, font = KEY_CHARS, captions.key_pt
    while True:
        shown = [_clip(line, chars + 7) for line in lines]
        width, cols, rows = _key_size(frame.measure, shown, font, frame.height)
        if width <= KEY_SHARE * frame.width:
            break
        if chars <= 12 and font <= style.FIGURE_MIN_LABEL_PT:
            per_column = width / max(1, cols)
            fits = max(1, int(KEY_SHARE * frame.width / per_column)) * rows - 1
            shown = shown[:fits] + [f"… +{len(shown) - fits} more"]
            width, cols, rows = _key_size(frame.measure, shown, font, frame.height)
            break
        if chars > 12:
            chars = max(12, int(chars * 0.8))
        else:
            font = max(style.FIGURE_MIN_LABEL_PT, font * 0.9)
    return _Key(lines, shown, font, cols, rows, width), number


def _fit_boxes(ids: list[str], number_px: dict[str, tuple[float, float]], captions: _Captions,
               base_sizes: dict[str, float], pt_px: float, prefer: dict[str, str]) -> list[tuple[float, ...]]:
    """Each node's extent around its centre (left, right, down, up px): the fit keeps room where the caption will
    go, beside the node in the outer columns of a layered view."""
    boxes: list[tuple[float, ...]] = []
    for n in ids:
        radius = (base_sizes[n] / 2 + 1.5) * pt_px
        pad = captions.pad_px
        tw, th = (number_px[n][0] + pad, number_px[n][1] + pad) if n in number_px else captions.px[n]
        half = max(tw / 2, radius) + 1
        side = prefer.get(n, "below")
        reach = radius + LABEL_GAP_PT * pt_px + tw + 1
        tall = max(th / 2, radius) + 1
        boxes.append((half, half, radius + LABEL_GAP_PT * pt_px + th + 1, radius + 1) if side in ("below", "above")
                     else (radius + 1, reach, tall, tall) if side == "right" else (reach, radius + 1, tall, tall))
    return boxes


def _over_budget(view: Any, ids: list[str], captions: _Captions, area: float) -> set[str]:
    """A dense view: captions in full for the hubs, in order of links, while they take less than CAPTION_BUDGET
    of the area; the others get a number and a line in the key."""
    degree = view.degrees()
    budget = CAPTION_BUDGET * area
    numbered = set()
    for n in sorted(ids, key=lambda k: (-degree[k], k)):
        budget -= captions.px[n][0] * captions.px[n][1]
        if budget < 0 and n != getattr(view, "centre", None):
            numbered.add(n)
    return numbered


def _label_items(ids: list[str], degree: dict[str, int], number: dict[str, int], captions: _Captions,
                 centre: dict[str, tuple[float, float]], radius: dict[str, float], measure: _Measure
                 ) -> list[tuple[Any, ...]]:
    """What the label placer gets per node, hubs first: the caption's box, and a number's as a fallback."""
    pad = captions.pad_px
    items = []
    for n in sorted(ids, key=lambda k: (k in number, -degree[k], k)):
        if n in number:
            sizes = [measure.size(str(number[n]), captions.number_pt, "bold")]
        else:
            sizes = [captions.px[n], measure.size("999", captions.number_pt, "bold")]
        sizes = [(w + (0 if i == 0 and n not in number else pad), h + (0 if i == 0 and n not in number else pad))
                 for i, (w, h) in enumerate(sizes)]
        items.append((n, centre[n][0], centre[n][1], radius[n], sizes))
    return items


def _place(view: Any, options: FigureOptions, frame: Frame, ids: list[str], captions: _Captions) -> _Placement:
    """Fit the layout to the area and place captions; a node whose caption does not fit gets a number and a line
    in the key, and the fit runs again with the key's width taken off (at most five rounds)."""
    measure, pt_px = frame.measure, frame.pt_px
    degree = view.degrees()
    xs = {n: float(view.positions.get(n, (0.0, 0.0))[0]) for n in ids}
    ys = {n: -float(view.positions.get(n, (0.0, 0.0))[1]) for n in ids}  # vis-network's y grows downwards
    stretch = getattr(view, "layout_used", "") == "layered"
    base_sizes = _sizes(view, options)
    prefer = caption_sides({n: (xs[n], ys[n]) for n in ids}, getattr(view, "layout_used", ""))
    numbered: set[str] = set()
    for attempt in range(5):
        key, number = _key_layout(view, ids, numbered, captions, frame)
        area_w = max(0.3 * frame.width, frame.width - (key.width + frame.pad if key.lines else 0.0))
        area_h = frame.height
        number_px = {n: measure.size(str(number[n]), captions.number_pt, "bold") for n in number}
        boxes = _fit_boxes(ids, number_px, captions, base_sizes, pt_px, prefer)
        sx, sy, ox, oy = _fit(ids, xs, ys, boxes, area_w, area_h, stretch)
        if attempt == 0 and not options.regions:  # regions: every node keeps its caption, no numbered key
            numbered = _over_budget(view, ids, captions, area_w * area_h)
            if numbered:
                continue
        # markers never bigger than the layout's spacing allows (the layout keeps its boxes apart at zoom 1)
        zoom = min(sx, sy) * LAYOUT_PX_TO_PT / (pt_px * _damp(view))
        sizes = {n: max(MIN_MARKER_PT, v * min(1.0, zoom)) for n, v in base_sizes.items()}
        centre = {n: (ox + sx * xs[n], oy + sy * ys[n]) for n in ids}
        radius = {n: (sizes[n] / 2 + 1.5) * pt_px for n in ids}
        # captions avoid the straight lines; the edges then bend around what is still in their way
        segments = [(*centre[r.start], *centre[r.end]) for r in _edges(view, centre)]
        items = _label_items(ids, degree, number, captions, centre, radius, measure)
        placed = labels.place(items, {n: (*centre[n], radius[n]) for n in ids}, segments,
                              (0.0, 0.0, area_w, area_h), LABEL_GAP_PT * pt_px, prefer)
        failed = {n for n, p in placed.items() if p is not None and p.size_index == 1}
        failed |= {n for n, p in placed.items() if p is None and n not in numbered}
        if not failed - numbered:
            break
        numbered |= failed
    return _Placement(area_w, area_h, number, number_px, sizes, centre, radius, placed, key)


def _group_colour(options: FigureOptions, name: str, names: list[str]) -> str:
    return (options.group_colours or {}).get(name) or style.group_color(names.index(name))


def _draw_markers(ax: Any, view: Any, ids: list[str], where: _Placement, options: FigureOptions) -> None:
    """One scatter per (shape, colour, border): few SVG groups, and the same colours as on screen."""
    groups = options.groups or {}
    group_names = sorted(set(groups.values()))
    highlight = set(options.highlight)
    batches: dict[tuple[str, str, str], list[str]] = {}
    for n in ids:
        st = style.style_of(view.nodes[n])
        color = _group_colour(options, groups[n], group_names) if n in groups else st.color
        batches.setdefault((st.marker, color, st.border), []).append(n)
    for i, ((marker, color, border), members) in enumerate(sorted(batches.items())):
        ax.scatter([where.centre[n][0] for n in members], [where.centre[n][1] for n in members],
                   s=[(where.sizes[n] * _marker_scale(marker)) ** 2 for n in members], marker=marker, c=color,
                   edgecolors=border, linewidths=[2.5 if n in highlight else 0.8 for n in members], zorder=3,
                   gid=f"figure-nodes-{i}")


def _draw_captions(ax: Any, ids: list[str], where: _Placement, captions: _Captions, label_pt: float) -> None:
    """Captions (or numbers) in their placed boxes, with a leader line to the node when placed further out."""
    colours = ax.figure.smals_theme
    leaders = []
    for n in ids:
        p = where.placed.get(n)
        if p is None:
            continue
        cx, cy = (p.rect[0] + p.rect[2]) / 2, (p.rect[1] + p.rect[3]) / 2
        numbered = n in where.number
        ax.text(cx, cy, str(where.number[n]) if numbered else captions.text[n],
                fontsize=captions.number_pt if numbered else label_pt, color=colours.text,
                ha="center", va="center", zorder=5, gid=f"node-label-{ids.index(n)}", clip_on=False,
                linespacing=1.1, fontweight="bold" if numbered else "normal",
                bbox={"boxstyle": f"square,pad={LABEL_PAD}", "facecolor": colours.backing, "edgecolor": "none",
                      "alpha": 0.85})
        if p.leader:
            leaders.append([where.centre[n], (cx, cy)])
    if leaders:
        ax.add_collection(LineCollection(leaders, colors="#777777", linewidths=0.6, zorder=2,
                                         gid="figure-leaders"))


def _regions(view: Any, options: FigureOptions) -> dict[str, list[str]]:
    """The named boxes: the options' (communities), else the nodes linked to nothing, grouped and said."""
    if options.regions:
        return options.regions
    degree = view.degrees()
    alone = sorted(n for n in view.nodes if degree[n] == 0)
    if alone and len(alone) < len(view.nodes):
        return {f"{UNLINKED_TITLE} ({len(alone)})": alone}
    return {}


def _draw_regions(ax: Any, where: _Placement, regions: dict[str, list[str]], options: FigureOptions,
                  label_pt: float, pt_px: float) -> None:
    """Each region a rounded box around its markers and captions, its title on the box's top edge."""
    from matplotlib.patches import FancyBboxPatch

    names = sorted(set((options.groups or {}).values()))
    pad = REGION_PAD_PT * pt_px
    for i, (title, members) in enumerate(sorted(regions.items())):
        members = [n for n in members if n in where.centre]
        if not members:
            continue
        boxes = [(where.centre[n][0] - where.radius[n], where.centre[n][1] - where.radius[n],
                  where.centre[n][0] + where.radius[n], where.centre[n][1] + where.radius[n]) for n in members]
        # captions beside their node belong to the box; those sent further out on a leader would stretch it
        # over its neighbours
        boxes += [where.placed[n].rect for n in members
                  if where.placed.get(n) is not None and not where.placed[n].leader]
        x0 = max(0.0, min(b[0] for b in boxes) - pad)
        y0 = max(0.0, min(b[1] for b in boxes) - pad)
        x1 = min(where.area_w, max(b[2] for b in boxes) + pad)
        y1 = min(where.area_h, max(b[3] for b in boxes) + pad)
        group = (options.groups or {}).get(members[0])
        color = style.group_color(names.index(group)) if group in names else "#888888"
        ax.add_patch(FancyBboxPatch((x0, y0), x1 - x0, y1 - y0, boxstyle=f"round,pad=0,rounding_size={pad}",
                                    facecolor=color, edgecolor=color, alpha=0.10, linewidth=0, zorder=0,
                                    gid=f"figure-region-{i}"))
        ax.add_patch(FancyBboxPatch((x0, y0), x1 - x0, y1 - y0, boxstyle=f"round,pad=0,rounding_size={pad}",
                                    facecolor="none", edgecolor=color, alpha=0.7, linewidth=0.8, zorder=0,
                                    linestyle="--"))
        colours = ax.figure.smals_theme
        text = ax.text(x0 + pad, y1, title, fontsize=label_pt, fontweight="bold", color=colours.text,
                       ha="left", va="center", zorder=6, clip_on=False, gid=f"figure-region-title-{i}",
                       bbox={"boxstyle": "round,pad=0.15", "facecolor": colours.backing, "edgecolor": color,
                             "linewidth": 0.6})
        # a title wider than the room right of the box's corner is set against the box's right end instead
        width = text.get_window_extent(ax.figure.canvas.get_renderer()).width
        if x0 + pad + width > where.area_w:
            text.set_x(x1 - pad)
            text.set_horizontalalignment("right")


def _draw_graph(view: Any, options: FigureOptions, frame: Frame, size: SizePreset, ids: list[str]) -> None:
    """Fit the layout to the area, draw edges with arrowheads, markers, then captions placed without collision;
    what cannot be captioned in full gets a number and a line in the key on the right."""
    fig, label_pt = frame.fig, options.label_pt
    captions = _measure_captions(view, ids, frame, label_pt)
    where = _place(view, options, frame, ids, captions)
    ax = fig.add_axes((frame.left / size.width, frame.bottom / size.height, where.area_w / size.width,
                       where.area_h / size.height))
    ax.set_axis_off()
    ax.patch.set_alpha(0.0)
    ax.set_xlim(0, where.area_w)
    ax.set_ylim(0, where.area_h)
    # axes units are px of the area: data == px
    routes = _final_routes(view, where, frame.pt_px)
    _move_struck_captions(view, ids, where, routes, captions, frame)
    _draw_edges(ax, view, where, routes, frame.pt_px, options, label_pt)
    _draw_markers(ax, view, ids, where, options)
    _draw_captions(ax, ids, where, captions, label_pt)
    _draw_regions(ax, where, _regions(view, options), options, label_pt, frame.pt_px)
    key = where.key
    if key.lines:
        _draw_key(fig, size, key.shown, key.font, key.cols, key.rows,
                  frame.left + where.area_w + frame.pad, frame.bottom, frame.height, frame.measure)
    fig.smals_label_pt = label_pt  # type: ignore[attr-defined]  # for tests and the app
    fig.smals_numbered = len(where.number)  # type: ignore[attr-defined]
    fig.smals_unlabelled = sum(1 for n in ids if where.placed.get(n) is None)  # type: ignore[attr-defined]


UNLINKED_TITLE = "Linked to nothing in this view"
REGION_PAD_PT = 5.0  # room between a region's box and what it holds
MAX_GROUP_SWATCHES = 8  # more groups than this: one legend line says what colour means
CAPTION_BUDGET = 0.16  # share of the graph area full captions may take before the rest are numbered
KEY_CHARS = 48
KEY_SHARE = 0.42  # the key of numbered nodes takes at most this share of the width
ROUTE_GAP_PT = 3.0  # room an edge keeps around the markers and captions it bends around
LAYOUT_PX_TO_PT = 1.0 / 1.1 * 2  # a vis-network radius in layout px, as a marker diameter in points


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _edges(view: Any, centre: dict[str, tuple[float, float]]) -> list[Any]:
    return [r for r in sorted(view.relationships.values(), key=lambda r: r.id)
            if r.start in centre and r.end in centre and r.start != r.end]


def _fit(order: list[str], xs: dict[str, float], ys: dict[str, float], boxes: list[tuple[float, ...]],
         width: float, height: float, stretch: bool) -> tuple[float, float, float, float]:
    """(sx, sy, ox, oy): px = o + s * coordinate, the largest scales for which every box stays inside; the same
    scale on both axes unless the layout is layered (columns may stretch)."""
    x = [xs[n] for n in order]
    y = [ys[n] for n in order]
    left = [b[0] for b in boxes]
    right = [b[1] for b in boxes]
    below = [b[2] for b in boxes]
    above = [b[3] for b in boxes]
    sx = _axis_scale(x, left, right, width)
    sy = _axis_scale(y, below, above, height)
    if not stretch:
        sx = sy = min(sx, sy)
    ix = _interval(sx, x, left, right, width) or (width / 2, width / 2)
    iy = _interval(sy, y, below, above, height) or (height / 2, height / 2)
    return sx, sy, (ix[0] + ix[1]) / 2, (iy[0] + iy[1]) / 2


def _interval(s: float, coords: list[float], lo: list[float], hi: list[float], room: float):
    low = max(lo_i - s * c for c, lo_i in zip(coords, lo, strict=True))
    high = min(room - hi_i - s * c for c, hi_i in zip(coords, hi, strict=True))
    return (low, high) if low <= high + 1e-9 else None


def _axis_scale(coords: list[float], lo: list[float], hi: list[float], room: float) -> float:
    span = (max(coords) - min(coords)) or 1.0
    if _interval(0.0, coords, lo, hi, room) is None:
        return 1e-9
    low, high = 0.0, room / span
    for _ in range(40):
        mid = (low + high) / 2
        if _interval(mid, coords, lo, hi, room):
            low = mid
        else:
            high = mid
    return max(low, 1e-9)


def _arrow_head(pt_px: float) -> float:
    return 2.6 * pt_px * style.FIGURE_EDGE_WIDTH_PT ** 0.5


def _routes(view: Any, centre: dict[str, tuple[float, float]], radius: dict[str, float], area_w: float,
            area_h: float, pt_px: float, rects: list[tuple[float, float, float, float]] | None = None
            ) -> dict[str, list[tuple[float, float]]]:
    """Every edge's line through the figure: straight where that is free, bent around markers, other edges and
    the caption boxes `rects` where not (app/figures/routing.py)."""
    gap = ROUTE_GAP_PT * pt_px
    head = _arrow_head(pt_px)
    markers = {n: (*centre[n], radius[n]) for n in centre}
    room = {n: radius[n] + 2.2 * head + gap for n in centre}
    context = routing.RouteContext.build(markers, rects or [], (0.0, 0.0, area_w, area_h), gap, room)
    edges = [(r.id, r.start, r.end) for r in _edges(view, centre)]
    return routing.route_edges(edges, centre, context)


def _move_struck_captions(view: Any, ids: list[str], where: _Placement, routes: dict[str, list[tuple[float, float]]],
                          captions: _Captions, frame: Frame) -> None:
    """A caption that an edge still crosses (the edge found no way around it) moves to a free spot that no
    edge crosses, further out with a leader if need be; it stays where it is when there is none."""
    segments = [piece for path in routes.values() for piece in routing.pieces(path)]
    struck = [n for n in ids if where.placed.get(n) is not None
              and any(labels.segment_hits_rect(seg, _inner(where.placed[n].rect)) for seg in segments)]
    if not struck:
        return
    items = {item[0]: item for item in _label_items(ids, view.degrees(), where.number, captions, where.centre,
                                                    where.radius, frame.measure)}
    markers = {n: (*where.centre[n], where.radius[n]) for n in ids}
    for n in struck:
        taken = [p.rect for m, p in where.placed.items() if p is not None and m != n]
        item = items[n]
        old = where.placed[n]
        moved = labels.place([(*item[:4], [item[4][old.size_index]])], markers, segments,
                             (0.0, 0.0, where.area_w, where.area_h), LABEL_GAP_PT * frame.pt_px, taken=taken).get(n)
        if moved is not None and not any(labels.segment_hits_rect(seg, _inner(moved.rect)) for seg in segments):
            where.placed[n] = labels.Placement(moved.rect, moved.leader, old.size_index)


def _inner(rect: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The box an edge must stay out of: the caption's, widened as the router widens it."""
    m = routing.CAPTION_MARGIN_PX
    return (rect[0] - m, rect[1] - m, rect[2] + m, rect[3] + m)


def _final_routes(view: Any, where: _Placement, pt_px: float) -> dict[str, list[tuple[float, float]]]:
    rects = [p.rect for p in where.placed.values() if p is not None]
    return _routes(view, where.centre, where.radius, where.area_w, where.area_h, pt_px, rects)


def _draw_edges(ax: Any, view: Any, where: _Placement, routes: dict[str, list[tuple[float, float]]],
                pt_px: float, options: FigureOptions, label_pt: float) -> None:
    """Edges along their routes, the last piece ending at the target's marker with an arrowhead (the
    relationship's direction)."""
    from matplotlib.collections import PolyCollection

    lines, colors, heads = [], [], []
    head = _arrow_head(pt_px)
    for rel in _edges(view, where.centre):
        points = routes[rel.id]
        (x1, y1), (x2, y2) = points[-2], points[-1]
        length = math.hypot(x2 - x1, y2 - y1)
        room = where.radius[rel.end] + (where.radius[rel.start] if len(points) == 2 else 0.0)
        if length <= room:
            continue
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        tip = (x2 - ux * where.radius[rel.end], y2 - uy * where.radius[rel.end])
        base = (tip[0] - ux * head * 2.2, tip[1] - uy * head * 2.2)
        lines.append([*points[:-1], base])
        colors.append(style.EDGE_COLORS.get(rel.type, style.DEFAULT_EDGE_COLOR))
        heads.append([tip, (base[0] - uy * head, base[1] + ux * head), (base[0] + uy * head, base[1] - ux * head)])
    if lines:
        ax.add_collection(LineCollection(lines, colors=colors, linewidths=style.FIGURE_EDGE_WIDTH_PT,
                                         alpha=style.FIGURE_EDGE_ALPHA, zorder=1, gid="figure-edges",
                                         joinstyle="round", capstyle="round"))
        ax.add_collection(PolyCollection(heads, facecolors=colors, edgecolors="none", alpha=0.8, zorder=1,
                                         gid="figure-arrows"))
    if options.edge_labels:
        for rel in _edges(view, where.centre):
            points = routes[rel.id]
            # the middle of the longest piece: away from the bends and the markers
            a, b = max(zip(points, points[1:], strict=False), key=lambda s: math.dist(*s))
            ax.text((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, rel.type, fontsize=label_pt * 0.7, color="#777777",
                    ha="center", va="center", zorder=2, gid="edge-label")


def _key_size(measure: _Measure, lines: list[str], pt: float, height: float) -> tuple[float, int, int]:
    if not lines:
        return 0.0, 0, 0
    line_h = measure.size("Hg", pt)[1] * 1.25
    rows = max(1, int(height / line_h) - 1)
    cols = math.ceil(len(lines) / rows)
    rows = math.ceil(len(lines) / cols)
    widest = [measure.size("\n".join(lines[c * rows:(c + 1) * rows]), pt, linespacing=1.25)[0]
              for c in range(cols)]
    return sum(widest) + 12 * (cols - 1) + 8, cols, rows


def _draw_key(fig: Figure, size: SizePreset, lines: list[str], pt: float, cols: int, rows: int, x0: float,
              bottom: float, height: float, measure: _Measure) -> None:
    x = x0
    for c in range(cols):
        chunk = lines[c * rows:(c + 1) * rows]
        fig.text(x / size.width, (bottom + height) / size.height, "\n".join(chunk), ha="left", va="top",
                 fontsize=pt, color=_theme_of(fig).text, gid=f"figure-key-{c}", linespacing=1.25,
                 family=style.FONT_FAMILY)
        x += measure.size("\n".join(chunk), pt, linespacing=1.25)[0] + 12


def _legend_handles(view: Any, options: FigureOptions) -> list[Any]:
    handles: list[Any] = []
    grouped = {view.nodes[k].label for k in (options.groups or {}) if k in view.nodes}
    seen_labels = sorted({n.label for n in view.nodes.values()},
                         key=lambda lab: list(style.STYLES).index(lab) if lab in style.STYLES else 99)
    for label in seen_labels:
        st = style.STYLES.get(label, style.DEFAULT_STYLE)
        color = "#dddddd" if label in grouped else st.color
        handles.append(Line2D([], [], linestyle="none", marker=st.marker, markersize=9, markerfacecolor=color,
                              markeredgecolor=st.border, label=st.description))
    names = sorted(set((options.groups or {}).values()))
    if options.regions:
        handles.append(Line2D([], [], linestyle="--", color="#888888", linewidth=1.2,
                              label=f"box: {options.group_title or 'group'}, named by its best-connected node"))
    elif len(names) > MAX_GROUP_SWATCHES:
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=9, markerfacecolor=style.group_color(0),
                              markeredgecolor="#333333",
                              label=f"colour: {options.group_title or 'group'} ({len(names)})".strip()))
    elif options.groups:
        for name in names:
            handles.append(Line2D([], [], linestyle="none", marker="o", markersize=9,
                                  markerfacecolor=_group_colour(options, name, names), markeredgecolor="#333333",
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
    face = theme(options.background).face
    rc = _rc()
    rc["svg.fonttype"] = "none" if options.svg_text == "text" else "path"
    metadata: dict[str, Any] = {"png": {"Software": None},
                                "svg": {"Date": None, "Creator": None},
                                "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}}[fmt]
    buffer = io.BytesIO()
    with rc_context(rc):
        fig.savefig(buffer, format=fmt, dpi=size.dpi * (options.scale if fmt == "png" else 1),
                    transparent=transparent, facecolor=face, metadata=metadata)
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
