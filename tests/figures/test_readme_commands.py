"""The README's `snapshot` and `export` command lines run as written (against the small graph, output into a
temporary directory): documentation that cannot drift from the command line."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from docs_text import documentation  # noqa: E402

from smals_graph.app.cli.main import main


def readme_commands(verbs: tuple[str, ...] = ("snapshot", "export")) -> list[str]:
    """Lines of the documentation's sh blocks that run `smals-graph <verb>`, comments dropped."""
    text = documentation()
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.split(" #")[0].strip()
            if any(line.startswith(f"smals-graph {verb} ") or line == f"smals-graph {verb}" for verb in verbs):
                lines.append(line)
    return lines


def as_arguments(line: str, out: Path) -> list[str]:
    """The line as argv: `[...]` optional parts dropped, `a|b|c` choices take the first, the output in `out`."""
    line = re.sub(r"\s\[[^\]]*\]", "", line)
    words = shlex.split(line)[1:]
    words = [w.split("|")[0] if re.fullmatch(r"[\w-]+(\|[\w-]+)+", w) else w for w in words]
    for i, word in enumerate(words):
        if word == "--out" and i + 1 < len(words):
            words[i + 1] = str(out / words[i + 1].strip("./").replace("/", "") or out)
    return words


def test_readme_has_the_commands():
    found = readme_commands()
    assert any("--format svg png pdf html" in line for line in found), found
    assert any(line.startswith("smals-graph export") for line in found)


@pytest.mark.parametrize("line", readme_commands(), ids=lambda line: line[:60])
def test_readme_command_runs(store_uri, tmp_path, line):
    args = as_arguments(line, tmp_path)
    result = CliRunner().invoke(main, ["--uri", store_uri, *args])
    assert result.exit_code == 0, f"{line}\n{result.output}"
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written, f"{line} wrote nothing"
    if "--format svg png pdf html" in line:
        assert sorted(p.suffix for p in written) == [".html", ".pdf", ".png", ".svg"]
