"""What is computed once per load of the graph, kept on disk next to the data and keyed by the graph's
fingerprint: a restarted app (or a second one) reads it instead of computing it again.

One file per name and fingerprint, `<cache dir>/<name>-<digest of the fingerprint>.pickle`; writing a new one
removes the other fingerprints' files of that name, so the cache holds one graph's worth per name (bounded).
The files are the app's own (pickle), in the data directory of the embedded engine, or in the user cache
directory per database URI otherwise.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
FORMAT = 2  # bumped when what is pickled changes shape


def cache_dir(store: Any) -> Path:
    engine = getattr(store, "_embedded", None)
    if engine is not None:
        return Path(engine.data_dir) / "cache"
    from platformdirs import user_cache_dir

    digest = hashlib.sha1(str(getattr(store, "uri", "")).encode()).hexdigest()[:12]
    return Path(user_cache_dir("smals-graph")) / digest


def graph_fingerprint(store: Any) -> str:
    """Changes whenever the graph is reloaded: keys caches of what is read from it (the app's, and what a load
    prepares for it, such as the search index)."""
    result = store.read("MATCH (e:Edition) RETURN e.sha256, e.loaded_at ORDER BY e.year")
    count = store.read("MATCH (n) RETURN count(n)").scalar()
    return f"{store.engine}|{store.uri}|{json.dumps(result.rows)}|{count}"


def cached(store: Any, fingerprint: str, name: str, compute: Callable[[], T]) -> T:
    """The value of `compute()` for this graph fingerprint, from disk when it was computed before."""
    directory = cache_dir(store)
    digest = hashlib.sha1(f"{FORMAT}|{fingerprint}".encode()).hexdigest()[:20]
    path = directory / f"{name}-{digest}.pickle"
    if path.is_file():
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)
        except Exception:  # noqa: BLE001 - a damaged or stale file is computed again
            pass
    value = compute()
    with contextlib.suppress(OSError):
        directory.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)  # readers see the whole file or none
        for other in directory.glob(f"{name}-*.pickle"):
            if other != path:
                other.unlink(missing_ok=True)
    return value
