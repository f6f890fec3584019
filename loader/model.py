"""The dataset of one report as typed records, shared by the parser (builds it), the writer (reads it) and the
JSON output (`Dataset.to_json()`, the contract of tests/fixtures/dataset.schema.json plus the extra keys that
loader/parse.py describes).

Field order is the JSON key order. `from_json` reads what `to_json` writes, and also a hand-made dataset that
follows the contract with fewer keys (missing optional keys take the defaults below; unknown keys are ignored,
as the writer always ignored them). The records are plain dataclasses (the parser builds them fast and edits
them in place); pydantic checks JSON on the way in and generates the dataset's JSON Schema,
docs/dataset.schema.json (`python -m smals_graph.loader.model` writes it; a test compares).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Self

from pydantic import TypeAdapter, ValidationError


class Record:
    """JSON in and out for the records below. In: pydantic v2 checks the JSON against the record's type hints
    (nested records and lists included) and builds the records. Out: field order; fields in `_optional` are
    left out while they are None."""

    __slots__ = ()
    _optional: ClassVar[frozenset[str]] = frozenset()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if value is None and f.name in self._optional:
                continue
            out[f.name] = _json_value(value)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        """The record of `data`; unknown keys are ignored, a missing or mistyped field is a ValueError naming it."""
        try:
            return _adapter(cls).validate_python(data)
        except ValidationError as exc:
            where = "; ".join(f"{'.'.join(repr(part) for part in error['loc'])}: {error['msg']}"
                              for error in exc.errors())
            raise ValueError(f"{cls.__name__}: {where}") from None


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def _adapter(cls: type[Record]) -> TypeAdapter[Any]:
    """One adapter per record class (building one compiles its validator)."""
    if cls not in _ADAPTERS:
        _ADAPTERS[cls] = TypeAdapter(cls)
    return _ADAPTERS[cls]


def dataset_json_schema() -> dict[str, Any]:
    """The JSON Schema of `Dataset.to_json()`, generated from the records (kept as docs/dataset.schema.json)."""
    schema = _adapter(Dataset).json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$comment": "Generated from loader/model.py: python -m smals_graph.loader.model > docs/dataset.schema.json",
            **schema}


def _json_value(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_json()
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


@dataclass(slots=True, kw_only=True)
class Source(Record):
    file: str
    sha256: str
    title: str | None = None
    year: int
    language: str = "fr"


@dataclass(slots=True, kw_only=True)
class Member(Record):
    id: str
    name: str
    category: str
    acronym: str | None = None
    aliases: list[str] = field(default_factory=list)
    duplicate_of: str | None = None
    line: int
    page: int | None = None


@dataclass(slots=True, kw_only=True)
class Organization(Record):
    id: str
    name: str
    line: int
    page: int | None = None


@dataclass(slots=True, kw_only=True)
class Application(Record):
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    line: int
    page: int | None = None
    project_id: str | None = None


@dataclass(slots=True, kw_only=True)
class Client(Record):
    """One name of a project's client line, resolved (loader/resolve.py says what `rule` means)."""

    raw: str
    member_id: str | None = None
    organization_id: str | None = None
    rule: str | None = None


@dataclass(slots=True, kw_only=True)
class TechnologyItem(Record):
    """One item of a project's technology line: a technology or a reusable service."""

    raw: str
    technology_id: str | None = None
    service_id: str | None = None
    rule: str | None = None


@dataclass(slots=True, kw_only=True)
class Project(Record):
    id: str
    name: str
    tagline: str = ""
    status: str | None = None
    status_norm: str | None = None
    clients: list[Client] = field(default_factory=list)
    technologies: list[TechnologyItem] = field(default_factory=list)
    url: str | None = None
    page: int | None = None
    page_source: str | None = None  # "body", "summary" or None
    line: int
    description: str | None = None
    description_line: int | None = None
    summary_row_line: int | None = None


@dataclass(slots=True, kw_only=True)
class Technology(Record):
    id: str
    name: str
    category: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Service(Record):
    id: str
    name: str
    domain: str
    reusable: bool
    aliases: list[str] = field(default_factory=list)
    description: str | None = None
    line: int
    page: int | None = None
    reusable_quote: str | None = None  # the sentence that says institutions use or can use it
    reusable_line: int | None = None


@dataclass(slots=True, kw_only=True)
class Use(Record):
    """A statement of use (USES, REUSES) or a project delivering a component (DELIVERS), with its quote."""

    service_id: str
    user_kind: str  # project, member, organization, application
    user_id: str
    line: int
    page: int | None = None
    quote: str
    mention: str | None = None
    user_mention: str | None = None
    rule: str | None = None
    relationship: str | None = None  # None: REUSES for a project, USES otherwise


@dataclass(slots=True, kw_only=True)
class Problem(Record):
    """A data-quality finding. `subject`/`subjects`: the records it concerns; `mentions`: records it only names
    (no CONCERNS edge); `kind`: a family the Data quality page groups ("left-out-statement")."""

    _optional: ClassVar[frozenset[str]] = frozenset({"subject", "subjects", "mentions", "kind"})

    severity: str  # error, warning, info
    line: int | None = None
    message: str
    subject: str | None = None
    subjects: list[str] | None = None
    mentions: list[str] | None = None
    kind: str | None = None

    def concerned(self) -> list[str]:
        """The ids it names as its subjects, in order."""
        return ([self.subject] if self.subject else []) + list(self.subjects or [])


@dataclass(slots=True, kw_only=True)
class Dataset(Record):
    source: Source
    members: list[Member] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    technologies: list[Technology] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    uses: list[Use] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    chapters: list[list] = field(default_factory=list)  # [title, first line, last line] of each chapter read


__all__ = ["Application", "Client", "Dataset", "Member", "Organization", "Problem", "Project", "Record", "Service",
           "Source", "Technology", "TechnologyItem", "Use", "dataset_json_schema"]

if __name__ == "__main__":
    print(json.dumps(dataset_json_schema(), indent=2, ensure_ascii=False))
