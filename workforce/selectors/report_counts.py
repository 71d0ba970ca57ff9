"""The OVEC report: the countable outputs of section 7 per field and fiscal year, and the
indicators OVEC defines over them (``workforce.formulas``). ``workforce.reports`` builds the files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext, gettext_lazy

from content.dates import BUDDHIST_ERA_OFFSET
from content.models import FieldOfStudy

from .. import formulas
from ..models import Indicator, TeacherDevelopment, UsageDaily
from .figures import (
    fiscal_year_period,
    own_demand_rows,
    partnership_rows,
    profile_demand_rows,
    supply_rows,
)
from .usage import resources_published_by_field

DEMAND = {"establishments": "e", "demand_headcount": "h"}
USAGE = {"views": "v", "downloads": "d", "launches": "la", "attempts": "a", "unique_users": "u"}
SUPPLY = {
    "planned": "p",
    "enrolled": "e",
    "graduates": "g",
    "graduates_certified": "c",
    "graduates_employed": "w",
}


def _add(counts: dict, rows, mapping: dict[str, str], key: str = "field_id") -> None:
    """Add each row's aggregates (``mapping``: count name → aggregate alias) to its field."""
    for row in rows:
        target = counts.get(row[key])
        if target is None:
            continue
        for name, source in mapping.items():
            target[name] += row[source] or 0


def _demand_counts(counts: dict, *, ids, fiscal_year: int) -> None:
    _add(
        counts,
        own_demand_rows(ids)
        .filter(year=fiscal_year)
        .values("field_id")
        .annotate(e=Count("establishment_id", distinct=True), h=Sum("headcount"))
        .order_by(),
        DEMAND,
    )
    _add(
        counts,
        profile_demand_rows(ids)
        .filter(year=fiscal_year - BUDDHIST_ERA_OFFSET)
        .values("employer__home_field_id")
        .annotate(e=Count("employer_id", distinct=True), h=Sum("headcount"))
        .order_by(),
        DEMAND,
        key="employer__home_field_id",
    )


def _partnership_counts(counts: dict, *, ids, fiscal_year: int, start, end) -> None:
    _add(
        counts,
        partnership_rows(ids)
        .filter(year=fiscal_year)
        .values("field_id")
        .annotate(m=Count("id"), o=Sum("places_offered"), f=Sum("places_filled"))
        .order_by(),
        {"matches": "m", "places_offered": "o", "places_filled": "f"},
    )
    _add(
        counts,
        partnership_rows(ids)
        .filter(signed_on__range=(start, end))
        .values("field_id")
        .annotate(n=Count("id"))
        .order_by(),
        {"mous": "n"},
    )


def _teacher_counts(counts: dict, *, ids, start, end) -> None:
    _add(
        counts,
        TeacherDevelopment.objects.filter(field_id__in=ids, starts_on__range=(start, end))
        .values("field_id")
        .annotate(t=Count("id"), c=Count("id", filter=~Q(certificate="")), h=Sum("hours"))
        .order_by(),
        {"teachers_trained": "t", "teachers_certified": "c", "training_hours": "h"},
    )


def _supply_counts(counts: dict, *, ids, fiscal_year: int) -> None:
    _add(
        counts,
        supply_rows(ids)
        .filter(academic_year=fiscal_year)
        .values("field_id")
        .annotate(
            p=Sum("planned"),
            e=Sum("enrolled"),
            g=Sum("graduates"),
            c=Sum(F("certified_tpqi") + F("certified_dsd") + F("certified_international")),
            w=Sum("employed_or_studying"),
        )
        .order_by(),
        SUPPLY,
    )


def _usage_counts(counts: dict, *, ids, start, end) -> None:
    for field_id, total in resources_published_by_field(
        field_ids=ids, start=start, end=end
    ).items():
        if field_id in counts:
            counts[field_id]["resources_published"] += total
    _add(
        counts,
        UsageDaily.objects.filter(field_id__in=ids, day__range=(start, end))
        .values("field_id")
        .annotate(
            v=Sum("count", filter=Q(kind="view")),
            d=Sum("count", filter=Q(kind="download")),
            la=Sum("count", filter=Q(kind="launch")),
            a=Sum("count", filter=Q(kind="attempt")),
            u=Sum("unique_users"),
        )
        .order_by(),
        USAGE,
    )


