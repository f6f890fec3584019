"""Loads the knowledge files in loader/data/ (aliases, technologies, services, layout). Cached; read-only."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _load(name: str) -> dict:
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def layout() -> dict:
    data = _load("layout.json")
    data["_status_res"] = [(re.compile(s["pattern"]), s["norm"]) for s in data["statuses"]]
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
