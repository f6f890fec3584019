"""Figure specs (`cypher/figures/*.toml`) rendered headlessly to files: every slide figure regenerates with
one command (`smals-graph snapshot --out DIR`) after a new report is loaded.

A spec (all keys optional except a query):

    title = "Who shares Wave"                  # figure title (default: the canned query's title)
    subtitle = "Projects that reuse Wave..."   # one line under the title
    query = "figure-service-users"             # a canned query, cypher/<name>.cypher ...
    # cypher = "MATCH (a)-[r]->(b) RETURN a, r, b LIMIT 50"   # ... or an inline read-only query
    # chart = "member-components"              # ... or a chart (app/figures/charts.py): member-components
    #                                          #     (heatmap), top-technologies, components-by-users (bars)
    seed = 42                                  # layout seed: same spec, same picture
    layout = "auto"                            # auto | radial | layered | community | spring (app/view_model/layout.py)
    centre = "s:wave"                          # the node in the middle of a radial layout (a key)
    size = "slide-16x9"                        # slide-16x9 | slide-4x3 | a4-landscape | square | WxH[@DPI]
    scale = 2                                  # 1, 2 or 3 (PNG pixels; SVG/PDF are vector)
    background = "white"                       # white | transparent
    formats = ["svg", "png"]                   # any of svg, png, pdf, html
    name = "wave-users"                        # output file stem (default: the spec's file stem)
    max_rows = 5000

    [params]                                   # the query's parameters (canned defaults otherwise)
    service = "s:wave"

    [style]
    legend = true                              # legend of labels and relationship types
    footnote = true                            # "Source: Smals, Rapport d'activités 2025, p. N"
    note = ""                                  # extra footnote text
    edge_labels = false
    size_by = ""                               # "" (degree, as on screen) | degree | betweenness
    colour_by = ""                             # "" | community | a node property, e.g. category
    colour_title = ""                          # legend prefix of the groups, e.g. "Category"
    label_pt = 10.0
    svg_text = "text"                          # text (editable) | path (glyph outlines)
    rules = '[{"set":"colour","value":"#d62728","property":"status_norm","equals":"done"}]'
                                               # styling rules (app/view_model/style_rules.py), as JSON: colour
                                               # rules colour the nodes they match, with a legend line each
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from smals_graph.app.figures.charts import CHARTS, chart_data, render_chart
from smals_graph.app.figures.presets import DEFAULT_PRESET, preset
from smals_graph.app.figures.render import FORMATS, FigureOptions, figure_bytes, render
from smals_graph.app.view_model.layout import DEFAULT_SEED, KINDS
from smals_graph.app.view_model.style_rules import StyleRule, apply_rules, rules_from_url
from smals_graph.app.view_model.view import GraphView
from smals_graph.graph_model.canned import CYPHER_DIR, load_canned
from smals_graph.graph_model.errors import ConfigError

SPEC_DIR = CYPHER_DIR / "figures"
OUTPUT_FORMATS = (*FORMATS, "html")


class SpecStyle(BaseModel):
    """The `[style]` table of a figure spec."""

    model_config = ConfigDict(extra="forbid")
    legend: bool = True
    footnote: bool = True
    note: str = ""
    edge_labels: bool = False
    size_by: str = ""
    colour_by: str = ""
    colour_title: str = ""
    label_pt: float | None = None
    svg_text: str = "text"
    rules: str = ""  # styling rules as JSON (app/view_model/style_rules.py): colour rules colour the nodes


class SpecFile(BaseModel):
    """What a figure spec's TOML may hold (cypher/figures/*.toml): unknown keys are refused, types checked."""

    model_config = ConfigDict(extra="forbid")
    name: str = ""
    title: str = ""
    subtitle: str = ""
    description: str = ""
    query: str = ""  # a canned query name
    cypher: str = ""  # an inline query
    chart: str = ""  # a chart of app/figures/charts.py instead of a graph
    params: dict[str, Any] = {}
    seed: int = DEFAULT_SEED
    layout: str = "auto"
    centre: str = ""
    size: str = DEFAULT_PRESET
    scale: int = 1
    background: str = "white"
    formats: list[str] = ["svg", "png"]
    max_rows: int = 5000
    style: SpecStyle = SpecStyle()

    @model_validator(mode="after")
    def _one_source_known_values(self) -> SpecFile:
        if sum(bool(source) for source in (self.query, self.cypher, self.chart)) != 1:
            raise ValueError("give exactly one of 'query' (a canned query name), 'cypher' or 'chart'")
        if self.chart and self.chart not in CHARTS:
            raise ValueError(f"chart must be one of {', '.join(CHARTS)}")
        self.formats = [f.lower() for f in self.formats]
        if set(self.formats) - set(OUTPUT_FORMATS):
            raise ValueError(f"formats must be among {', '.join(OUTPUT_FORMATS)}")
        if self.layout not in KINDS:
            raise ValueError(f"layout must be one of {', '.join(KINDS)}")
        return self


