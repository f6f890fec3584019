"""One collector for the data-quality problems a parse finds, in the order it finds them."""

from __future__ import annotations

from collections.abc import Iterator

from .model import Problem


class Problems:
    """`warn`, `info` and `error` add a problem; the parse's steps share one collector, so the list keeps the
    order of the steps (the Data quality page and the tests read it in that order)."""

    def __init__(self, problems: list[Problem] | None = None) -> None:
        self.items: list[Problem] = list(problems or [])

    def add(self, severity: str, message: str, line: int | None, *, subject: str | None = None,
            subjects: list[str] | None = None, mentions: list[str] | None = None, kind: str | None = None) -> Problem:
        problem = Problem(severity=severity, line=line, message=message, subject=subject, subjects=subjects,
                          mentions=mentions, kind=kind)
        self.items.append(problem)
        return problem

    def error(self, message: str, line: int | None, **about: str | list[str] | None) -> Problem:
        return self.add("error", message, line, **about)  # type: ignore[arg-type]

    def warn(self, message: str, line: int | None, **about: str | list[str] | None) -> Problem:
        return self.add("warning", message, line, **about)  # type: ignore[arg-type]

    def info(self, message: str, line: int | None, **about: str | list[str] | None) -> Problem:
        return self.add("info", message, line, **about)  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

__all__ = ["Problems"]
