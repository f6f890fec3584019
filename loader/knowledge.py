"""Loads the knowledge files in loader/data/ (aliases, technologies, services, layout). Cached; read-only."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

# Package data, found through importlib.resources so that an installed wheel reads the same files as the tree.
DATA_DIR = Path(str(resources.files("smals_graph.loader") / "data"))
REPORTS_DIR = DATA_DIR / "reports"
# The one place that names the bundled report.
BUNDLED_REPORT = REPORTS_DIR / "smals-rapport-activites-2025.fr.txt"


def _load(name: str) -> dict:
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return json.load(fh)


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
