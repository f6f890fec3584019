"""Every command says what it does, and every command and option the CLI has is in the README: a command
nobody can discover, or one the README names that does not exist, is a bug."""

from __future__ import annotations

import re

import click
import pytest
from docs_text import documentation  # noqa: E402

from smals_graph.app.cli.main import main

README = documentation()  # README.md and docs/*.md


def commands(group: click.Group = main, prefix: str = "smals-graph") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in sorted(group.commands.items()):
        out.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            out += commands(command, f"{prefix} {name}")
    return out


@pytest.mark.parametrize("path,command", commands(), ids=[p for p, _ in commands()])
def test_every_command_has_help_and_every_option_a_text(path, command):
    assert command.help and command.help.strip(), f"{path} has no help text"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help or param.name in ("help",), f"{path} {param.opts[0]} has no help text"


@pytest.mark.parametrize("path,command", commands(), ids=[p for p, _ in commands()])
def test_every_command_and_option_is_in_the_readme(path, command):
    name = path.removeprefix("smals-graph ")
    if isinstance(command, click.Group):
        subs = "|".join(command.commands)
        assert re.search(rf"smals-graph {name} ({subs})", README), f"`{path}` is not in README.md"
        return
    *group, leaf = name.split(" ")
    # `smals-graph engine start|stop|status` documents each subcommand
    pattern = rf"smals-graph (\[.*?\] )?{re.escape(' '.join(group + ['']))}([\w-]+\|)*{re.escape(leaf)}\b"
    assert re.search(pattern, README), f"`{path}` is not in README.md"
    for param in command.params:
        if isinstance(param, click.Option):
            assert any(re.search(rf"(?<![\w-]){re.escape(o)}\b", README) for o in param.opts), \
                f"`{path} {param.opts[0]}` is not in README.md"


def test_global_options_are_documented():
    for param in main.params:
        if isinstance(param, click.Option):
            assert param.help, param.name
            assert any(o in README for o in param.opts if o.startswith("--")), param.opts
