"""OVEC report files: XLSX (openpyxl) and PDF (WeasyPrint: Pango/HarfBuzz shape Thai correctly,
with the Sarabun font from npm and Debian's TLWG Thai fonts as fallback)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import localize
from django.utils.translation import gettext as _

from content.dates import format_date
from intelligent_center.spreadsheet import cell_safe

from .selectors import FieldReport, count_labels

SARABUN = Path(settings.BASE_DIR) / "node_modules" / "@fontsource" / "sarabun" / "files"


def reports_xlsx(reports: list[FieldReport]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Report")[:31]
    labels = count_labels()
    indicators = reports[0].indicators if reports else []
    bold = Font(bold=True)
    if reports:
        sheet.append(
            [
                _("OVEC report, fiscal year %(year)s") % {"year": reports[0].fiscal_year},
                f"{format_date(reports[0].start)} – {format_date(reports[0].end)}",
            ]
        )
        sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    header = [_("Field code"), _("Field"), *(label for _name, label in labels)]
    header += [
        f"{result.indicator.name} ({_('target')} {result.indicator.target or '–'})"
        for result in indicators
    ]
    sheet.append([cell_safe(value) for value in header])
    for cell in sheet[3]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for report in reports:
        row = [report.field_of_study.code, report.field_of_study.full_name]
        row += [report.counts[name] for name, _label in labels]
        row += [
            float(result.value) if result.value is not None else None
            for result in report.indicators
        ]
        sheet.append([cell_safe(value) for value in row])
    sheet.column_dimensions["B"].width = 50
    sheet.freeze_panes = "C4"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Fields per table row of the all-fields PDF. WeasyPrint's cost grows with the number of boxes,
# not with the text in them: a row holding five fields (one line each, in every column) draws the
# same table as five rows of single cells, with a rule every five fields, at a fifth of the boxes.
SUMMARY_BLOCK = 5


@dataclass
class SummaryBlock:
    """Consecutive fields of the all-fields PDF: their codes, and each count column's values, one
    line per field (the same order in every column)."""

    codes: str
    columns: list[str]
    names: str = ""


# Count columns per table of the all-fields PDF: two tables of ten leave each header wide enough
# for its longest Thai word (words are never broken: ``thai_nowrap``).
SUMMARY_COLUMNS = 10
FIELD_NAME_CHARS = 44  # one line of the name column at 8 pt


def summary_blocks(
    reports: list[FieldReport], *, size: int = SUMMARY_BLOCK, names: list[str] | None = None
) -> list[SummaryBlock]:
    from django.utils.text import Truncator

    names = names or [name for name, _label in count_labels()]
    blocks = []
    for first in range(0, len(reports), size):
        chunk = reports[first : first + size]
        blocks.append(
            SummaryBlock(
                codes="\n".join(report.field_of_study.code for report in chunk),
                names="\n".join(
                    Truncator(report.field_of_study.name).chars(FIELD_NAME_CHARS)
                    for report in chunk
                ),
                columns=[
                    "\n".join(str(localize(report.counts[name])) for report in chunk)
                    for name in names
                ],
            )
        )
    return blocks


def reports_pdf_html(reports: list[FieldReport], *, request=None, summary: bool = False) -> str:
    """The HTML WeasyPrint turns into the PDF (one section per field, or the all-fields tables)."""
    labels = count_labels()
    tables = []
    if summary:
        for first in range(0, len(labels), SUMMARY_COLUMNS):
            part = labels[first : first + SUMMARY_COLUMNS]
            blocks = summary_blocks(reports, names=[name for name, _label in part])
            tables.append({"labels": part, "blocks": blocks})
    return render_to_string(
        "workforce/report_pdf.html",
        {
            "reports": reports,
            "summary": summary,
            "tables": tables,
            "labels": labels,
            "font_dir": SARABUN.as_uri(),
            "language": translation.get_language(),
        },
        request=request,
    )


def reports_pdf(reports: list[FieldReport], *, request=None, summary: bool = False) -> bytes:
    from weasyprint import HTML

    html = reports_pdf_html(reports, request=request, summary=summary)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
