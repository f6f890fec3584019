"""What is computed once per load of the graph, kept on disk next to the data and keyed by the graph's
fingerprint: a restarted app (or a second one) reads it instead of computing it again.

One file per name and fingerprint, `<cache dir>/<name>-<digest of the fingerprint>.json`; writing a new one
removes the other fingerprints' files of that name, so the cache holds one graph's worth per name (bounded).

The format is JSON, never pickle: a file someone else managed to swap in can at worst be wrong data, never code
run as the owner. Callers give an `encode` (value -> JSON-able) and a `decode` (the reverse). The folder is 0700
(in the data directory of the embedded engine, or in the user cache directory per database URI otherwise) and
checked like the data directory (ours, not writable by others, no links); files are 0600, written to a
temporary name and renamed over, read without following links.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .datadir import check_private_dir, private_subdir, read_private, write_private
from .errors import ConfigError

__all__ = ["cache_dir", "cached", "FORMAT"]

T = TypeVar("T")
FORMAT = 3  # bumped when what is stored changes shape (3: JSON instead of pickle)
SUFFIX = ".json"


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


def cached(store: Any, fingerprint: str, name: str, compute: Callable[[], T],
           encode: Callable[[T], Any], decode: Callable[[Any], T]) -> T:
    """The value of `compute()` for this graph fingerprint, from disk when it was computed before."""
    directory = cache_dir(store)
    digest = hashlib.sha1(f"{FORMAT}|{fingerprint}".encode()).hexdigest()[:20]
    path = directory / f"{name}-{digest}{SUFFIX}"
    try:
        check_private_dir(directory)  # a folder another user seeded is refused, not read
        document = json.loads(read_private(path))
        return decode(document)
    except ConfigError:
        raise
    except Exception:  # noqa: BLE001 - missing, damaged or stale: computed again
        pass
    value = compute()
    with contextlib.suppress(OSError):
        private_subdir(directory)
        write_private(path, json.dumps(encode(value), ensure_ascii=False, separators=(",", ":")))
        for other in directory.iterdir():
            if other != path and other.name.startswith(f"{name}-") and not other.is_symlink():
                other.unlink(missing_ok=True)  # other fingerprints, and the pickles of earlier versions
    return value

__all__ = ["FORMAT", "T", "cache_dir", "cached", "graph_fingerprint"]
