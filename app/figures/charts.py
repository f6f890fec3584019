"""Charts for questions that are not graph-shaped, in the same frame as the graph figures (title, legend, source
footnote, size presets, PNG/SVG/PDF):

- `member-components`: the member × component matrix as a heatmap — rows and columns sorted, both axes labelled
  in full, the count in every cell, the colour saying how the member uses the component (through a project,
  directly, or both);
- `top-technologies`: technologies ranked by the number of projects that name them (bars);
- `components-by-users`: reusable components ranked by the number of members using them (stacked bars: through
  projects, directly).

Each chart's data comes from one function of this module (`*_data(store, **params)`), so a chart can be pointed at
another query in one place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from matplotlib import rc_context
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from smals_graph.app.figures.presets import preset
from smals_graph.app.figures.render import FigureOptions, Frame, _rc, new_frame, page_ranges
from smals_graph.app.view_model import queries, style, usage

TECHNOLOGY_RANKING_CYPHER = (
    "MATCH (t:Technology)<-[u:USES]-(p:Project) "
    "RETURN t.name AS name, count(DISTINCT p) AS projects, collect(DISTINCT p.page) AS pages "
    "ORDER BY projects DESC, name LIMIT $top"
)
HOW_COLOURS = {"project": "#4e79a7", "statement": "#f28e2b", "both": "#8e6bb0"}
HOW_NAMES = {"project": "through a project", "statement": "directly (the report says so)",
             "both": "both"}


@dataclass
class Matrix:
    rows: list[str]  # member captions, in drawing order
    row_names: list[str]  # full names (for the key of acronyms: not drawn, kept for tables)
    columns: list[str]  # component names
    counts: dict[tuple[int, int], int]  # (row, column) -> projects + 1 for a direct statement
    how: dict[tuple[int, int], str]  # (row, column) -> project | statement | both
    pages: list[int] = field(default_factory=list)


@dataclass
class Ranking:
    names: list[str]  # best first
    parts: dict[str, list[int]]  # segment name -> value per name (one segment: a plain bar chart)
    value_label: str  # the axis' caption
    colours: dict[str, str]
    pages: list[int] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- data (one each)
def member_components_data(store: Any, *, include_organizations: bool = False,
                           reusable_only: bool = True) -> Matrix:
    """Members × components from the component-use facts (queries.component_uses)."""
    uses = queries.component_uses(store, include_organizations=include_organizations, reusable_only=reusable_only)
    via: dict[tuple[str, str], set[str]] = defaultdict(set)
    direct: set[tuple[str, str]] = set()
    caption: dict[str, str] = {}
    full: dict[str, str] = {}
    names: dict[str, str] = {}
    pages = set()
    for u in uses:
        cell = (u.user_key, u.service_key)
        if u.via == "statement":
            direct.add(cell)
        elif u.project_key:
            via[cell].add(u.project_key)
        caption[u.user_key] = u.user_caption
        full[u.user_key] = u.user_name
        names[u.service_key] = u.service_name
        if isinstance(u.page, int):
            pages.add(u.page)
    cells = set(via) | direct
    members_of: dict[str, set[str]] = defaultdict(set)
    components_of: dict[str, set[str]] = defaultdict(set)
    for m, s in cells:
        members_of[s].add(m)
        components_of[m].add(s)
    columns = sorted(names, key=lambda s: (-len(members_of[s]), names[s].lower()))
    total = {m: sum(len(via.get((m, s), ())) + ((m, s) in direct) for s in components_of[m]) for m in caption}
    rows = sorted(caption, key=lambda m: (-len(components_of[m]), -total[m], caption[m].lower()))
    counts, how = {}, {}
    for i, m in enumerate(rows):
        for j, s in enumerate(columns):
            n = len(via.get((m, s), ())) + (1 if (m, s) in direct else 0)
            if n:
                counts[(i, j)] = n
                how[(i, j)] = ("both" if (m, s) in direct and via.get((m, s)) else
                               "statement" if (m, s) in direct else "project")
    return Matrix([caption[m] for m in rows], [full[m] for m in rows], [names[s] for s in columns], counts, how,
                  sorted(pages))


def top_technologies_data(store: Any, *, top: int = 15) -> Ranking:
    result = store.read(TECHNOLOGY_RANKING_CYPHER, {"top": int(top)}, max_rows=1000)
    names = [str(r[0]) for r in result.rows]
    pages = sorted({p for r in result.rows for p in (r[2] or []) if isinstance(p, int)})
    return Ranking(names, {"projects": [int(r[1]) for r in result.rows]}, "projects naming the technology",
                   {"projects": style.STYLES["Technology"].color}, pages)


def components_by_users_data(store: Any, *, top: int = 20, include_organizations: bool = False) -> Ranking:
    """Distinct members per reusable component (usage.counts: directly, through their projects, or both)."""
    facts = usage.usage_facts(store, reusable_only=True, include_organizations=include_organizations)
    split = usage.counts(facts)
    names = {f.service_key: f.service_name for f in facts}
    pages = sorted({f.page for f in facts if isinstance(f.page, int)})
    users = {s: c.members | (c.organizations if include_organizations else set()) for s, c in split.items()}
    order = sorted((s for s in users if users[s]), key=lambda s: (-len(users[s]), names[s].lower()))[:top]
    parts: dict[str, list[int]] = {"project": [], "both": [], "statement": []}
    for s in order:
        direct, via = split[s].members_direct, split[s].members_via_projects
        parts["both"].append(len(direct & via))
        parts["project"].append(len(users[s] - direct))
        parts["statement"].append(len(users[s] - via - (direct & via)))
    return Ranking([names[s] for s in order], parts, "members using the component", dict(HOW_COLOURS), pages)


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    data: Callable[..., Matrix | Ranking]
    subtitle: str = ""


CHARTS: dict[str, Chart] = {
    "member-components": Chart("member-components", "Which members use which reusable components",
                               member_components_data,
                               "Number = projects of the member that reuse the component, +1 where the report "
                               "says the member uses it directly"),
    "top-technologies": Chart("top-technologies", "Technologies named by the most projects", top_technologies_data),
    "components-by-users": Chart("components-by-users", "Reusable components by number of member users",
                                 components_by_users_data,
                                 "Distinct member institutions, through the projects they are clients of or "
                                 "directly"),
}


def chart_data(store: Any, name: str, params: dict[str, Any] | None = None) -> Matrix | Ranking:
    return CHARTS[name].data(store, **(params or {}))


# ---------------------------------------------------------------------------------------------- drawing
def source_of(data: Matrix | Ranking, year: int = 2025) -> str:
    text = f"Source: {style.SOURCE_PUBLISHER}, {style.SOURCE_TITLE} {year}"
    if data.pages:
        text += f", {'p.' if len(data.pages) == 1 else 'pp.'} {page_ranges(data.pages)}"
    return text


def render_chart(data: Matrix | Ranking, options: FigureOptions | None = None, title: str = "") -> Figure:
    options = options or FigureOptions()
    options.validate()
    size = preset(options.size)
    with rc_context(_rc()):  # type: ignore[arg-type]  # matplotlib types rc keys as a Literal of every name
        footnote = " · ".join(p for p in (source_of(data) if options.footnote else "", options.note) if p)
        if isinstance(data, Matrix):
            handles = [Patch(facecolor=HOW_COLOURS[k], edgecolor="none", label=HOW_NAMES[k]) for k in HOW_COLOURS
                       if k in set(data.how.values())]
        else:
            handles = [Patch(facecolor=data.colours[k], edgecolor="none", label=HOW_NAMES.get(k, k))
                       for k in data.parts if any(data.parts[k])] if len(data.parts) > 1 else []
        frame = new_frame(options, size, options.title if options.title is not None else title, footnote,
                          handles if options.legend else None)
        if isinstance(data, Matrix):
            _heatmap(frame, size, data, options)
        else:
            _bars(frame, size, data, options)
        return frame.fig


def _axes(frame: Frame, size: Any, left: float, bottom: float, width: float, height: float):
    ax = frame.fig.add_axes((left / size.width, bottom / size.height, width / size.width, height / size.height))
    return ax


def _heatmap(frame: Frame, size: Any, data: Matrix, options: FigureOptions) -> None:
    measure = frame.measure
    rows, cols = len(data.rows), len(data.columns)
    if not rows or not cols:
        return
    pt = options.label_pt
    for _ in range(12):
        row_w = max(measure.size(r, pt)[0] for r in data.rows) + 8
        # column names at 45°: each needs (width + height) / sqrt 2 above the grid
        col_h = max((measure.size(c, pt)[0] + measure.size(c, pt)[1]) * 0.7071 for c in data.columns) + 8
        last_w = measure.size(data.columns[-1], pt)[0] * 0.7071
        cell = min((frame.width - row_w - last_w) / cols, (frame.height - col_h) / rows)
        if cell >= 2.0 * pt * frame.pt_px or pt <= style.FIGURE_MIN_LABEL_PT:
            break
        pt = max(style.FIGURE_MIN_LABEL_PT, pt * 0.92)
    grid_w, grid_h = cell * cols, cell * rows
    left = frame.left + row_w + (frame.width - row_w - last_w - grid_w) / 2
    bottom = frame.bottom + (frame.height - col_h - grid_h) / 2
    ax = _axes(frame, size, left, bottom, grid_w, grid_h)
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)
    ax.set_axis_off()
    high = max(data.counts.values(), default=1)
    patches, colours = [], []
    for (i, j), n in sorted(data.counts.items()):
        patches.append(Rectangle((j + 0.04, i + 0.04), 0.92, 0.92))
        colours.append(_shade(HOW_COLOURS[data.how[(i, j)]], 0.45 + 0.55 * (n / high)))
    ax.add_collection(PatchCollection(patches, facecolors=colours, edgecolors="none", gid="heatmap-cells"))
    empty = [Rectangle((j + 0.04, i + 0.04), 0.92, 0.92) for i in range(rows) for j in range(cols)
             if (i, j) not in data.counts]
    ax.add_collection(PatchCollection(empty, facecolors="#f3f3f3", edgecolors="none", zorder=0))
    for (i, j), n in sorted(data.counts.items()):
        ax.text(j + 0.5, i + 0.5, str(n), ha="center", va="center", fontsize=pt, color="white",
                fontweight="bold", gid="heatmap-count")
    for i, name in enumerate(data.rows):
        ax.text(-0.15, i + 0.5, name, ha="right", va="center", fontsize=pt, color=style.FIGURE_TEXT_COLOR,
                gid="heatmap-row")
    for j, name in enumerate(data.columns):
        ax.text(j + 0.5, -0.15, name, ha="left", va="bottom", rotation=45, rotation_mode="anchor", fontsize=pt,
                color=style.FIGURE_TEXT_COLOR, gid="heatmap-column")


def _shade(hex_colour: str, strength: float) -> tuple[float, float, float]:
    """The colour mixed with white: strength 1 is the colour itself."""
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return (1 - strength + strength * r, 1 - strength + strength * g, 1 - strength + strength * b)


def _bars(frame: Frame, size: Any, data: Ranking, options: FigureOptions) -> None:
    measure = frame.measure
    n = len(data.names)
    if not n:
        return
    pt = options.label_pt + 1
    name_w = max(measure.size(name, pt)[0] for name in data.names) + 10
    totals = [sum(values[i] for values in data.parts.values()) for i in range(n)]
    value_w = measure.size(str(max(totals)), pt)[0] + 12
    axis_h = measure.size("0", pt)[1] * 3
    left = frame.left + name_w
    bottom = frame.bottom + axis_h
    width = frame.width - name_w - value_w
    height = frame.height - axis_h
    ax = _axes(frame, size, left, bottom, width, height)
    ax.set_ylim(n - 0.4, -0.6)
    ax.set_xlim(0, max(totals) * 1.0 or 1)
    starts = [0] * n
    for key, values in data.parts.items():
        ax.barh(range(n), values, left=starts, height=0.7, color=data.colours[key], gid=f"bars-{key}")
        starts = [s + v for s, v in zip(starts, values, strict=True)]
    for i, total in enumerate(totals):
        ax.text(total, i, f" {total}", va="center", ha="left", fontsize=pt, color=style.FIGURE_TEXT_COLOR,
                clip_on=False, gid="bar-value")
    ax.set_yticks(range(n), data.names, fontsize=pt)
    ax.tick_params(axis="y", length=0)
    ax.tick_params(axis="x", labelsize=pt - 1)
    ax.set_xlabel(data.value_label, fontsize=pt, color="#555555")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)

__all__ = ["CHARTS", "Chart", "HOW_COLOURS", "HOW_NAMES", "Matrix", "Ranking", "TECHNOLOGY_RANKING_CYPHER",
    "chart_data", "components_by_users_data", "member_components_data", "render_chart", "source_of",
    "top_technologies_data"]
