"""Canned queries: `.cypher` files in `cypher/` with a small header, data rather than code.

    // title: Who shares a component
    // description: Members and projects that use a reusable component, directly or through projects.
    // param: service | string | s:wave | key of the component (Service.id)
    // picker: service = component
    // phrase: who shares {service}
    MATCH ...

`param` lines read `name | type | default | help`; types are string, int, float, bool, list (comma-separated).
`picker` lines give a parameter a searchable select of names whose value is the key (`name = kind`, kind one of
PICKER_KINDS; a parameter named like a kind gets it without a line). `phrase` lines are search phrases offered by
Explore's search box, `{name}` standing for a picker parameter. `max_rows` is the query's own row cap (an answer
that grows with the graph is cut there, and the cut is said).
A file `name.falkordb.cypher` or `name.neo4j.cypher` beside `name.cypher` replaces it on that engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, ValidationError, field_validator

from .dialect import ENGINES, parameter_names
from .errors import ConfigError

# Package data (smals_graph.cypher), the same files from the source tree and from an installed wheel.
CYPHER_DIR = Path(str(resources.files("smals_graph.cypher")))
_HEADER = re.compile(r"^//\s*(title|description|param|tags|picker|phrase|max_rows)\s*:\s*(.*)$")
_TYPES = ("string", "int", "float", "bool", "list")
# a picker kind -> the label whose nodes it lists (by name, the key goes to the query)
PICKER_KINDS = {"component": "Service", "member": "Member", "technology": "Technology", "project": "Project"}
_SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str = "string"
    default: Any = None
    help: str = ""
    picker: str | None = None  # a PICKER_KINDS key

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
    phrases: tuple[str, ...] = ()  # "members using {component}"
    max_rows: int | None = None  # its row cap (`// max_rows: 200`): an answer that grows with the graph is cut
    # there, and the cut is announced (QueryResult.truncated); None: the caller's cap

    def text_for(self, engine: str) -> str:
        return self.variants.get(engine, self.text)

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.parameters}

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


def picker_kind(name: str, declared: Parameter | None = None) -> str | None:
    """The picker of a parameter: its header's, else the kind it is named after ($component, $member...)."""
    if declared is not None and declared.picker:
        return declared.picker
    return name if name in PICKER_KINDS else None


def phrase_slots(phrase: str) -> list[str]:
    return _SLOT.findall(phrase)


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


class CannedHeader(BaseModel):
    """The header of a canned query once read: what the `// key: value` lines may say, typed."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1)
    description: str = ""
    tags: tuple[str, ...] = ()
    max_rows: PositiveInt | None = None
    parameters: tuple[Parameter, ...] = ()
    phrases: tuple[str, ...] = ()

    @field_validator("tags", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        return tuple(t.strip() for t in value.split(",") if t.strip()) if isinstance(value, str) else value


def header_lines(text: str) -> list[tuple[int, str, str]]:
    """(line number, key, value) of the header: the `// key: value` lines before the first line of Cypher."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line.strip())
        if match:
            found.append((number, match.group(1), match.group(2).strip()))
        elif line.strip() and not line.strip().startswith("//"):
            break
    return found


def _parameter(value: str, where: str) -> Parameter:
    parts = [p.strip() for p in value.split("|")]
    if len(parts) < 2 or parts[1] not in _TYPES:
        raise ConfigError(f"{where}: param needs 'name | type | default | help' with a type among {', '.join(_TYPES)}")
    default = convert_value(parts[2], parts[1]) if len(parts) > 2 and parts[2] != "" else None
    return Parameter(parts[0], parts[1], default, parts[3] if len(parts) > 3 else "")


def _picker(value: str, where: str) -> tuple[str, str]:
    name, _, kind = (part.strip() for part in value.partition("="))
    kind = kind or name
    if kind not in PICKER_KINDS:
        raise ConfigError(f"{where}: picker needs 'param = kind' with a kind among {', '.join(PICKER_KINDS)}")
    return name, kind


def _check_names(text: str, params: list[Parameter], pickers: dict[str, str], where: str) -> None:
    declared = {p.name for p in params}
    used = set(parameter_names(text))
    if used - declared:
        raise ConfigError(f"{where}: parameters used but not declared: {', '.join(sorted(used - declared))}")
    if set(pickers) - declared:
        raise ConfigError(f"{where}: picker for undeclared parameters: {', '.join(sorted(set(pickers) - declared))}")


def _check_phrases(phrases: list[str], params: list[Parameter], where: str) -> None:
    pickable = {p.name for p in params if p.picker}
    for phrase in phrases:
        slots = phrase_slots(phrase)
        if len(slots) != 1 or slots[0] not in pickable:
            raise ConfigError(f"{where}: phrase {phrase!r} needs exactly one {{name}} of a picker parameter "
                              f"({', '.join(sorted(pickable)) or 'none here'})")


def parse_canned(text: str, name: str, path: Path | None = None) -> CannedQuery:
    where = str(path or name)
    meta: dict[str, str] = {}
    params: list[Parameter] = []
    pickers: dict[str, str] = {}
    phrases: list[str] = []
    for number, key, value in header_lines(text):
        if key == "param":
            params.append(_parameter(value, f"{where}:{number}"))
        elif key == "picker":
            param, kind = _picker(value, f"{where}:{number}")
            pickers[param] = kind
        elif key == "phrase":
            phrases.append(value)
        else:
            meta[key] = value
    if "title" not in meta:
        raise ConfigError(f"{where}: a canned query needs a '// title:' line")
    _check_names(text, params, pickers, where)
    params = [replace(p, picker=pickers.get(p.name) or picker_kind(p.name)) for p in params]
    _check_phrases(phrases, params, where)
    try:
        header = CannedHeader.model_validate({**meta, "parameters": params, "phrases": phrases})
    except ValidationError as exc:
        raise ConfigError(f"{where}: " + "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                                                    for e in exc.errors())) from None
    return CannedQuery(name=name, title=header.title, description=header.description, text=text,
                       parameters=header.parameters, path=path, tags=header.tags, phrases=header.phrases,
                       max_rows=header.max_rows)


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

__all__ = ["CYPHER_DIR", "CannedHeader", "CannedQuery", "PICKER_KINDS", "Parameter", "convert_value",
    "header_lines", "load_canned", "parse_canned", "phrase_slots", "picker_kind"]
