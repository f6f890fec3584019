"""The knowledge files of loader/data/ as typed models (pydantic v2): each file is checked when it is read, so a
misspelt key, a missing name or a bad regular expression is an error naming the file, not a silent miss.

The loader keeps reading plain dicts (`knowledge.py` returns the checked JSON as it is); these models say what
each file may hold. Unknown keys are refused: a key the loader does not read is a mistake in the file."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["KNOWLEDGE_FILES", "AliasesFile", "ApplicationsFile", "LayoutFile", "ServicesFile", "TechnologiesFile"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Documented(_Strict):
    doc: str = Field(alias="_doc", min_length=1)  # every file says what it is for


class MemberAlias(_Strict):
    member: str = Field(min_length=1)  # the member's full name exactly as in the members list
    why: str = Field(min_length=1)


class OrganizationEntry(_Strict):
    name: str = Field(min_length=1)
    why: str = Field(min_length=1)


class AliasesFile(_Documented):
    members: dict[str, MemberAlias]
    organizations: dict[str, OrganizationEntry]


class ApplicationEntry(_Strict):
    id: str = Field(pattern=r"^a:")
    name: str = Field(min_length=1)
    aliases: list[str] = []
    why: str = Field(min_length=1)
    project: str | None = None  # the report's project that builds it


class ApplicationsFile(_Documented):
    applications: list[ApplicationEntry]


class StatusPattern(_Strict):
    pattern: str
    norm: str = Field(pattern=r"^[a-z_]+$")

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:  # a ValueError is what pydantic reports with the file and the entry
            raise ValueError(str(exc)) from None
        return value


class LayoutFile(_Documented):
    statuses: list[StatusPattern]
    noise_phrases: list[str]
    noise_lines: list[str]
    credit_prefixes: list[str]
    competence_centre_sections: list[str]
    url_tlds: list[str]


class ServiceEntry(_Strict):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    aliases: list[str] = []
    reusable: bool
    headings: list[str] = []  # Services-chapter headings it merges with
    mentions: list[str] = []  # phrases that name it without being one of its names


class ServicesFile(_Documented):
    services: list[ServiceEntry]


class TechnologyEntry(_Strict):
    name: str = Field(min_length=1)
    category: str = Field(min_length=1)
    variants: list[str] = []


class TechnologiesFile(_Documented):
    technologies: list[TechnologyEntry]


# file name -> its model; knowledge.py checks each file against its model when it reads it
KNOWLEDGE_FILES: dict[str, type[BaseModel]] = {
    "aliases.json": AliasesFile,
    "applications.json": ApplicationsFile,
    "layout.json": LayoutFile,
    "services.json": ServicesFile,
    "technologies.json": TechnologiesFile,
}

