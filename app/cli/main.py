"""`smals-graph`: thin commands over graph_model and loader. Errors go to stderr with non-zero exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from smals_graph.graph_model.errors import EngineUnavailable, SmalsGraphError
from smals_graph.graph_model.results import QueryResult, to_plain
from smals_graph.loader.knowledge import BUNDLED_REPORT


class Context:
    def __init__(self, uri: str | None, data_dir: str | None) -> None:
        self.uri = uri
        self.data_dir = data_dir

    def store(self, **kwargs: Any):
        from smals_graph.graph_model.store import connect

        return connect(self.uri, data_dir=self.data_dir, **kwargs)


def _fail(exc: SmalsGraphError) -> None:
    click.echo(f"Error: {exc}", err=True)
    sys.exit(exc.exit_code)


class Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SmalsGraphError as exc:
            _fail(exc)
        except OSError as exc:  # a file the command needs: name it, no traceback
            where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
            click.echo(f"Error: {exc.strerror or exc}{where}", err=True)
            sys.exit(1)
        except Exception as exc:
            import redis

            if not isinstance(exc, redis.exceptions.RedisError):
                raise
            click.echo(f"Error: the database failed: {exc}", err=True)
            sys.exit(EngineUnavailable.exit_code)


@click.group(cls=Group)
@click.option("--uri", envvar="SMALS_GRAPH_URI", default=None,
              help="embedded: (default), falkordb://host:port/graph, neo4j://, bolt://... "
                   "Without it: NEO4J_URI if set, else the embedded engine.")
@click.option("--data-dir", envvar="SMALS_GRAPH_DATA_DIR", default=None, type=click.Path(file_okay=False),
              help="Data directory of the embedded engine (default: the per-user data directory).")
@click.version_option(package_name="smals-graph")
@click.pass_context
def main(ctx: click.Context, uri: str | None, data_dir: str | None) -> None:
    """Explore the Smals ecosystem as a graph."""
    ctx.obj = Context(uri, data_dir)


@main.command()
@click.pass_obj
def status(obj: Context) -> None:
    """Engine, URI and counts per label and relationship type."""
    from smals_graph.graph_model.store import resolve_uri

    uri, origin = resolve_uri(obj.uri)
    with obj.store() as store:
        stats = store.stats()
        click.echo(f"engine: {store.engine}")
        click.echo(f"uri: {store.uri} (from {origin['source']})")
        click.echo(f"nodes: {stats.nodes}")
        for label, count in stats.labels.items():
            click.echo(f"  :{label} {count}")
        click.echo(f"relationships: {stats.relationships}")
        for rel_type, count in stats.relationship_types.items():
            click.echo(f"  [:{rel_type}] {count}")


def _parse_param(text: str) -> tuple[str, Any]:
    if "=" not in text:
        raise click.BadParameter(f"{text!r}: use name=value (value read as JSON when it parses, else as text)")
    name, raw = text.split("=", 1)
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return name.strip().lstrip("$"), value


def format_result(result: QueryResult, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result.to_json(), ensure_ascii=False, indent=2)
    if fmt == "csv":
        return result.to_csv().rstrip("\n")
    plain_rows = [[_cell(v) for v in row] for row in result.rows]
    widths = [len(c) for c in result.columns]
    for row in plain_rows:
        widths = [max(w, min(len(cell), 60)) for w, cell in zip(widths, row, strict=False)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(result.columns, widths, strict=False)),
             "-+-".join("-" * w for w in widths)]
    for row in plain_rows:
        lines.append(" | ".join(_clip(c, w).ljust(w) for c, w in zip(row, widths, strict=False)))
    return "\n".join(lines)


def _cell(value: Any) -> str:
    plain = to_plain(value)
    return plain if isinstance(plain, str) else json.dumps(plain, ensure_ascii=False)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@main.command()
@click.argument("cypher")
@click.option("--param", "-p", "params", multiple=True, help="name=value, repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="table for people; json (columns, rows, truncated, engine) or csv (null is an empty cell) for tools.")
@click.option("--timeout", type=float, default=None, help="Seconds, above 0 and at most 300 (default 5).")
@click.option("--max-rows", type=int, default=None,
              help="Row cap, 0 to 1,000,000 (default 1000); extra rows are cut.")
@click.pass_obj
def query(obj: Context, cypher: str, params: tuple[str, ...], fmt: str, timeout: float | None,
          max_rows: int | None) -> None:
    """Run a read-only Cypher query."""
    values = dict(_parse_param(p) for p in params)
    with obj.store() as store:
        result = store.read(cypher, values, timeout=timeout, max_rows=max_rows)
    click.echo(format_result(result, fmt))
    if result.truncated:
        click.echo(f"(truncated at {len(result.rows)} rows)", err=True)
    if fmt == "table":
        click.echo(f"({len(result.rows)} rows, {result.elapsed_ms:.1f} ms, {result.engine})", err=True)


@main.command()
@click.argument("report", type=click.Path(dir_okay=False), required=False)
@click.option("--json", "json_out", type=click.Path(dir_okay=False), default=None,
              help="Write the dataset (dataset.schema.json) to this file ('-' for stdout).")
def parse(report: str | None, json_out: str | None) -> None:
    """Parse a report (default: the bundled 2025 report) without a database."""
    from smals_graph.loader.describe import describe_dataset
    from smals_graph.loader.parse import parse_report

    dataset = parse_report(report or BUNDLED_REPORT)
    if json_out:
        text = json.dumps(dataset.to_json(), ensure_ascii=False, indent=2)
        if json_out == "-":
            click.echo(text)
        else:
            Path(json_out).write_text(text + "\n", encoding="utf-8")
    click.echo(describe_dataset(dataset), err=bool(json_out == "-"))


@main.command()
@click.argument("reports", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.pass_obj
def load(obj: Context, reports: tuple[str, ...], quiet: bool) -> None:
    """Parse, resolve and load reports (default: the bundled one); the previous graph stays on failure."""
    from smals_graph.loader.parse import parse_report
    from smals_graph.loader.write import load_dataset

    paths = list(reports) or [str(BUNDLED_REPORT)]
    datasets = [parse_report(path) for path in paths]
    from smals_graph.app.view_model.search import cached_index

    with obj.store() as store:
        outcome = load_dataset(store, datasets, progress=not quiet)
        cached_index(store)  # the app's search index, built now rather than on its first search
    click.echo(outcome.describe())


@main.group()
def engine() -> None:
    """The embedded engine (FalkorDB) of a data directory."""


@engine.command("start")
@click.pass_obj
def engine_start(obj: Context) -> None:
    """Start the embedded engine of the data directory (a no-op when it runs already)."""
    from smals_graph.graph_model.embedded import EmbeddedEngine

    info = EmbeddedEngine(obj.data_dir).ensure_running()
    click.echo(f"embedded engine running: pid {info.pid}, 127.0.0.1:{info.port}")


@engine.command("stop")
@click.pass_obj
def engine_stop(obj: Context) -> None:
    """Stop the embedded engine of the data directory, whatever its state (unhealthy, locked out, full disk);
    its data stays on disk."""
    from smals_graph.graph_model.embedded import EmbeddedEngine

    stopped = EmbeddedEngine(obj.data_dir).stop()
    click.echo("embedded engine stopped" if stopped else "embedded engine was not running")


@engine.command("status")
@click.pass_obj
def engine_status(obj: Context) -> None:
    """Say whether the embedded engine of the data directory runs (pid and port), or runs but is unhealthy
    (exit code 3, with the reason)."""
    from smals_graph.graph_model.embedded import EmbeddedEngine

    eng = EmbeddedEngine(obj.data_dir)
    status = eng.status()
    click.echo(f"data dir: {eng.data_dir}")
    if status.info is None:
        click.echo("not running")
        return
    where = f"pid {status.info.pid}, 127.0.0.1:{status.info.port}"
    if status.state == "running":
        click.echo(f"running: {where}")
        return
    click.echo(f"running but unhealthy: {where}: {status.detail}")
    sys.exit(EngineUnavailable.exit_code)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on (0.0.0.0: every interface).")
@click.option("--port", default=8501, show_default=True, type=int, help="Port to serve on.")
@click.option("--headless", is_flag=True, help="Never open a browser (one is opened only where a display exists).")
@click.pass_obj
def app(obj: Context, host: str, port: int, headless: bool) -> None:
    """Open the Streamlit explorer."""
    import os
    import subprocess

    from .serve import open_browser_when_up, streamlit_command

    env = dict(os.environ)
    if obj.uri:
        env["SMALS_GRAPH_URI"] = obj.uri
    if obj.data_dir:
        env["SMALS_GRAPH_DATA_DIR"] = obj.data_dir
    command = streamlit_command(host, port)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    click.echo(f"smals-graph app: {url}", err=True)
    server = subprocess.Popen(command, env=env)
    try:
        if not headless:
            open_browser_when_up(url, server)
        sys.exit(server.wait())
    except KeyboardInterrupt:
        server.terminate()
        sys.exit(server.wait())


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "csv", "json"]), required=True,
              help="graphml/gexf for Gephi and yEd; csv writes nodes.csv and edges.csv; json is node-link data.")
@click.option("--out", "out", required=True, type=click.Path(),
              help="Output file (csv: a directory, or FILE.csv giving FILE.nodes.csv and FILE.edges.csv).")
@click.option("--query", "cypher", default=None,
              help="Export only the nodes and relationships this read-only query returns (default: whole graph).")
@click.option("--param", "-p", "params", multiple=True, help="name=value for --query, repeatable.")
@click.option("--max-rows", type=int, default=100_000, show_default=True,
              help="Row cap of --query (the export says when it was reached).")
@click.pass_obj
def export_command(obj: Context, fmt: str, out: str, cypher: str | None, params: tuple[str, ...],
                   max_rows: int) -> None:
    """Export the graph (or a query's graph) with provenance attributes."""
    from smals_graph.graph_model import export as exporting
    from smals_graph.graph_model import nx_graph

    with obj.store() as store:
        if cypher:
            values = dict(_parse_param(p) for p in params)
            result = store.read(cypher, values, timeout=60, max_rows=max_rows)
            graph = nx_graph.from_result(result)
        else:
            graph = nx_graph.from_store(store)
    for path in exporting.export(graph, fmt, out):
        click.echo(f"wrote {path}")
    click.echo(f"({graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships)", err=True)


SNAPSHOT_FORMATS = ("svg", "png", "pdf", "html")


class ListOption(click.Option):
    """A repeatable option that also takes several values after one flag (`--format svg png`): the values that
    follow it, as long as they are among its choices, belong to it rather than to the positional arguments."""

    def add_to_parser(self, parser: Any, ctx: click.Context) -> None:
        super().add_to_parser(parser, ctx)
        choices = tuple(getattr(self.type, "choices", ()))
        for name in self.opts:
            option = parser._long_opt.get(name) or parser._short_opt.get(name)
            if option is None:
                continue
            previous = option.process

            def process(value: Any, state: Any, previous: Any = previous) -> None:
                previous(value, state)
                while state.rargs and state.rargs[0] in choices:
                    previous(state.rargs.pop(0), state)

            option.process = process


@main.command()
@click.argument("specs", nargs=-1)
@click.option("--out", "out_dir", default="figures", show_default=True, type=click.Path(file_okay=False),
              help="Directory the figures are written to.")
@click.option("--format", "formats", multiple=True, type=click.Choice(SNAPSHOT_FORMATS), cls=ListOption,
              help="Override the specs' formats: --format svg png pdf html (or --format svg --format png).")
@click.option("--scale", type=click.Choice(["1", "2", "3"]), default=None, help="Override the PNG scale.")
@click.option("--size", default=None,
              help="Override the size: slide-16x9, slide-4x3, a4-landscape, square, or WxH[@DPI].")
@click.option("--background", type=click.Choice(["white", "transparent"]), default=None,
              help="Figure background (default: the spec's, else white).")
@click.option("--list", "list_only", is_flag=True, help="List the shipped figure specs and exit.")
@click.pass_obj
def snapshot(obj: Context, specs: tuple[str, ...], out_dir: str, formats: tuple[str, ...], scale: str | None,
             size: str | None, background: str | None, list_only: bool) -> None:
    """Render figure specs (cypher/figures/*.toml, or .toml paths) headlessly; no SPEC: every shipped one."""
    import time

    from smals_graph.app.figures.snapshot import find_spec, render_spec, shipped_specs

    chosen = [find_spec(name) for name in specs] if specs else shipped_specs()
    if list_only:
        for spec in chosen:
            click.echo(f"{spec.name}: {spec.title or spec.query} ({spec.size}, x{spec.scale}, "
                       f"{', '.join(spec.formats)})")
        return
    with obj.store() as store:
        for spec in chosen:
            started = time.perf_counter()
            paths = render_spec(store, spec, out_dir, formats=tuple(formats) or None,
                                scale=int(scale) if scale else None, size=size, background=background,
                                on_cut=lambda rows, name=spec.name: click.echo(
                                    f"{name}: cut at {rows} rows (the query's row cap): the figure shows part "
                                    "of the answer", err=True))
            click.echo(f"{spec.name}: {', '.join(str(p) for p in paths)} "
                       f"({time.perf_counter() - started:.2f} s)")


if __name__ == "__main__":
    main()
