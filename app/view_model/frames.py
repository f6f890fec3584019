"""The Query page's stream of result frames (as in Neo4j Browser): each Run, Explain or Profile adds a frame with
its query, parameters, time, row count and outcome; newest first, capped, collapsible, re-runnable, removable.
No Streamlit here: the page keeps a `FrameStream` in its session and draws it."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

__all__ = ["MAX_FRAMES", "Frame", "FrameStream"]

MAX_FRAMES = 20  # results hold rows: a long session must not keep every one of them


@dataclass
class Frame:
    """One run: what was asked and what came back (`outcome` is the page's dict: result, plan or error)."""

    ident: int
    kind: str  # run | explain | profile
    text: str
    params: dict[str, Any]
    outcome: dict[str, Any]
    at: float = field(default_factory=time.time)
    collapsed: bool = False

    @property
    def rows(self) -> int | None:
        result = self.outcome.get("result")
        return None if result is None else len(result.rows)

    @property
    def elapsed_ms(self) -> float | None:
        found = self.outcome.get("result") or self.outcome.get("plan")
        return None if found is None else float(found.elapsed_ms)

    @property
    def failed(self) -> bool:
        return bool(self.outcome.get("error"))

    def summary(self) -> str:
        """One line for the frame's header: kind, first line of the query, rows and time."""
        first = " ".join(self.text.split())
        first = first if len(first) <= 90 else first[:89] + "…"
        when = time.strftime("%H:%M:%S", time.localtime(self.at))
        if self.failed:
            tail = "error"
        elif self.kind != "run":
            tail = f"{self.kind} · {self.elapsed_ms or 0:.1f} ms"
        else:
            tail = f"{self.rows} row(s) · {self.elapsed_ms or 0:.1f} ms"
        return f"{when} · {first} · {tail}"


class FrameStream:
    """Frames newest first, at most `cap` of them; idents never repeat, so widget keys stay stable."""

    def __init__(self, cap: int = MAX_FRAMES) -> None:
        if cap < 1:
            raise ValueError("A frame stream keeps at least one frame.")
        self.cap = cap
        self.frames: list[Frame] = []
        self._ids = itertools.count(1)

    def add(self, kind: str, text: str, params: dict[str, Any], outcome: dict[str, Any]) -> Frame:
        frame = Frame(next(self._ids), kind, text, dict(params), outcome)
        self.frames.insert(0, frame)
        del self.frames[self.cap:]  # the oldest go first
        return frame

    def get(self, ident: int) -> Frame | None:
        return next((f for f in self.frames if f.ident == ident), None)

    def remove(self, ident: int) -> bool:
        before = len(self.frames)
        self.frames = [f for f in self.frames if f.ident != ident]
        return len(self.frames) < before

    def toggle(self, ident: int) -> None:
        frame = self.get(ident)
        if frame is not None:
            frame.collapsed = not frame.collapsed

    def clear(self) -> None:
        self.frames.clear()

    def __len__(self) -> int:
        return len(self.frames)