@dataclass
class FigureSpec:
    name: str
    path: Path | None = None
    title: str = ""
    subtitle: str = ""
    description: str = ""
    query: str = ""  # canned query name
    cypher: str = ""  # inline query
    chart: str = ""  # a chart of app/figures/charts.py instead of a graph
    params: dict[str, Any] = field(default_factory=dict)
    seed: int = DEFAULT_SEED
    layout: str = "auto"
    centre: str = ""
    size: str = DEFAULT_PRESET
    scale: int = 1
    background: str = "white"
    formats: tuple[str, ...] = ("svg", "png")
    max_rows: int = 5000
    style: dict[str, Any] = field(default_factory=dict)

    def options(self, view: GraphView | None = None) -> FigureOptions:
        st = self.style
        options = FigureOptions(
            size=self.size, scale=self.scale, background=self.background, title=self.title or None,
            subtitle=self.subtitle, legend=bool(st.get("legend", True)), footnote=bool(st.get("footnote", True)),
            note=str(st.get("note", "")), edge_labels=bool(st.get("edge_labels", False)),
            label_pt=float(st.get("label_pt", FigureOptions.label_pt)), svg_text=str(st.get("svg_text", "text")),
        )
        if view is not None:
            apply_metrics(view, options, size_by=str(st.get("size_by", "")), colour_by=str(st.get("colour_by", "")),
                          colour_title=str(st.get("colour_title", "")), seed=self.seed)
            if st.get("rules"):
                apply_style_rules(view, options, rules_from_url(str(st["rules"])))
        return options


def parse_spec(data: dict[str, Any], name: str, path: Path | None = None) -> FigureSpec:
    where = path or name
    try:
        spec_file = SpecFile.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{where}: {_problems(exc)}") from None
    spec = FigureSpec(
        name=spec_file.name or name, path=path, title=spec_file.title, subtitle=spec_file.subtitle,
        description=spec_file.description, query=spec_file.query, cypher=spec_file.cypher,
        params=dict(spec_file.params), seed=spec_file.seed, size=spec_file.size, scale=spec_file.scale,
        background=spec_file.background, formats=tuple(spec_file.formats), max_rows=spec_file.max_rows,
        style=spec_file.style.model_dump(exclude_unset=True), layout=spec_file.layout, centre=spec_file.centre,
        chart=spec_file.chart,
    )
    try:
        preset(spec.size)
        spec.options().validate()
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    return spec


def _problems(exc: ValidationError) -> str:
    """pydantic's findings on one line, `key.sub: message` each (a finding on the whole spec has no key)."""
    found = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        found.append(f"{where}: {message}" if where else message)
    return "; ".join(found)


def load_spec(path: str | Path) -> FigureSpec:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    return parse_spec(data, path.stem, path)


def shipped_specs(directory: Path | None = None) -> list[FigureSpec]:
    return [load_spec(p) for p in sorted((directory or SPEC_DIR).glob("*.toml"))]


