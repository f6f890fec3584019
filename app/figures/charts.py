"""Charts for questions that are not graph-shaped, in the same frame as the graph figures (title, legend, source
footnote, size presets, PNG/SVG/PDF):

- `member-components`: the member × component matrix as a heatmap — rows and columns sorted, both axes labelled
  in full, the count in every cell, the colour saying how the member uses the component (through a project,
  directly, or both);
- `top-technologies`: technologies ranked by the number of projects that name them (bars);
- `components-by-users`: reusable components ranked by the number of members using them (stacked bars: through
  projects, directly);
- `components-by-edition`: the same count in each edition of the report loaded (grouped bars, one per edition);
- `component-users-change`: before/after of one component's member users between two editions, each user marked
  kept, new or gone.

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
from smals_graph.app.view_model import changes, queries, style, usage

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


@dataclass
class Grouped:
    names: list[str]  # best first
    series: dict[str, list[int]]  # series (an edition) -> value per name, drawn side by side
    value_label: str
    colours: dict[str, str]
    years: str = ""
    pages: list[int] = field(default_factory=list)


@dataclass
class Transition:
    subject: str  # the component
    before: int
    after: int
    rows: list[tuple[str, str]]  # (user caption, kept | new | gone), in drawing order
    pages: list[int] = field(default_factory=list)

    @property
    def years(self) -> str:
        return f"{self.before}" if self.before == self.after else f"{self.before} and {self.after}"


LATEST_COLOUR, EARLIER_COLOURS = "#4e79a7", ["#d4d0cc", "#bab0ac", "#8f8a86"]  # the latest edition blue, older grey
STATE_COLOURS = {"kept": "#7f7f7f", "new": "#2e8540", "gone": "#c0392b"}
STATE_WORDS = {"kept": "in both", "new": "new", "gone": "gone"}


def _member_users(store: Any, year: int) -> dict[str, tuple[str, set[str]]]:
    """component key -> (name, its member users in that edition)."""
    out: dict[str, tuple[str, set[str]]] = {}
    for key, users in changes.users_by_edition(store, year).items():
        members = {u for u, facts in users.items() if facts[0].label == "Member"}
        if members:
            out[key] = (next(iter(users.values()))[0].component, members)
    return out


def components_by_edition_data(store: Any, *, top: int = 15) -> Grouped:
    """Member users of each component in every edition loaded, the components ranked by the latest edition."""
    years = changes.edition_years(store)
    per_year = {year: _member_users(store, year) for year in years}
    names = {k: name for counts in per_year.values() for k, (name, _) in counts.items()}
    latest = per_year[years[-1]] if years else {}
    def rank(k: str) -> tuple[int, int, str]:
        return (-len(latest.get(k, ("", set()))[1]),
                -max(len(c.get(k, ("", set()))[1]) for c in per_year.values()), names[k].lower())
    order = sorted(names, key=rank)[:top]
    series = {str(y): [len(per_year[y].get(k, ("", set()))[1]) for k in order] for y in years}
    older = EARLIER_COLOURS[-(len(years) - 1):] if len(years) > 1 else []
    colours = {str(y): (older[i] if i < len(older) else EARLIER_COLOURS[0]) for i, y in enumerate(years[:-1])}
    colours.update({str(y): LATEST_COLOUR for y in years[-1:]})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    return Grouped([names[k] for k in order], series, "members using the component", colours, span)


def component_users_change_data(store: Any, *, service: str = "s:wave", before: int | None = None,
                                after: int | None = None) -> Transition:
    """One component's member users in two editions (default: the last two loaded; one edition: itself)."""
    years = changes.edition_years(store)
    after = after or years[-1]
    before = before or (years[-2] if len(years) > 1 else after)
    old, new = _member_users(store, before).get(service), _member_users(store, after).get(service)
    subject = (new or old or (service, set()))[0]
    was, is_ = (old[1] if old else set()), (new[1] if new else set())
    captions = {u: f.user for users in (changes.users_by_edition(store, before).get(service, {}),
                                         changes.users_by_edition(store, after).get(service, {}))
                for u, facts in users.items() for f in facts[:1]}
    rows = ([(captions[u], "kept") for u in sorted(was & is_, key=lambda u: captions[u].lower())]
            + [(captions[u], "new") for u in sorted(is_ - was, key=lambda u: captions[u].lower())]
            + [(captions[u], "gone") for u in sorted(was - is_, key=lambda u: captions[u].lower())])
    return Transition(subject, before, after, rows)


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    data: Callable[..., Matrix | Ranking | Grouped | Transition]
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
    "components-by-edition": Chart("components-by-edition", "Reusable components by member users, per edition",
                                   components_by_edition_data,
                                   "Distinct member institutions using each component in each report"),
    "component-users-change": Chart("component-users-change", "Who uses the component, before and after",
                                    component_users_change_data,
                                    "Member institutions using it in each report: kept, new and gone"),
}


