"""Canned queries: `.cypher` files in `cypher/` with a small header, data rather than code.

    // title: Who shares a component
    // description: Members and projects that use a reusable component, directly or through projects.
    // param: service | string | s:wave | key of the component (Service.id)
    MATCH ...

`param` lines read `name | type | default | help`; types are string, int, float, bool, list (comma-separated).
A file `name.falkordb.cypher` or `name.neo4j.cypher` beside `name.cypher` replaces it on that engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .dialect import ENGINES, parameter_names
from .errors import ConfigError

# Package data (smals_graph.cypher), the same files from the source tree and from an installed wheel.
CYPHER_DIR = Path(str(resources.files("smals_graph.cypher")))
_HEADER = re.compile(r"^//\s*(title|description|param|tags)\s*:\s*(.*)$")
_TYPES = ("string", "int", "float", "bool", "list")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str = "string"
    default: Any = None
    help: str = ""

    def convert(self, text: str) -> Any:
        return convert_value(text, self.type)


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    text: str  # the Cypher, header included (comments are harmless)
    parameters: tuple[Parameter, ...] = ()
    variants: dict[str, str] = field(default_factory=dict, compare=False)  # engine -> text of a sibling file
    path: Path | None = None
    tags: tuple[str, ...] = ()

    def text_for(self, engine: str) -> str:
        return self.variants.get(engine, self.text)

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.parameters}


def convert_value(text: str, type_name: str) -> Any:
    text = text.strip()
    if type_name == "int":
        return int(text)
    if type_name == "float":
        return float(text)
    if type_name == "bool":
        if text.lower() in ("true", "1", "yes"):
            return True
        if text.lower() in ("false", "0", "no"):
            return False
        raise ValueError(f"not a boolean: {text!r}")
    if type_name == "list":
        return [item.strip() for item in text.split(",") if item.strip()]
    return text


def parse_canned(text: str, name: str, path: Path | None = None) -> CannedQuery:
    meta: dict[str, str] = {}
    params: list[Parameter] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line.strip())
        if not match:
            if line.strip() and not line.strip().startswith("//"):
                break  # the header ends at the first line of Cypher
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "param":
            parts = [p.strip() for p in value.split("|")]
            if len(parts) < 2 or parts[1] not in _TYPES:
                raise ConfigError(f"{path or name}:{number}: param needs 'name | type | default | help' "
                                  f"with a type among {', '.join(_TYPES)}")
            default = convert_value(parts[2], parts[1]) if len(parts) > 2 and parts[2] != "" else None
            params.append(Parameter(parts[0], parts[1], default, parts[3] if len(parts) > 3 else ""))
        else:
            meta[key] = value
    if "title" not in meta:
        raise ConfigError(f"{path or name}: a canned query needs a '// title:' line")
    declared = {p.name for p in params}
    used = set(parameter_names(text))
    if used - declared:
        raise ConfigError(f"{path or name}: parameters used but not declared: {', '.join(sorted(used - declared))}")
    tags = tuple(t.strip() for t in meta.get("tags", "").split(",") if t.strip())
    return CannedQuery(name=name, title=meta["title"], description=meta.get("description", ""), text=text,
                       parameters=tuple(params), path=path, tags=tags)


def load_canned(directory: Path | None = None) -> dict[str, CannedQuery]:
    """Every canned query of the directory by name, sorted by title; siblings attached as variants."""
    directory = directory or CYPHER_DIR
    queries: dict[str, CannedQuery] = {}
    siblings: list[tuple[str, str, Path]] = []
    for path in sorted(directory.glob("*.cypher")):
        stem = path.name[: -len(".cypher")]
        base, _, engine = stem.rpartition(".")
        if base and engine in ENGINES:
            siblings.append((base, engine, path))
            continue
        queries[stem] = parse_canned(path.read_text(encoding="utf-8"), stem, path)
    for base, engine, path in siblings:
        if base not in queries:
            raise ConfigError(f"{path}: engine variant without a base file {base}.cypher")
        queries[base].variants[engine] = path.read_text(encoding="utf-8")
    return dict(sorted(queries.items(), key=lambda item: item[1].title.lower()))