def report_counts_by_field(*, fiscal_year: int, field_ids=None) -> dict[int, dict[str, int]]:
    """The countable outputs of section 7 for each field in one fiscal year (B.E.)."""
    start, end = fiscal_year_period(fiscal_year)
    ids = (
        field_ids
        if field_ids is not None
        else list(FieldOfStudy.objects.values_list("pk", flat=True))
    )
    counts = {pk: dict.fromkeys(formulas.COUNT_NAMES, 0) for pk in ids}
    _demand_counts(counts, ids=ids, fiscal_year=fiscal_year)
    _partnership_counts(counts, ids=ids, fiscal_year=fiscal_year, start=start, end=end)
    _teacher_counts(counts, ids=ids, start=start, end=end)
    _supply_counts(counts, ids=ids, fiscal_year=fiscal_year)
    _usage_counts(counts, ids=ids, start=start, end=end)
    return counts


COUNT_LABELS = {
    "establishments": gettext_lazy("Establishments in the demand database"),
    "demand_headcount": gettext_lazy("Headcount demanded"),
    "matches": gettext_lazy("Matches (partnerships)"),
    "mous": gettext_lazy("MOUs/MOAs signed"),
    "places_offered": gettext_lazy("Places offered"),
    "places_filled": gettext_lazy("Places filled"),
    "teachers_trained": gettext_lazy("Teachers trained or placed in industry"),
    "teachers_certified": gettext_lazy("Teachers certified"),
    "training_hours": gettext_lazy("Hours of teacher development"),
    "planned": gettext_lazy("Enrolment plan"),
    "enrolled": gettext_lazy("Enrolled"),
    "graduates": gettext_lazy("Graduates"),
    "graduates_certified": gettext_lazy("Graduates certified (TPQI, DSD, international)"),
    "graduates_employed": gettext_lazy("Graduates employed or studying within a year"),
    "resources_published": gettext_lazy("Resources published"),
    "views": gettext_lazy("Views"),
    "downloads": gettext_lazy("Downloads"),
    "launches": gettext_lazy("LTI launches"),
    "attempts": gettext_lazy("Simulator attempts"),
    "unique_users": gettext_lazy("Unique users (sum of daily counts)"),
}


def count_labels() -> list[tuple[str, str]]:
    """(name, translated label) of every count, in report order (translated when called)."""
    return [(name, gettext(COUNT_LABELS[name])) for name in formulas.COUNT_NAMES]


@dataclass
class IndicatorResult:
    indicator: Indicator
    value: Decimal | None
    error: str = ""

    @property
    def met(self) -> bool | None:
        if self.value is None or self.indicator.target is None:
            return None
        if self.indicator.higher_is_better:
            return self.value >= self.indicator.target
        return self.value <= self.indicator.target


def _indicator_results(indicators, counts: dict[str, int]) -> list[IndicatorResult]:
    results = []
    for indicator in indicators:
        try:
            value = formulas.formula_evaluate(formula=indicator.formula, counts=counts)
            results.append(IndicatorResult(indicator, value))
        except formulas.FormulaError as error:
            results.append(IndicatorResult(indicator, None, str(error)))
    return results


def indicators_evaluate(*, counts: dict[str, int]) -> list[IndicatorResult]:
    return _indicator_results(Indicator.objects.filter(active=True), counts)


@dataclass
class FieldReport:
    field_of_study: FieldOfStudy
    fiscal_year: int
    start: dt.date
    end: dt.date
    counts: dict[str, int]
    indicators: list[IndicatorResult]

    @property
    def rows(self) -> list[tuple[str, str, int]]:
        return [(name, label, self.counts[name]) for name, label in count_labels()]


def field_report(*, field_of_study: FieldOfStudy, fiscal_year: int) -> FieldReport:
    counts = report_counts_by_field(fiscal_year=fiscal_year, field_ids=[field_of_study.pk])[
        field_of_study.pk
    ]
    start, end = fiscal_year_period(fiscal_year)
    return FieldReport(
        field_of_study, fiscal_year, start, end, counts, indicators_evaluate(counts=counts)
    )


def national_report(*, fiscal_year: int) -> list[FieldReport]:
    start, end = fiscal_year_period(fiscal_year)
    by_field = report_counts_by_field(fiscal_year=fiscal_year)
    indicators = list(Indicator.objects.filter(active=True))
    reports = []
    for item in FieldOfStudy.objects.order_by("fiscal_year", "list_number"):
        counts = by_field[item.pk]
        results = _indicator_results(indicators, counts)
        reports.append(FieldReport(item, fiscal_year, start, end, counts, results))
    return reports
