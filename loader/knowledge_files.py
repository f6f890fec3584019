"""The knowledge files of loader/data/ as typed models (pydantic v2): each file is checked when it is read, so a
misspelt key, a missing name or a bad regular expression is an error naming the file, not a silent miss.

The loader keeps reading plain dicts (`knowledge.py` returns the checked JSON as it is); these models say what
each file may hold. Unknown keys are refused: a key the loader does not read is a mistake in the file."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = ["KNOWLEDGE_FILES", "AliasesFile", "ApplicationsFile", "LayoutFile", "MemberNamesFile", "ServiceCuesFile",
           "ServicesFile", "StatementsOfUseFile", "TechnologiesFile"]


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


def _compiled(patterns: list[str]) -> list[str]:
    for value in patterns:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"{value!r}: {exc}") from None
    return patterns


class LayoutFile(_Documented):
    statuses: list[StatusPattern]
    noise_phrases: list[str]
    noise_lines: list[str]
    credit_prefixes: list[str]
    url_tlds: list[str]
    # heading kind -> accepted wordings ("{year}" stands for the edition's year), and the file's own "_doc"
    headings: dict[str, str | list[str]]
    page_marker_patterns: list[str]  # page numbers of any shape, each with a named group "page"
    running_min_repeats: int = Field(ge=2)  # a line repeated this often is a running header or footer
    sane_counts: dict[str, str | list[int]]  # label -> [fewest, most] (and "_doc")

    @field_validator("page_marker_patterns")
    @classmethod
    def _patterns_compile(cls, value: list[str]) -> list[str]:
        return _compiled(value)


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


class MemberNames(_Strict):
    nl: list[str] = []  # official Dutch name and acronym
    de: list[str] = []  # German, where the institution publishes one
    source: str = Field(pattern=r"^https?://")  # where the names were read


class MemberNamesFile(_Documented):
    members: dict[str, MemberNames]

    @field_validator("members")
    @classmethod
    def _member_keys(cls, value: dict[str, MemberNames]) -> dict[str, MemberNames]:
        bad = [k for k in value if not k.startswith("m:")]
        if bad:
            raise ValueError(f"member keys start with 'm:': {', '.join(bad)}")
        return value


class _Commented(_Documented):
    """A file whose other keys starting with '_' are comments on the key they name."""

    @model_validator(mode="before")
    @classmethod
    def _drop_comments(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k == "_doc" or not k.startswith("_")}
        return data


class UserAnaphors(_Strict):
    pronouns: list[str]
    nouns: list[str]


class StatementsOfUseFile(_Commented):
    """Lemmas (never inflected forms) that the French parse reads statements of use with (loader/clauses.py)."""

    verbs_of_use: list[str]
    needs_preposition: dict[str, list[str]]
    phrases_of_use: list[list[str]]
    adjectives_of_use: list[str]
    locative_verbs: list[str]
    joint_verbs: list[str]
    joint_adverbs: list[str]
    link_prepositions: list[str]
    negation: list[str]
    restrictive: list[str]
    without: list[str]
    modal_plan_verbs: list[str]
    plan_nouns: list[str]
    future_words: list[str]
    comparison_markers: list[str]
    provider_verbs: list[str]
    beneficiary_prepositions: list[str]
    beneficiary_nouns: list[str]
    user_anaphors: UserAnaphors
    component_clitics: list[str]
    hosting_verbs: list[str]
    stand_ins: list[str]
    in_service_phrases: list[list[str]]

    @model_validator(mode="after")
    def _lemmas_are_known_verbs(self) -> StatementsOfUseFile:
        unknown = sorted(set(self.needs_preposition) - set(self.verbs_of_use))
        if unknown:
            raise ValueError(f"needs_preposition names verbs that are not verbs_of_use: {', '.join(unknown)}")
        return self


class ReusableCues(_Strict):
    users: list[str]
    uses: list[str]
    says: list[str]

    @field_validator("users", "uses", "says")
    @classmethod
    def _compile(cls, value: list[str]) -> list[str]:
        return _compiled(value)


class PresentedCues(_Strict):
    head_nouns: list[str]
    product_nouns: list[str]
    list_cues: list[str]


class ServiceCuesFile(_Documented):
    reusable: ReusableCues
    presented: PresentedCues


# file name -> its model; knowledge.py checks each file against its model when it reads it
KNOWLEDGE_FILES: dict[str, type[BaseModel]] = {
    "aliases.json": AliasesFile,
    "applications.json": ApplicationsFile,
    "layout.json": LayoutFile,
    "member_names.json": MemberNamesFile,
    "service_cues.json": ServiceCuesFile,
    "statements_of_use.json": StatementsOfUseFile,
    "services.json": ServicesFile,
    "technologies.json": TechnologiesFile,
}