def find_spec(name: str, directory: Path | None = None) -> FigureSpec:
    """A spec by file path, or by name among the shipped ones."""
    path = Path(name)
    if path.suffix == ".toml" and path.exists():
        return load_spec(path)
    candidate = (directory or SPEC_DIR) / f"{name}.toml"
    if candidate.exists():
        return load_spec(candidate)
    for spec in shipped_specs(directory):
        if spec.name == name:
            return spec
    raise ConfigError(f"no figure spec {name!r} (a .toml path, or one of: "
                      f"{', '.join(s.name for s in shipped_specs(directory))})")


def spec_query(spec: FigureSpec, engine: str) -> tuple[str, dict[str, Any], str]:
    """(cypher, parameters, default title) of a spec for an engine."""
    if spec.cypher:
        return spec.cypher, dict(spec.params), spec.title
    canned = load_canned().get(spec.query)
    if canned is None:
        raise ConfigError(f"{spec.path or spec.name}: no canned query {spec.query!r} in {CYPHER_DIR}")
    params = canned.defaults()
    declared = {p.name: p for p in canned.parameters}
    for key, value in spec.params.items():
        if key not in declared:
            raise ConfigError(f"{spec.path or spec.name}: query {spec.query!r} has no parameter {key!r}")
        params[key] = value
    return canned.text_for(engine), params, canned.title


def spec_result(store: Any, spec: FigureSpec) -> tuple[Any, str]:
    """(result, default title) of the spec's query, under the spec's row cap or its canned query's if lower."""
    cypher, params, default_title = spec_query(spec, store.engine)
    canned = load_canned().get(spec.query) if spec.query and not spec.cypher else None
    cap = min(spec.max_rows, canned.max_rows) if canned is not None and canned.max_rows else spec.max_rows
    return store.read(cypher, params, timeout=60, max_rows=cap), default_title


def spec_view(store: Any, spec: FigureSpec) -> GraphView:
    """Run the spec's query and lay the result out with its seed: the view the figure shows (a cut at the row
    cap is kept in `view.truncated_at`)."""
    result, default_title = spec_result(store, spec)
    return GraphView.from_result(result, title=spec.title or default_title, seed=spec.seed,
                                 layout_kind=spec.layout, centre_key=spec.centre or None)


def apply_metrics(view: GraphView, options: FigureOptions, *, size_by: str = "", colour_by: str = "",
                  colour_title: str = "", seed: int = DEFAULT_SEED) -> None:
    """Size nodes by a metric and/or colour them by a property or their community, measured on the view."""
    if size_by and size_by != "":
        from smals_graph.graph_model import analytics
        from smals_graph.graph_model.nx_graph import analytic_graph, from_view

        graph = analytic_graph(from_view(view), labels=_all_labels(view))
        values = analytics.metric(graph, size_by, seed=seed)
        options.sizes = {graph.nodes[k]["engine_id"]: v for k, v in values.items()}
        options.size_metric = size_by
    if colour_by == "community":
        from smals_graph.graph_model import analytics
        from smals_graph.graph_model.nx_graph import analytic_graph, from_view

        graph = analytic_graph(from_view(view), labels=_all_labels(view))
        parts = analytics.community_of(analytics.communities(graph, seed=seed))
        options.groups = {graph.nodes[k]["engine_id"]: f"{v:02d}" for k, v in parts.items()}
        options.group_title = colour_title or "community"
        options.regions = community_regions(view, options.groups)
    elif colour_by:
        options.groups = {node_id: str(node.properties[colour_by]) for node_id, node in view.nodes.items()
                          if node.properties.get(colour_by) not in (None, "")}
        options.group_title = colour_title or colour_by


def apply_style_rules(view: GraphView, options: FigureOptions, rules: list[StyleRule]) -> None:
    """Colour rules as figure groups: each matched node takes its rule's colour, each rule a legend line."""
    colour_rules = [r for r in rules if r.set == "colour"]
    looks = apply_rules(colour_rules, view.nodes.values())
    if not looks:
        return
    names = {str(r.value): r.describe() for r in reversed(colour_rules)}  # the first rule of a colour names it
    options.groups = {node_id: names[str(look.colour)] for node_id, look in looks.items()}
    options.group_colours = {names[colour]: colour for colour in names}
    options.group_title = ""