def chart_data(store: Any, name: str, params: dict[str, Any] | None = None
               ) -> Matrix | Ranking | Grouped | Transition:
    return CHARTS[name].data(store, **(params or {}))


# ---------------------------------------------------------------------------------------------- drawing
def source_of(data: Matrix | Ranking | Grouped | Transition, year: int = 2025) -> str:
    text = f"Source: {style.SOURCE_PUBLISHER}, {style.SOURCE_TITLE} {getattr(data, 'years', '') or year}"
    if data.pages:
        text += f", {'p.' if len(data.pages) == 1 else 'pp.'} {page_ranges(data.pages)}"
    return text


def render_chart(data: Matrix | Ranking | Grouped | Transition, options: FigureOptions | None = None,
                 title: str = "") -> Figure:
    options = options or FigureOptions()
    options.validate()
    size = preset(options.size)
    with rc_context(_rc()):
        footnote = " · ".join(p for p in (source_of(data) if options.footnote else "", options.note) if p)
        if isinstance(data, Matrix):
            handles = [Patch(facecolor=HOW_COLOURS[k], edgecolor="none", label=HOW_NAMES[k]) for k in HOW_COLOURS
                       if k in set(data.how.values())]
        elif isinstance(data, Grouped):
            handles = [Patch(facecolor=data.colours[k], edgecolor="none", label=k) for k in data.series]
        elif isinstance(data, Transition):
            handles = [Patch(facecolor=STATE_COLOURS[k], edgecolor="none", label=STATE_WORDS[k])
                       for k in STATE_COLOURS if any(state == k for _, state in data.rows)]
        else:
            handles = [Patch(facecolor=data.colours[k], edgecolor="none", label=HOW_NAMES.get(k, k))
                       for k in data.parts if any(data.parts[k])] if len(data.parts) > 1 else []
        frame = new_frame(options, size, options.title if options.title is not None else title, footnote,
                          handles if options.legend else None)
        if isinstance(data, Matrix):
            _heatmap(frame, size, data, options)
        elif isinstance(data, Grouped):
            _grouped_bars(frame, size, data, options)
        elif isinstance(data, Transition):
            _transition(frame, size, data, options)
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
    _bar_axes(ax, data.names, data.value_label, pt)


def _bar_axes(ax: Any, names: list[str], value_label: str, pt: float) -> None:
    """The frame of a horizontal bar chart: names on the left, an integer value axis with its grid below."""
    ax.set_yticks(range(len(names)), names, fontsize=pt)
    ax.tick_params(axis="y", length=0)
    ax.tick_params(axis="x", labelsize=pt - 1)
    ax.set_xlabel(value_label, fontsize=pt, color="#555555")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)


