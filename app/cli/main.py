"""`smals-graph`: thin commands over graph_model and loader. Errors go to stderr with non-zero exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from smals_graph.graph_model.errors import ConfigError, EngineUnavailable, SmalsGraphError
from smals_graph.graph_model.results import QueryResult, to_plain
from smals_graph.loader.knowledge import BUNDLED_REPORT

if TYPE_CHECKING:
    from smals_graph.graph_model.store import Store


class Context:
    def __init__(self, uri: str | None, data_dir: str | None, database: str | None = None) -> None:
        self.uri = uri
        self.data_dir = data_dir
        self.database = database

    def store(self, **kwargs: Any) -> Store:
        from smals_graph.graph_model.connect import connect

        store = connect(self.uri, data_dir=self.data_dir, database=self.database, **kwargs)
        try:
            # one connectivity check first: an unreachable server fails at once, not after the driver's retries
            # of the first transaction (seconds of "will be retried" lines on stderr)
            store.ping()
        except SmalsGraphError:
            store.close()
            raise
        return store


def _fail(exc: SmalsGraphError) -> None:
    # an unreachable database is one line, whatever the driver's message spans
    text = " ".join(str(exc).split()) if isinstance(exc, EngineUnavailable) else str(exc)
    click.echo(f"Error: {text}", err=True)
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
@click.option("--database", envvar="NEO4J_DATABASE", default=None,
              help="The Neo4j database to read and load (default: the server's default database, e.g. neo4j).")
@click.version_option(package_name="smals-graph")
@click.pass_context
def main(ctx: click.Context, uri: str | None, data_dir: str | None, database: str | None) -> None:
    """Explore the Smals ecosystem as a graph."""
    ctx.obj = Context(uri, data_dir, database)


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
        click.echo(f"{'database' if store.engine == 'neo4j' else 'graph'}: {store.database_name()}")
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


def format_result(result: QueryResult, fmt: str, *, raw_csv: bool = False) -> str:
    if fmt == "json":
        return json.dumps(result.to_json(), ensure_ascii=False, indent=2)
    if fmt == "csv":
        return result.to_csv(raw=raw_csv).rstrip("\n")
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
@click.option("--raw-csv", is_flag=True,
              help="CSV cells as they are: no quote before a leading = + - @ (formula neutralisation off).")
@click.pass_obj
def query(obj: Context, cypher: str, params: tuple[str, ...], fmt: str, timeout: float | None,
          max_rows: int | None, raw_csv: bool) -> None:
    """Run a read-only Cypher query."""
    values = dict(_parse_param(p) for p in params)
    with obj.store() as store:
        result = store.read(cypher, values, timeout=timeout, max_rows=max_rows)
    click.echo(format_result(result, fmt, raw_csv=raw_csv))
    if result.truncated:
        click.echo(f"(truncated at {len(result.rows)} rows)", err=True)
    if fmt == "table":
        click.echo(f"({len(result.rows)} rows, {result.elapsed_ms:.1f} ms, {result.engine})", err=True)


@main.command()
@click.argument("report", type=click.Path(), required=False)
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
@click.argument("reports", nargs=-1, type=click.Path())  # not a regular file: exit 7 (loader/report_file.py)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--allow-partial", is_flag=True,
              help="Load a report whose structure has gaps (a chapter not found, a section empty, counts out of "
                   "range); each gap becomes an error Problem. Without it such a report stops the load (exit 7).")
@click.option("--add", is_flag=True,
              help="Keep the editions already loaded and add these reports beside them (the loaded ones are read "
                   "again from their files; a report of the same year replaces its edition).")
@click.pass_obj
def load(obj: Context, reports: tuple[str, ...], quiet: bool, allow_partial: bool, add: bool) -> None:
    """Parse, resolve and load reports (default: the bundled one); several reports load side by side, one
    edition each. The previous graph stays on failure."""
    from smals_graph.graph_model.errors import ReportError
    from smals_graph.loader.describe import describe_read
    from smals_graph.loader.parse import parse_report
    from smals_graph.loader.structure import check_against_previous, previous_counts, structural_gaps
    from smals_graph.loader.write import load_dataset, loaded_reports

    paths = [str(Path(p).resolve()) for p in reports] or [str(BUNDLED_REPORT)]
    datasets = [parse_report(path) for path in paths]
    def stop_on_gaps() -> None:
        for path, dataset in zip(paths, datasets, strict=True):
            gaps = structural_gaps(dataset)
            if gaps and not allow_partial:
                click.echo(describe_read(dataset))
                more = f" (and {len(gaps) - 1} more structural gap(s))" if len(gaps) > 1 else ""
                raise ReportError(f"unreadable report: {gaps[0].message}{more}; nothing loaded, the previous "
                                  "graph is kept (--allow-partial loads it anyway)", line=gaps[0].line, source=path)

    stop_on_gaps()
    from smals_graph.app.view_model.search import cached_index

    with obj.store() as store:
        previous = previous_counts(store)
        for dataset in datasets:
            check_against_previous(dataset, previous)
        stop_on_gaps()
        if add:
            years = {int(d.source.year) for d in datasets}
            datasets = [parse_report(path) for year, path in loaded_reports(store) if year not in years] + datasets
        outcome = load_dataset(store, datasets, progress=not quiet)
        cached_index(store)  # the app's search index, built now rather than on its first search
    click.echo(outcome.describe())
    for dataset in datasets:
        click.echo(describe_read(dataset))


@main.group()
def engine() -> None:
    """The embedded engine (FalkorDB) of a data directory."""


@engine.command("start")
@click.pass_obj
def engine_start(obj: Context) -> None:
    """Start the embedded engine of the data directory (a no-op when it runs already)."""
    from smals_graph.graph_model.embedded import EmbeddedEngine

    info = EmbeddedEngine(obj.data_dir).ensure_running()
    click.echo(f"embedded engine running: pid {info.pid}, {info.where}")


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
    where = f"pid {status.info.pid}, {status.info.where}"
    if status.state == "running":
        click.echo(f"running: {where}")
        return
    click.echo(f"running but unhealthy: {where}: {status.detail}")
    sys.exit(EngineUnavailable.exit_code)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on (0.0.0.0: every interface).")
@click.option("--port", default=8501, show_default=True, type=int, help="Port to serve on.")
@click.option("--headless", is_flag=True, help="Never open a browser (one is opened only where a display exists).")
@click.option("--login", "login", type=click.Choice(["token", "oidc", "off"]), default=None,
              help="token (default): the URL printed carries the data directory's token; oidc: Streamlit's "
                   "st.login; off: no login (behind your own authenticating proxy).")
@click.pass_obj
def app(obj: Context, host: str, port: int, headless: bool, login: str | None) -> None:
    """Open the Streamlit explorer."""
    import os
    import subprocess

    from smals_graph.graph_model.app_token import LOGIN_ENV, app_token, login_mode
    from smals_graph.graph_model.embedded import default_data_dir

    from .serve import is_loopback, open_browser_when_up, streamlit_command

    env = dict(os.environ)
    if obj.uri:
        env["SMALS_GRAPH_URI"] = obj.uri
    if obj.data_dir:
        env["SMALS_GRAPH_DATA_DIR"] = obj.data_dir
    if obj.database:
        env["NEO4J_DATABASE"] = obj.database
    if login:
        env[LOGIN_ENV] = os.environ[LOGIN_ENV] = login
    mode = login_mode()
    command = streamlit_command(host, port)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    if mode == "token":
        data_dir = Path(obj.data_dir).expanduser() if obj.data_dir else default_data_dir()
        url += f"?token={app_token(data_dir)}"
    if not is_loopback(host):
        if mode == "off":
            click.echo(f"WARNING: serving on {host} with no login: anyone who reaches this port reads the graph. "
                       "Use --login token or oidc, or serve on 127.0.0.1.", err=True)
        elif mode == "token":
            click.echo(f"Note: serving on {host}: the token travels in clear over HTTP; put TLS in front "
                       "(a proxy) or use --login oidc.", err=True)
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
              help="Output file (csv: FILE.csv holds the nodes and FILE.edges.csv the relationships; or a directory that gets nodes.csv and edges.csv).")
@click.option("--query", "cypher", default=None,
              help="Export only the nodes and relationships this read-only query returns (default: whole graph).")
@click.option("--param", "-p", "params", multiple=True, help="name=value for --query, repeatable.")
@click.option("--max-rows", type=int, default=100_000, show_default=True,
              help="Row cap of --query (the export says when it was reached).")
@click.option("--raw-csv", is_flag=True,
              help="CSV cells as they are: no quote before a leading = + - @ (formula neutralisation off).")
@click.pass_obj
def export_command(obj: Context, fmt: str, out: str, cypher: str | None, params: tuple[str, ...],
                   max_rows: int, raw_csv: bool) -> None:
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
    for path in exporting.export(graph, fmt, out, raw_csv=raw_csv):
        click.echo(f"wrote {path}")
    click.echo(f"({graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships)", err=True)


SNAPSHOT_FORMATS = ("svg", "png", "pdf", "html")


def spread_list_option(args: Sequence[str], flags: Sequence[str], choices: Sequence[str]) -> list[str]:
    """`--format svg png` as `--format svg --format png`: the words after the flag's value that are among its
    choices belong to it rather than to the positional arguments."""
    out: list[str] = []
    flag, expecting, listing = "", False, False
    for index, arg in enumerate(args):
        if arg == "--":
            return out + list(args[index:])
        if expecting:
            out.append(arg)
            expecting, listing = False, True
        elif listing and arg in choices:
            out += [flag, arg]
        elif arg in flags:
            out.append(arg)
            flag, expecting, listing = arg, True, False
        elif arg.split("=", 1)[0] in flags and "=" in arg:
            out.append(arg)
            flag, listing = arg.split("=", 1)[0], True
        else:
            out.append(arg)
            listing = False
    return out


class ListOptionCommand(click.Command):
    """A command whose `--format` takes several values after one flag (see `spread_list_option`)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        option = next(p for p in self.params if p.name == "formats")
        choices = tuple(getattr(option.type, "choices", ()))
        return super().parse_args(ctx, spread_list_option(args, option.opts, choices))


