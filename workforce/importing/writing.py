"""Writing workforce rows (or an empty template with a help sheet) as CSV or XLSX. Every text
cell is neutralised (OWASP CSV injection): a value that starts like a formula stays text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils import translation

from content.models import Level
from intelligent_center.spreadsheet import cell_safe

from .. import permissions
from .specs import SPECS, Spec


def safe_row(row: Iterable) -> list:
    """The row as a spreadsheet shows it literally (no cell read as a formula)."""
    return [cell_safe(value) for value in row]


def _queryset(spec: Spec, user):
    related = {
        "supply": ("field", "institution", "level"),
        "demand": ("field", "establishment__industry", "level"),
        "partnerships": ("field", "establishment", "institution", "level"),
        "teacher_development": ("field", "institution"),
    }[spec.kind]
    return permissions.scope_queryset(spec.model.objects.select_related(*related), user)


def export_rows(*, kind: str, user) -> tuple[list[str], Iterable[list]]:
    spec = SPECS[kind]
    header = [column.key for column in spec.columns]
    rows = (
        [spec.to_row(record).get(key, "") for key in header]
        for record in _queryset(spec, user).iterator(chunk_size=2000)
    )
    return header, rows


def table_to_csv(header: list[str], rows: Iterable[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row) for row in rows)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read Thai correctly


def table_to_xlsx(
    header: list[str], rows: Iterable[list], *, title: str, help_rows: list[list] | None = None
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(safe_row(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(safe_row(row))
    if help_rows:
        help_sheet = workbook.create_sheet("คำอธิบาย Help")
        for row in help_rows:
            help_sheet.append(safe_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_help_rows(kind: str) -> list[list]:
    spec = SPECS[kind]
    rows = [["column", "คำอธิบาย", "description", "required / จำเป็น", "values / ค่าที่ใช้ได้"]]
    for column in spec.columns:
        with translation.override("th"):
            thai = str(column.label)
        with translation.override("en"):
            english = str(column.label)
        values = ", ".join(column.choices)
        if column.kind == "level":
            values = ", ".join(Level.objects.values_list("code", flat=True))
        rows.append([column.key, thai, english, "✓" if column.required else "", values])
    return rows


def export_file(*, kind: str, fmt: str, user, template: bool = False) -> bytes:
    spec = SPECS[kind]
    if template:
        header, rows = [column.key for column in spec.columns], []
    else:
        header, rows = export_rows(kind=kind, user=user)
    if fmt == "csv":
        return table_to_csv(header, rows)
    with translation.override("th"):
        title = str(spec.title)
    return table_to_xlsx(header, rows, title=title, help_rows=template_help_rows(kind))
