"""Dates in the Thai Buddhist-era calendar for Thai readers, Gregorian for English readers."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import get_language

BUDDHIST_ERA_OFFSET = 543

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _is_thai(language: str | None) -> bool:
    return (language or get_language() or "th").startswith("th")


def gregorian_to_buddhist(year: int) -> int:
    return year + BUDDHIST_ERA_OFFSET


def buddhist_to_gregorian(year: int) -> int:
    return year - BUDDHIST_ERA_OFFSET


def format_year(year: int | None, *, language: str | None = None) -> str:
    """A Gregorian year as the reader expects it: 2024 → "พ.ศ. 2567" in Thai, "2024" in English."""
    if year is None:
        return ""
    if _is_thai(language):
        return f"พ.ศ. {gregorian_to_buddhist(year)}"
    return str(year)


def format_date(
    value: dt.date | dt.datetime | None, *, short: bool = False, language: str | None = None
) -> str:
    """21 พฤศจิกายน 2569 (Thai) or 21 November 2026 (English); datetimes in local time."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    if _is_thai(language):
        months = THAI_MONTHS_SHORT if short else THAI_MONTHS
        return f"{value.day} {months[value.month - 1]} {gregorian_to_buddhist(value.year)}"
    month = ENGLISH_MONTHS[value.month - 1]
    return f"{value.day} {month[:3] if short else month} {value.year}"
