"""Downloadable templates (CSV, JSON Lines) and the Thai/English help sheet, generated from the
format's own definitions (:data:`.records.COLUMN_SPECS`, the allowed codes in the database), so
they cannot drift from what the import accepts."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from django.utils import translation

from intelligent_center.spreadsheet import cell_safe

from ..models import RESOURCE_TYPES, Industry, Level, Licence
from .formats import records_to_text
from .records import COLUMN_SPECS, DETAIL_FIELDS, FILE_EXTENSIONS, details_defaults


@dataclass(frozen=True)
class HelpRow:
    key: str
    required: bool
    kind: str
    thai: str
    english: str
    example: str


def _codes(model) -> str:
    return ", ".join(model.objects.order_by("sort_order").values_list("code", flat=True))


def _help_params() -> dict[str, str]:
    return {
        "types": ", ".join(RESOURCE_TYPES),
        "industries": _codes(Industry),
        "levels": _codes(Level),
        "licences": ", ".join(Licence.values),
        "details": "; ".join(f"{key}: {', '.join(names)}" for key, names in DETAIL_FIELDS.items()),
        **{key: ", ".join(extensions) for key, extensions in FILE_EXTENSIONS.items()},
    }


def _in(language: str, message, params: dict) -> str:
    with translation.override(language):
        text = str(message)
    return text % params if "%(" in text else text


def _example_cell(value) -> str:
    if isinstance(value, list):
        return "|".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return str(value)


def help_rows() -> list[HelpRow]:
    params = _help_params()
    return [
        HelpRow(
            key=column.key,
            required=column.required,
            kind=column.kind,
            thai=_in("th", column.help, params),
            english=_in("en", column.help, params),
            example=_example_cell(column.example),
        )
        for column in COLUMN_SPECS
    ]


def help_csv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["column", "จำเป็น / required", "คำอธิบาย", "Description", "ตัวอย่าง / example"])
    for row in help_rows():
        writer.writerow(
            [
                cell_safe(value)
                for value in (
                    row.key,
                    "ใช่ / yes" if row.required else "",
                    row.thai,
                    row.english,
                    row.example,
                )
            ]
        )
    return buffer.getvalue()


def example_records(*, field_code: str) -> list[dict]:
    """One example record of every type, with the columns and ``details`` keys that type takes."""
    base = {
        column.key: column.example for column in COLUMN_SPECS if column.example not in ("", [], {})
    }
    records = []
    for key in RESOURCE_TYPES:
        record = {
            **base,
            "external_id": f"example-{key}-001",
            "type": key,
            "field": field_code,
            "title": f"ตัวอย่าง {key}: แทนที่ด้วยข้อมูลจริง",
            "title_en": f"Example {key}: replace with real data",
        }
        record["details"] = {
            name: value for name, value in details_defaults(key).items() if value is not None
        }
        if key == "employer":
            record["demand"] = [
                {
                    "year": 2025,
                    "position": "ช่างเทคนิค",
                    "headcount": 5,
                    "level": "hvc",
                    "competencies": "PLC",
                }
            ]
        records.append(record)
    return records


def template_text(*, file_format: str, field_code: str) -> str:
    return records_to_text(records=example_records(field_code=field_code), file_format=file_format)
