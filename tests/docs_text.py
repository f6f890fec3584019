"""The documentation as tests read it: README.md and every page under docs/, in one text."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def documentation() -> str:
    return "\n\n".join(page.read_text(encoding="utf-8") for page in PAGES)
