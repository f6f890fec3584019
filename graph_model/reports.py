"""The report files this machine knows, by content: the app shows report lines only from these.

An edition in the graph names its file (`Edition.file`), but the graph can be written by whoever reaches the
database, so that path is never opened: a report line is read from a bundled report or from a file a load on
this machine recorded (`reports.json` in the data directory, 0600), and only when the file's sha256 is the one
the edition carries.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from .datadir import write_private

REGISTRY = "reports.json"

_DIGESTS: dict[tuple[str, int, int], str] = {}


def sha256_of(path: Path) -> str | None:
    """The file's sha256 (cached by path, size and modification time), None when it cannot be read."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key not in _DIGESTS:
            _DIGESTS[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        return _DIGESTS[key]
    except OSError:
        return None


def _registry(data_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((data_dir / REGISTRY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(data, dict) \
        else {}


def remember(data_dir: Path, path: str | Path, sha256: str) -> None:
    """Record a report a load read (when the file still has that content); errors are not the load's."""
    path = Path(path).resolve()
    if sha256_of(path) != sha256:
        return
    with contextlib.suppress(OSError):
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        known = _registry(data_dir)
        if known.get(sha256) == str(path):
            return
        known[sha256] = str(path)
        write_private(data_dir / REGISTRY, json.dumps(known, indent=1))  # temp + rename, never via a link


def find(sha256: object, data_dir: Path | None, bundled_dir: Path | None = None) -> Path | None:
    """A known report file (one in `bundled_dir`, or one recorded in `data_dir`) whose content has this sha256."""
    if not isinstance(sha256, str) or len(sha256) != 64:
        return None
    candidates = sorted(bundled_dir.glob("*.txt")) if bundled_dir else []
    if data_dir is not None:
        recorded = _registry(data_dir).get(sha256)
        if recorded:
            candidates.append(Path(recorded))
    for path in candidates:
        if sha256_of(path) == sha256:
            return path
    return None

__all__ = ["REGISTRY", "find", "remember", "sha256_of"]
