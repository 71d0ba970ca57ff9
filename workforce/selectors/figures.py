"""Demand, supply and partnership figures by year: the reads the dashboards, matching and the OVEC
report counts share.

Years are Buddhist-era integers throughout (ปีการศึกษา / ปีงบประมาณ). Employer profile pages
(``content.ManpowerDemand`` rows) store Gregorian years, converted here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.translation import get_language

from content.dates import BUDDHIST_ERA_OFFSET
from content.models import ManpowerDemand

from ..models import EmployerDemand, Partnership, SupplyRecord, SupplyTotal

YEARS_SHOWN = 10


def year_label(be_year: int) -> str:
    """A Buddhist-era year label: "2567" in Thai; the Gregorian year in English."""
    if (get_language() or "th").startswith("en"):
        return str(be_year - BUDDHIST_ERA_OFFSET)
    return str(be_year)


def fiscal_year_period(fiscal_year: int) -> tuple[dt.date, dt.date]:
    """Thai fiscal year B.E. N runs from 1 October of N−1 to 30 September of N."""
    gregorian = fiscal_year - BUDDHIST_ERA_OFFSET
    return dt.date(gregorian - 1, 10, 1), dt.date(gregorian, 9, 30)


def rate(part: int | None, whole: int | None) -> float | None:
    """``part`` as a percentage of ``whole`` (one decimal), ``None`` when there is no whole."""
    if not whole:
        return None
    return round(100 * (part or 0) / whole, 1)


# --- Demand from both sources ------------------------------------------------------------------


def profile_demand_rows(field_ids=None, provinces=None):
    """ManpowerDemand rows of live employer profile pages (field = the page's home field)."""
    queryset = ManpowerDemand.objects.filter(employer__live=True)
    if field_ids is not None:
        queryset = queryset.filter(employer__home_field_id__in=field_ids)
    if provinces is not None:
        queryset = queryset.filter(employer__province__in=provinces)
    return queryset


def own_demand_rows(field_ids=None, provinces=None):
    """Demand recorded here (``EmployerDemand``: employers without a public profile)."""
    queryset = EmployerDemand.objects.all()
    if field_ids is not None:
        queryset = queryset.filter(field_id__in=field_ids)
    if provinces is not None:
        queryset = queryset.filter(establishment__province_th__in=provinces)
    return queryset


def demand_by_year(*, field_ids=None, provinces=None) -> dict[int, int]:
    totals: dict[int, int] = defaultdict(int)
    own = own_demand_rows(field_ids, provinces).values("year").annotate(total=Sum("headcount"))
    for row in own.order_by():
        totals[row["year"]] += row["total"] or 0
    profile = profile_demand_rows(field_ids, provinces)
    for row in profile.values("year").annotate(total=Sum("headcount")).order_by():
        totals[row["year"] + BUDDHIST_ERA_OFFSET] += row["total"] or 0
    return dict(totals)


def demand_by(*, key: str, year: int, field_ids=None, provinces=None) -> dict:
    """Headcount in ``year`` grouped by ``"field"``, ``"level"`` or ``"province"``."""
    own_key = {"field": "field_id", "level": "level_id", "province": "establishment__province_th"}
    page_key = {
        "field": "employer__home_field_id",
        "level": "level_id",
        "province": "employer__province",
    }
    totals: dict = defaultdict(int)
    for row in (
        own_demand_rows(field_ids, provinces)
        .filter(year=year)
        .values(own_key[key])
        .annotate(total=Sum("headcount"))
        .order_by()
    ):
        totals[row[own_key[key]]] += row["total"] or 0
    for row in (
        profile_demand_rows(field_ids, provinces)
        .filter(year=year - BUDDHIST_ERA_OFFSET)
        .values(page_key[key])
        .annotate(total=Sum("headcount"))
        .order_by()
    ):
        totals[row[page_key[key]]] += row["total"] or 0
    return dict(totals)


@dataclass
class TopEmployer:
    name: str
    province: str
    headcount: int
    public: bool
    url: str = ""


def top_employers(*, field_ids=None, year: int, limit: int = 10, public_only: bool) -> list:
    found: list[TopEmployer] = []
    if not public_only:
        for row in (
            own_demand_rows(field_ids)
            .filter(year=year)
            .values("establishment__name_th", "establishment__province_th")
            .annotate(total=Sum("headcount"))
            .order_by("-total")[:limit]
        ):
            found.append(
                TopEmployer(
                    row["establishment__name_th"],
                    row["establishment__province_th"],
                    row["total"],
                    public=False,
                )
            )
    for row in (
        profile_demand_rows(field_ids)
        .filter(year=year - BUDDHIST_ERA_OFFSET)
        .values("employer_id", "employer__title", "employer__province", "employer__url_path")
        .annotate(total=Sum("headcount"))
        .order_by("-total")[:limit]
    ):
        found.append(
            TopEmployer(
                row["employer__title"], row["employer__province"], row["total"], public=True
            )
        )
    found.sort(key=lambda item: -item.headcount)
    return found[:limit]


# --- Supply and partnerships -------------------------------------------------------------------


def supply_rows(field_ids=None, institution_ids=None):
    """The colleges' supply rows (``SupplyRecord``)."""
    queryset = SupplyRecord.objects.all()
    if field_ids is not None:
        queryset = queryset.filter(field_id__in=field_ids)
    if institution_ids is not None:
        queryset = queryset.filter(institution_id__in=institution_ids)
    return queryset


TOTAL_SUMS = {
    "planned": Sum("planned"),
    "enrolled": Sum("enrolled"),
    "graduates": Sum("graduates"),
    "tpqi": Sum("certified_tpqi"),
    "dsd": Sum("certified_dsd"),
    "international": Sum("certified_international"),
    "employed": Sum("employed_or_studying"),
}


def supply_by_year(*, field_ids=None, institution_ids=None) -> dict[int, dict]:
    """Supply per academic year: from the per-field totals, or the college rows for a region."""
    if institution_ids is None:
        queryset = SupplyTotal.objects.all()
        if field_ids is not None:
            queryset = queryset.filter(field_id__in=field_ids)
    else:
        queryset = supply_rows(field_ids, institution_ids)
    return {
        row["academic_year"]: row
        for row in queryset.values("academic_year").annotate(**TOTAL_SUMS).order_by()
    }


def supply_graduates_by(*, key: str, year: int, field_ids=None, institution_ids=None) -> dict:
    """Graduates in ``year`` by ``"field_id"`` or ``"level_id"`` (from the totals when possible)."""
    if institution_ids is None:
        queryset = SupplyTotal.objects.filter(academic_year=year)
        if field_ids is not None:
            queryset = queryset.filter(field_id__in=field_ids)
    else:
        queryset = supply_rows(field_ids, institution_ids).filter(academic_year=year)
    return {
        row[key]: row["graduates"] or 0
        for row in queryset.values(key).annotate(graduates=Sum("graduates")).order_by()
    }


def partnership_rows(field_ids=None, institution_ids=None):
    """Partnerships that count (every status but cancelled)."""
    queryset = Partnership.objects.exclude(status="cancelled")
    if field_ids is not None:
        queryset = queryset.filter(field_id__in=field_ids)
    if institution_ids is not None:
        queryset = queryset.filter(institution_id__in=institution_ids)
    return queryset


def partnerships_by_year(*, field_ids=None, institution_ids=None) -> dict[int, dict]:
    return {
        row["year"]: row
        for row in partnership_rows(field_ids, institution_ids)
        .values("year")
        .annotate(
            count=Count("id"),
            offered=Sum("places_offered"),
            filled=Sum("places_filled"),
            mous=Count("id", filter=Q(signed_on__isnull=False)),
        )
        .order_by()
    }
