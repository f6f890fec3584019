"""Garbage collection that costs what the click does.

Streamlit runs a full collection (`gc.collect(2)`) after every script run unless `runner.postScriptGC` is off
(`serve.STREAMLIT_FLAGS` turns it off); a full collection walks every tracked object of the process, caches
included: 0.16-0.24 s per click in the profiles of issue 22. Instead, whatever is built to live long (the
imports of the first run, a cache filled by a function marked `long_lived`) is moved out of the collector's reach
with `gc.freeze()` at the end of the run that built it: later collections walk only what the clicks allocate.

Frozen objects are never collected as cycles (reference counting still frees them): an evicted cache entry that
holds a cycle stays in memory. Caches are bounded per fingerprint (`max_entries`), so this is bounded too.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["end_of_run", "frozen_runs", "long_lived"]

P = ParamSpec("P")
R = TypeVar("R")

_state = {"pending": True, "freezes": 0}  # pending: something long-lived was built since the last freeze


def long_lived(build: Callable[P, R]) -> Callable[P, R]:
    """Mark a cache builder (under `st.cache_data` / `st.cache_resource`): its body runs on a cache miss only,
    and what it returns lives as long as the cache entry; the end of this script run freezes it."""

    @functools.wraps(build)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return build(*args, **kwargs)
        finally:
            _state["pending"] = True

    return wrapper


def end_of_run() -> bool:
    """At the end of a script run: when something long-lived was built (or on the first run, the imports),
    one collection of what is garbage now, then freeze the rest. True when it froze."""
    if not _state["pending"]:
        return False
    _state["pending"] = False
    gc.collect()
    gc.freeze()
    _state["freezes"] += 1
    return True


def frozen_runs() -> int:
    """How many runs froze (tests, benchmarks)."""
    return _state["freezes"]
