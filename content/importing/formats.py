"""Reading and writing the two record formats: JSON Lines and CSV (list cells split by ``|``,
``demand`` and ``details`` cells as JSON). Cells a spreadsheet would read as formulas are written
neutralised (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from intelligent_center.messages import bilingual
from intelligent_center.spreadsheet import FORMULA_PREFIXES, cell_safe

from .records import COLUMNS, JSON_COLUMNS, LIST_COLUMNS, LIST_SEPARATOR

RawRow = tuple[int, dict | None, str]  # (line number, raw record or None, parse error)


def detect_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in ("jsonl", "ndjson", "json"):
        return "jsonl"
    if suffix == "csv":
        return "csv"
    raise ValueError(
        bilingual(_("Unknown file type %(suffix)s: use .jsonl or .csv"), suffix=suffix or "?")
    )


def _split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]


def _jsonl_read(stream: Iterable[str]) -> Iterator[RawRow]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, bilingual(_("Not valid JSON: %(error)s"), error=exc.msg)
            continue
        if not isinstance(raw, dict):
            yield number, None, bilingual(_("Each line must be a JSON object."))
            continue
        yield number, raw, ""


def _cell_restore(value: str) -> str:
    """The inverse of :func:`cell_safe`, so an exported CSV imports back unchanged."""
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def _csv_row(row: dict) -> tuple[dict | None, str]:
    raw: dict = {}
    for key, value in row.items():
        value = _cell_restore((value or "").strip())
        if key in LIST_COLUMNS:
            raw[key] = _split_list(value)
        elif key in JSON_COLUMNS and value:
            try:
                raw[key] = json.loads(value)
            except json.JSONDecodeError:
                return None, bilingual(_("The %(name)s cell must be JSON."), name=key)
        else:
            raw[key] = value
    return raw, ""


def _csv_read(stream: Iterable[str]) -> Iterator[RawRow]:
    reader = csv.DictReader(stream)
    for row in reader:
        if None in row:
            yield reader.line_num, None, bilingual(_("This row has more cells than the header."))
            continue
        raw, error = _csv_row(row)
        yield reader.line_num, raw, error


def records_read(*, stream: Iterable[str], file_format: str) -> Iterator[RawRow]:
    """Yields ``(line number, raw record or None, parse error)`` from JSONL or CSV text lines."""
    if file_format == "jsonl":
        return _jsonl_read(stream)
    return _csv_read(stream)


def csv_cells(record: dict) -> dict:
    """One record as CSV cells, each safe to open in a spreadsheet."""
    row = {}
    for name in COLUMNS:
        value = record.get(name, "")
        if name in LIST_COLUMNS:
            value = LIST_SEPARATOR.join(value)
        elif name in JSON_COLUMNS:
            value = json.dumps(value, ensure_ascii=False) if value else ""
        row[name] = cell_safe(value)
    return row


def records_write(*, records: Iterable[dict], stream, file_format: str) -> int:
    count = 0
    if file_format == "jsonl":
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, extrasaction="raise")
    writer.writeheader()
    for record in records:
        writer.writerow(csv_cells(record))
        count += 1
    return count


def records_to_text(*, records: Iterable[dict], file_format: str) -> str:
    buffer = io.StringIO()
    records_write(records=records, stream=buffer, file_format=file_format)
    return buffer.getvalue()
