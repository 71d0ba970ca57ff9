"""Cells written to CSV and XLSX files people open in a spreadsheet (OWASP "CSV injection")."""

from __future__ import annotations

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value):
    """The value as a spreadsheet shows it literally: text that would start a formula gets a
    leading apostrophe; numbers, dates and None pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def cell_restore(text: str) -> str:
    """Undo :func:`cell_safe` on a cell read back from an exported file, so an export imports
    again unchanged (the apostrophe is only dropped before a formula character)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text
