"""Checking every line of a file: each cell converted to its value, or a bilingual error."""

from __future__ import annotations

import datetime as dt

from django.db import models

from content.models import FieldOfStudy, Industry, Institution, Level
from intelligent_center.messages import bilingual
from intelligent_center.spreadsheet import cell_restore

from .. import permissions
from ..geo import province_normalise
from .specs import Column, LineError, Spec


class _Lookups:
    def __init__(self) -> None:
        self.fields = {f.code.upper(): f for f in FieldOfStudy.objects.all()}
        self.colleges = {i.key: i for i in Institution.objects.all()}
        self.levels = {level.code: level for level in Level.objects.all()}
        self.industries = {i.code: i for i in Industry.objects.all()}


def _parse_date(text: str) -> dt.date:
    if "/" in text:
        day, month, year = (int(part) for part in text.split("/"))
        if year > 2400:
            year -= 543
        return dt.date(year, month, day)
    return dt.date.fromisoformat(text)


def _text(column: Column, text: str, lookups: _Lookups, codes) -> str:
    if len(text) > column.max_length:
        raise ValueError(bilingual("Longer than %(max)s characters.", max=column.max_length))
    if column.kind == "slug" and not all(ch.isalnum() or ch in "-_" for ch in text):
        raise ValueError(bilingual("Use only letters, digits, - and _."))
    return text


def _number(column: Column, text: str, lookups: _Lookups, codes) -> int:
    try:
        number = int(text.replace(",", ""))
    except ValueError:
        raise ValueError(bilingual("“%(value)s” is not a whole number.", value=text)) from None
    if number < 0 or (column.kind == "positive" and number == 0):
        raise ValueError(
            bilingual("Must be greater than zero.")
            if column.kind == "positive"
            else bilingual("Must not be negative.")
        )
    if column.kind == "year" and not 2500 <= number <= 2700:
        raise ValueError(
            bilingual(
                "Write the year in the Buddhist era, e.g. 2567 (got %(value)s).", value=number
            )
        )
    return number


def _date(column: Column, text: str, lookups: _Lookups, codes) -> dt.date:
    try:
        return _parse_date(text)
    except (ValueError, TypeError):
        raise ValueError(
            bilingual("“%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY).", value=text)
        ) from None


def _field(column: Column, text: str, lookups: _Lookups, codes) -> FieldOfStudy:
    found = lookups.fields.get(text.upper())
    if found is None:
        raise ValueError(bilingual("Unknown field code “%(value)s”.", value=text))
    if codes is not permissions.ALL and found.code not in codes:
        raise ValueError(bilingual("You may not edit the data of field %(code)s.", code=found.code))
    return found


def _college(column: Column, text: str, lookups: _Lookups, codes) -> Institution:
    found = lookups.colleges.get(text)
    if found is None:
        raise ValueError(bilingual("Unknown college key “%(value)s”.", value=text))
    return found


def _level(column: Column, text: str, lookups: _Lookups, codes) -> Level:
    found = lookups.levels.get(text)
    if found is None:
        raise ValueError(
            bilingual(
                "Unknown level “%(value)s” (use one of: %(codes)s).",
                value=text,
                codes=", ".join(lookups.levels),
            )
        )
    return found


def _industry(column: Column, text: str, lookups: _Lookups, codes) -> Industry:
    found = lookups.industries.get(text)
    if found is None:
        raise ValueError(bilingual("Unknown industry code “%(value)s”.", value=text))
    return found


def _province(column: Column, text: str, lookups: _Lookups, codes) -> str:
    found = province_normalise(text)
    if not found:
        raise ValueError(bilingual("Unknown province “%(value)s”.", value=text))
    return found


def _choice(column: Column, text: str, lookups: _Lookups, codes) -> str:
    if text not in column.choices:
        raise ValueError(
            bilingual(
                "“%(value)s” is not one of: %(choices)s.",
                value=text,
                choices=", ".join(column.choices),
            )
        )
    return text


# Column kind → converter of one cell's text.
CONVERTERS = {
    "text": _text,
    "slug": _text,
    "int": _number,
    "positive": _number,
    "year": _number,
    "date": _date,
    "field": _field,
    "college": _college,
    "level": _level,
    "industry": _industry,
    "province": _province,
    "choice": _choice,
}


def _convert(column: Column, text: str, lookups: _Lookups, codes):
    """The Python value of one cell, or raise ``ValueError`` with a bilingual message."""
    return CONVERTERS[column.kind](column, text, lookups, codes)


def check_lines(spec: Spec, header: list[str], body, *, user) -> tuple[list[dict], list[LineError]]:
    errors: list[LineError] = []
    expected = [column.key for column in spec.columns]
    missing = [key for key in expected if key not in header]
    unknown = [key for key in header if key and key not in expected]
    if missing:
        errors.append(
            LineError(1, "", bilingual("Missing columns: %(columns)s.", columns=", ".join(missing)))
        )
    if unknown:
        errors.append(
            LineError(1, "", bilingual("Unknown columns: %(columns)s.", columns=", ".join(unknown)))
        )
    if errors:
        return [], errors
    lookups = _Lookups()
    codes = permissions.field_codes_for(user)
    index = {key: header.index(key) for key in expected}
    rows: list[dict] = []
    seen: dict[tuple, int] = {}
    for line, cells in body:
        values: dict = {"_line": line}
        line_ok = True
        for column in spec.columns:
            position = index[column.key]
            text = cell_restore(cells[position].strip()).strip() if position < len(cells) else ""
            if not text:
                if column.required:
                    errors.append(LineError(line, column.key, bilingual("This value is required.")))
                    line_ok = False
                values[column.key] = None if column.kind != "text" else ""
                continue
            try:
                values[column.key] = _convert(column, text, lookups, codes)
            except ValueError as error:
                errors.append(LineError(line, column.key, str(error)))
                line_ok = False
        if not line_ok:
            continue
        key = tuple(_key_part(values[name]) for name in spec.key)
        if key in seen:
            errors.append(
                LineError(line, "", bilingual("Same row as line %(line)s.", line=seen[key]))
            )
            continue
        seen[key] = line
        rows.append(values)
    return rows, errors


def _key_part(value):
    return value.pk if isinstance(value, models.Model) else value
