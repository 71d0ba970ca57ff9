"""Reading an uploaded CSV or XLSX file into ``(line number, cells)`` rows."""

from __future__ import annotations

import csv
import datetime as dt
import io

from intelligent_center.messages import bilingual

from .specs import ImportFileError

# Read as module attributes (``reading.MAX_BYTES``) so a test or the admin view sees one value.
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(*, data: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and ``(line number, cells)`` of a CSV or XLSX file, or :class:`ImportFileError`."""
    if not data:
        raise ImportFileError(bilingual("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            bilingual("The file is larger than %(size)s MB.", size=MAX_BYTES // 1024 // 1024)
        )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "csv":
        rows = _read_csv(data)
    elif extension == "xlsx":
        rows = _read_xlsx(data)
    else:
        raise ImportFileError(bilingual("Upload a .csv or .xlsx file."))
    rows = [(line, cells) for line, cells in rows if any(cell for cell in cells)]
    if not rows:
        raise ImportFileError(bilingual("The file is empty."))
    (_header_line, header), *body = rows
    if len(body) > MAX_ROWS:
        raise ImportFileError(bilingual("More than %(rows)s lines: split the file.", rows=MAX_ROWS))
    return [cell.strip().lower() for cell in header], body


def _read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(bilingual("The CSV file is not UTF-8 text.")) from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        return [(reader.line_num, [cell.strip() for cell in cells]) for cells in reader]
    except csv.Error as error:
        raise ImportFileError(bilingual("The CSV file cannot be read.")) from error


def _read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several types for a damaged or foreign file
        raise ImportFileError(bilingual("The XLSX file cannot be read.")) from error
    sheet = workbook.worksheets[0]
    rows = [
        (number, [_cell_text(value) for value in values])
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]
    workbook.close()
    return rows
