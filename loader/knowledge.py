"""Loads the knowledge files in loader/data/ (aliases, technologies, services, layout). Cached; read-only."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from smals_graph.graph_model.errors import KnowledgeFileError

from .knowledge_files import KNOWLEDGE_FILES

# Package data, found through importlib.resources so that an installed wheel reads the same files as the tree.
DATA_DIR = Path(str(resources.files("smals_graph.loader") / "data"))
REPORTS_DIR = DATA_DIR / "reports"
# The one place that names the bundled report.
BUNDLED_REPORT = REPORTS_DIR / "smals-rapport-activites-2025.fr.txt"


def _load(name: str, directory: Path | None = None) -> dict[str, Any]:
    """A knowledge file's JSON, checked against its model (loader/knowledge_files.py) first."""
    path = (directory or DATA_DIR) / name
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    try:
        KNOWLEDGE_FILES[name].model_validate(data)
    except ValidationError as exc:
        raise KnowledgeFileError(f"{path}: {_problems(exc)}") from exc
    return data


def _problems(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}" for error in exc.errors())


@lru_cache(maxsize=1)
def layout() -> dict:
    data = _load("layout.json")
    # an editor may set a status in capitals ("LIVE")
    data["_status_res"] = [(re.compile(s["pattern"], re.I), s["norm"]) for s in data["statuses"]]
    return data


@lru_cache(maxsize=1)
def aliases() -> dict:
    return _load("aliases.json")


@lru_cache(maxsize=1)
def member_names() -> dict[str, list[str]]:
    """member id -> its official names and acronyms in Dutch and German (member_names.json), search aliases."""
    return {mid: [*spec.get("nl", []), *spec.get("de", [])]
            for mid, spec in _load("member_names.json")["members"].items()}


@lru_cache(maxsize=1)
def technologies() -> list[dict]:
    return _load("technologies.json")["technologies"]


@lru_cache(maxsize=1)
def services() -> list[dict]:
    return _load("services.json")["services"]


@lru_cache(maxsize=1)
def applications() -> list[dict]:
    return _load("applications.json")["applications"]


@lru_cache(maxsize=1)
def statements_of_use() -> dict:
    """The vocabulary of statements of use (verbs by lemma, not-a-use cues): read by grammar.py."""
    return _load("statements_of_use.json")


@lru_cache(maxsize=1)
def service_cues() -> dict:
    return _load("service_cues.json")
__all__ = ["BUNDLED_REPORT", "DATA_DIR", "REPORTS_DIR", "aliases", "applications", "layout", "service_cues", "services",
    "technologies"]
