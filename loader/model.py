"""The dataset of one report as typed records, shared by the parser (builds it), the writer (reads it) and the
JSON output (`Dataset.to_json()`, the contract of tests/fixtures/dataset.schema.json plus the extra keys that
loader/parse.py describes).

Field order is the JSON key order. `from_json` reads what `to_json` writes, and also a hand-made dataset that
follows the contract with fewer keys (missing optional keys take the defaults below; unknown keys are ignored,
as the writer always ignored them).
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from typing import Any, ClassVar, Self


class Record:
    """JSON in and out for the records below: nested records are named in `_nested` (field -> record class,
    for one record or a list of them); fields in `_optional` are left out of the JSON while they are None."""

    __slots__ = ()
    _nested: ClassVar[dict[str, type[Record]]] = {}
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
        values: dict[str, Any] = {}
        for f in fields(cls):  # type: ignore[arg-type]
            if f.name not in data:
                if f.default is MISSING and f.default_factory is MISSING:
                    raise ValueError(f"{cls.__name__}: no {f.name!r} in {sorted(data)}")
                continue
            value = data[f.name]
            nested = cls._nested.get(f.name)
            if nested is not None and isinstance(value, list):
                value = [nested.from_json(item) for item in value]
            elif nested is not None and isinstance(value, dict):
                value = nested.from_json(value)
            elif isinstance(value, list):
                value = list(value)
            values[f.name] = value
        return cls(**values)


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
    _nested: ClassVar[dict[str, type[Record]]] = {"clients": Client, "technologies": TechnologyItem}

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
    _nested: ClassVar[dict[str, type[Record]]] = {
        "source": Source, "members": Member, "organizations": Organization, "applications": Application,
        "projects": Project, "technologies": Technology, "services": Service, "uses": Use, "problems": Problem}

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
