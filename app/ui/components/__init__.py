"""The app's own Streamlit components: the graph widget and the Cypher editor."""

from __future__ import annotations

from typing import Any


def component_value(result: Any, name: str) -> Any:
    """One field of what a component sent back: Streamlit hands a mapping or an object, or nothing yet."""
    if result is None:
        return None
    try:
        return result[name]
    except (KeyError, TypeError):
        return getattr(result, name, None)
