"""CSV cells a spreadsheet would run as a formula are neutralised (OWASP's "CSV injection" rule).

A report is untrusted, so a name such as `=HYPERLINK("http://…")` or `@SUM(…)` must not become a live formula
when someone opens an export in a spreadsheet. A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
return gets a leading single quote; a cell that is a plain number (`-5`, `+1.5e3`) is left as it is. Every CSV
the product writes goes through here (`export --format csv`, `query --format csv`, the app's downloads); the CLI's
`--raw-csv` keeps cells as they are, for tools that read CSV as data.
"""

from __future__ import annotations

__all__ = ["FORMULA_PREFIXES", "neutralise"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text.lower().lstrip("+-") not in ("inf", "infinity", "nan")


def neutralise(cell: str) -> str:
    """`cell` with a leading `'` when a spreadsheet would read it as a formula."""
    if cell.startswith(FORMULA_PREFIXES) and not _is_number(cell):
        return "'" + cell
    return cell