def _say_cut(name: str, rows: int) -> None:
    click.echo(f"{name}: cut at {rows} rows (the query's row cap): the figure shows part of the answer", err=True)


@main.command(cls=ListOptionCommand)
@click.argument("specs", nargs=-1)
@click.option("--out", "out_dir", default="figures", show_default=True, type=click.Path(file_okay=False),
              help="Directory the figures are written to.")
@click.option("--format", "formats", multiple=True, type=click.Choice(SNAPSHOT_FORMATS),
              help="Override the specs' formats: --format svg png pdf html (or --format svg --format png).")
@click.option("--scale", type=click.Choice(["1", "2", "3"]), default=None, help="Override the PNG scale.")
@click.option("--size", default=None,
              help="Override the size: slide-16x9, slide-4x3, a4-landscape, square, or WxH[@DPI].")
@click.option("--background", type=click.Choice(["white", "dark", "transparent"]), default=None,
              help="Figure background: white, dark, or transparent with haloed text (default: the spec's, else white).")
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
                                on_cut=partial(_say_cut, spec.name))
            click.echo(f"{spec.name}: {', '.join(str(p) for p in paths)} "
                       f"({time.perf_counter() - started:.2f} s)")


@main.command("search")
@click.argument("text")
@click.option("--limit", type=click.IntRange(1, 200), default=10, show_default=True, help="How many hits to show.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: each hit with its sentence, the words found in [brackets]; json for tools.")
@click.pass_obj
def search_command(obj: Context, text: str, limit: int, fmt: str) -> None:
    """Full-text search over names, descriptions and quotes; each hit with the sentence it came from."""
    from smals_graph.app.view_model.text_search import search

    with obj.store() as store:
        hits = search(store, text, limit=limit)
    if fmt == "json":
        click.echo(json.dumps([h.to_json() for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo(f"No text holds {text!r}.", err=True)
        return
    for hit in hits:
        where = f", p. {hit.page}" if hit.page else ""
        click.echo(f"{hit.title} ({hit.label}, {hit.field}{where}) [{hit.key}]")
        click.echo(f"    {hit.marked()}")


def _scenes(obj: Context):
    from smals_graph.app.view_model.scenes import SceneStore, scenes_dir

    return SceneStore(Path(obj.data_dir) / "scenes" if obj.data_dir else scenes_dir())


@main.group()
def scene() -> None:
    """Saved scenes (saved from Explore): list, export as a figure spec, delete."""


@scene.command("list")
@click.pass_obj
def scene_list(obj: Context) -> None:
    """The saved scenes' names, with their node counts."""
    scenes = _scenes(obj)
    for name in scenes.names():
        found = scenes.load(name)
        click.echo(f"{name}: {len(found.nodes)} node(s), {len(found.rules)} rule(s), saved {found.saved_at}")


@scene.command("export")
@click.argument("name")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False),
              help="The figure spec file to write (.toml), for `smals-graph snapshot FILE`.")
@click.pass_obj
def scene_export(obj: Context, name: str, out: str) -> None:
    """Write a saved scene as a figure spec that `smals-graph snapshot` renders."""
    from smals_graph.app.view_model.scenes import scene_spec_toml

    spec = scene_spec_toml(_scenes(obj).load(name))
    Path(out).write_text(spec, encoding="utf-8")
    click.echo(out)


@scene.command("delete")
@click.argument("name")
@click.pass_obj
def scene_delete(obj: Context, name: str) -> None:
    """Delete a saved scene."""
    if not _scenes(obj).delete(name):
        raise ConfigError(f"No saved scene named {name!r}.")
    click.echo(f"Deleted scene {name!r}.")


if __name__ == "__main__":
    main()

__all__ = ["Context", "Group", "ListOptionCommand", "SNAPSHOT_FORMATS", "app", "engine", "engine_start",
    "engine_status", "engine_stop", "export_command", "format_result", "load", "main", "parse", "query",
    "snapshot", "spread_list_option", "status"]