NAMING_LABELS = ("Member", "Service", "Organization")  # a community is named after one of these first


def community_regions(view: GraphView, groups: dict[str, str]) -> dict[str, list[str]]:
    """Community -> its nodes, named by its best-known node: the best-connected member or component (a
    project only when the community has neither)."""
    degree = view.degrees()
    members: dict[str, list[str]] = {}
    for node_id, group in groups.items():
        if node_id in view.nodes:
            members.setdefault(group, []).append(node_id)
    regions = {}
    for _, ids in sorted(members.items()):
        best = max(sorted(ids), key=lambda n: (view.nodes[n].label in NAMING_LABELS, degree[n]))
        regions[f"{view.nodes[best].caption} ({len(ids)})"] = sorted(ids)
    return regions


def _all_labels(view: GraphView) -> set[str]:
    return {n.label for n in view.nodes.values()}


def render_spec(store: Any, spec: FigureSpec, out_dir: str | Path, *, formats: tuple[str, ...] | None = None,
                scale: int | None = None, size: str | None = None,
                background: str | None = None, on_cut: Callable[[int], None] | None = None) -> list[Path]:
    """Render one spec into `out_dir` (`<name>.<fmt>`); command-line overrides win over the spec. `on_cut(rows)`
    is told when the spec's query was cut at its row cap."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if spec.chart:
        return _render_chart_spec(store, spec, out_dir, formats=formats, scale=scale, size=size,
                                  background=background)
    view = spec_view(store, spec)
    if view.truncated_at and on_cut is not None:
        on_cut(view.truncated_at)
    options = spec.options(view)
    if scale is not None:
        options.scale = scale
    if size is not None:
        options.size = size
    if background is not None:
        options.background = background
    options.validate()
    written = []
    fig = None
    for fmt in formats or spec.formats:
        path = out_dir / f"{spec.name}.{fmt}"
        if fmt == "html":
            from smals_graph.app.figures.html import write_html

            written.append(write_html(view, path, title=options.title))
            continue
        fig = fig or render(view, options)
        path.write_bytes(figure_bytes(fig, fmt, options))
        written.append(path)
    return written


def spec_chart(store: Any, spec: FigureSpec) -> tuple[Figure, FigureOptions]:
    """A chart spec drawn: the figure and the options it was drawn with."""
    chart = CHARTS[spec.chart]
    options = spec.options()
    if not options.subtitle:
        options.subtitle = chart.subtitle
    data = chart_data(store, spec.chart, spec.params)
    return render_chart(data, options, title=spec.title or chart.title), options


def _render_chart_spec(store: Any, spec: FigureSpec, out_dir: Path, *, formats: tuple[str, ...] | None,
                       scale: int | None, size: str | None, background: str | None) -> list[Path]:
    import html as html_text

    if size is not None or background is not None:
        spec = replace(spec, size=size or spec.size, background=background or spec.background)
    fig, options = spec_chart(store, spec)
    if scale is not None:
        options.scale = scale
    written = []
    for fmt in formats or spec.formats:
        path = out_dir / f"{spec.name}.{fmt}"
        if fmt == "html":  # a chart is not interactive: the page holds its SVG
            svg = figure_bytes(fig, "svg", options).decode("utf-8")
            svg = svg[svg.index("<svg"):]
            title = html_text.escape(options.title or CHARTS[spec.chart].title)
            path.write_text(f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
                            f'</head><body style="margin:0">{svg}</body></html>\n', encoding="utf-8")
        else:
            path.write_bytes(figure_bytes(fig, fmt, options))
        written.append(path)
    return written

__all__ = ["FigureSpec", "OUTPUT_FORMATS", "SPEC_DIR", "SpecFile", "SpecStyle", "apply_metrics", "find_spec",
    "load_spec", "parse_spec", "render_spec", "shipped_specs", "spec_chart", "spec_query", "spec_result",
    "spec_view"]