def _grouped_bars(frame: Frame, size: Any, data: Grouped, options: FigureOptions) -> None:
    """One bar per series (edition) for each name, side by side, each with its value."""
    measure = frame.measure
    n, k = len(data.names), len(data.series)
    if not n or not k:
        return
    pt = options.label_pt + 1
    name_w = max(measure.size(name, pt)[0] for name in data.names) + 10
    high = max(max(v) for v in data.series.values()) or 1
    value_w = measure.size(str(high), pt)[0] + 12
    axis_h = measure.size("0", pt)[1] * 3
    ax = _axes(frame, size, frame.left + name_w, frame.bottom + axis_h, frame.width - name_w - value_w,
               frame.height - axis_h)
    ax.set_ylim(n - 0.4, -0.6)
    ax.set_xlim(0, high)
    bar = 0.8 / k
    for j, (series, values) in enumerate(data.series.items()):
        ys = [i - 0.4 + bar * (j + 0.5) for i in range(n)]
        ax.barh(ys, values, height=bar * 0.92, color=data.colours[series], gid=f"bars-{series}")
        small = max(1.0, pt - (2 if k > 2 else 1))
        for y, value in zip(ys, values, strict=True):
            ax.text(value, y, f" {value}", va="center", ha="left", fontsize=small, color=style.FIGURE_TEXT_COLOR,
                    clip_on=False, gid="bar-value")
    _bar_axes(ax, data.names, data.value_label, pt)


def _transition(frame: Frame, size: Any, data: Transition, options: FigureOptions) -> None:
    """Two columns, the earlier and the later edition; a row per member user with a mark where it uses the
    component, a line where it stays, and the word kept/new/gone in its colour."""
    measure = frame.measure
    if not data.rows:
        return
    pt = options.label_pt + 1
    rows = len(data.rows)
    name_w = max(measure.size(name, pt)[0] for name, _ in data.rows)
    word_w = max(measure.size(w, pt)[0] for w in STATE_WORDS.values())
    head_h = measure.size("2025", pt)[1] * 2.2
    ax = _axes(frame, size, frame.left, frame.bottom, frame.width, frame.height - head_h)
    ax.set_axis_off()
    ax.set_xlim(0, frame.width)
    pad = max(0.0, (10 - rows) / 2)  # a few users keep a row's natural height, in the middle of the slide
    ax.set_ylim(rows - 0.5 + pad, -0.5 - pad)
    gap = 3 * pt * frame.pt_px
    span = min(frame.width - name_w - word_w - 4 * gap, frame.width * 0.45)
    left = (frame.width - (name_w + span + word_w + 4 * gap)) / 2
    x_before = left + name_w + 2 * gap
    x_after = x_before + span
    name_x, word_x = x_before - gap, x_after + gap
    for x, year in ((x_before, data.before), (x_after, data.after)):
        ax.text(x, -0.7, str(year), ha="center", va="bottom", fontsize=pt + 1, fontweight="bold",
                color=style.FIGURE_TEXT_COLOR, clip_on=False, gid="transition-edition")
    for i, (name, state) in enumerate(data.rows):
        colour = STATE_COLOURS[state]
        ax.text(name_x, i, name, ha="right", va="center", fontsize=pt, color=style.FIGURE_TEXT_COLOR,
                gid="transition-user")
        if state == "kept":
            ax.plot([x_before, x_after], [i, i], color=colour, linewidth=1.5, gid="transition-kept")
        if state in ("kept", "gone"):
            ax.plot([x_before], [i], marker="o", markersize=pt * 0.8, color=colour, gid=f"transition-{state}")
        if state in ("kept", "new"):
            ax.plot([x_after], [i], marker="o", markersize=pt * 0.8, color=colour, gid=f"transition-{state}")
        ax.text(word_x, i, STATE_WORDS[state], ha="left", va="center", fontsize=pt,
                color=colour, fontweight="bold" if state != "kept" else "normal", gid="transition-state")
__all__ = ["CHARTS", "Chart", "Grouped", "HOW_COLOURS", "HOW_NAMES", "Matrix", "Ranking", "TECHNOLOGY_RANKING_CYPHER",
    "Transition", "component_users_change_data", "components_by_edition_data",
    "chart_data", "components_by_users_data", "member_components_data", "render_chart", "source_of",
    "top_technologies_data"]
