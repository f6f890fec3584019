"""The user's query history, one JSON object a line in the data directory (history.jsonl)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from smals_graph.graph_model.datadir import open_private, write_private

MAX_KEPT = 500


def history_path() -> Path:
    from smals_graph.graph_model.embedded import default_data_dir

    return default_data_dir() / "history.jsonl"


def record(text: str, params: dict[str, Any], *, rows: int | None = None, elapsed_ms: float | None = None,
           error: str | None = None, canned: str | None = None, path: Path | None = None) -> None:
    path = path or history_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    entry = {"at": time.strftime("%Y-%m-%dT%H:%M:%S"), "text": text, "params": params, "rows": rows,
             "elapsed_ms": None if elapsed_ms is None else round(elapsed_ms, 1), "error": error,
             "canned": canned}
    line = json.dumps(entry, ensure_ascii=False, default=str)
    # 0600: the queries a person typed are theirs alone
    try:  # never through a link planted at its name (graph_model/datadir.py)
        fd = open_private(path, os.O_WRONLY | os.O_APPEND)
    except FileNotFoundError:
        fd = open_private(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    _trim(path)


def _trim(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    if len(lines) > MAX_KEPT * 2:
        write_private(path, "\n".join(lines[-MAX_KEPT:]) + "\n")


def load(limit: int = 50, path: Path | None = None) -> list[dict[str, Any]]:
    """Most recent first, one entry per distinct (text, params)."""
    path = path or history_path()
    if not path.exists():
        return []
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for line in reversed(path.read_text(encoding="utf-8").splitlines()):
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        ident = json.dumps([entry.get("text"), entry.get("params")], sort_keys=True, default=str)
        if ident in seen:
            continue
        seen.add(ident)
        out.append(entry)
        if len(out) >= limit:
            break
    return out

__all__ = ["MAX_KEPT", "history_path", "load", "record"]
