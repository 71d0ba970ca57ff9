"""The public dashboards (one field, all fields) and their charts; details for the field's staff."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from content.models import FieldOfStudy, Industry, Institution, Level

from .. import geo, permissions
from ..models import Partnership, TeacherDevelopment, UsageKind
from .figures import (
    YEARS_SHOWN,
    demand_by,
    demand_by_year,
    partnership_rows,
    partnerships_by_year,
    rate,
    supply_by_year,
    supply_graduates_by,
    supply_rows,
    top_employers,
    year_label,
)
from .usage import resources_most_used, resources_published_count, usage_by_year

CERTIFICATIONS = ("tpqi", "dsd", "international")


@dataclass
class Series:
    label: str
    values: list[float | int | None]


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # "bar" or "line"
    labels: list[str]
    series: list[Series]
    unit: str = ""

    def as_json(self) -> dict:
        return {
            "type": self.kind,
            "title": self.title,
            "unit": self.unit,
            "labels": self.labels,
            "datasets": [{"label": s.label, "data": s.values} for s in self.series],
        }

    @property
    def header(self) -> list[str]:
        return ["", *(s.label for s in self.series)]

    @property
    def rows(self) -> list[list]:
        return [[label, *(s.values[i] for s in self.series)] for i, label in enumerate(self.labels)]


@dataclass
class Summary:
    year: int | None
    demand: int = 0
    graduates: int | None = 0  # None: no graduate data for that year (not "0 graduates")
    gap: int | None = 0
    partnerships: int = 0
    places_filled: int = 0
    certification_rate: float | None = None
    employment_rate: float | None = None


@dataclass
class Dashboard:
    title: str
    charts: list[Chart]
    summary: Summary
    years: list[int]
    # Every year that has data (newest first) for the year selector; the year shown.
    year_choices: list[int] = field(default_factory=list)
    year: int | None = None
    details: dict = field(default_factory=dict)
    breakdowns: list = field(default_factory=list)


def _years(*sources: dict, latest: int | None = None) -> list[int]:
    years = sorted({year for source in sources for year in source})
    if latest:
        years = [year for year in years if year <= latest]
    return years[-YEARS_SHOWN:]


def _certified(supply_year: dict) -> int:
    return sum(supply_year.get(k) or 0 for k in CERTIFICATIONS)


def _rates_chart(*, supply: dict, years: list[int], labels: list[str]) -> Chart:
    of_year = [supply.get(y) or {} for y in years]
    return Chart(
        key="certification",
        title=_("Certification rate of graduates"),
        kind="line",
        labels=labels,
        series=[
            Series(
                _("Certified graduates (%)"),
                [rate(_certified(s), s.get("graduates")) for s in of_year],
            ),
            Series(
                _("Employed or studying within a year (%)"),
                [rate(s.get("employed"), s.get("graduates")) for s in of_year],
            ),
        ],
        unit="%",
    )


def _usage_chart(usage: dict) -> Chart:
    usage_years = sorted(usage)[-YEARS_SHOWN:]
    return Chart(
        key="usage",
        title=_("Use of the knowledge bank's resources"),
        kind="bar",
        labels=[year_label(y) for y in usage_years],
        series=[
            Series(str(label), [usage[y][kind] for y in usage_years])
            for kind, label in UsageKind.choices
        ],
    )


def _charts(
    *, demand: dict, supply: dict, partnerships: dict, usage: dict, prefix: str
) -> tuple[list[Chart], list[int]]:
    years = _years(demand, supply, partnerships)
    labels = [year_label(year) for year in years]
    demand_values = [demand.get(year, 0) for year in years]
    graduate_values = [(supply.get(year) or {}).get("graduates") or 0 for year in years]
    charts = [
        Chart(
            key="demand-supply",
            title=_("Demand and supply by year"),
            kind="bar",
            labels=labels,
            series=[
                Series(_("Demand (headcount)"), demand_values),
                Series(_("Graduates"), graduate_values),
            ],
            unit=_("people"),
        ),
        Chart(
            key="gap",
            title=_("Gap between demand and graduates"),
            kind="line",
            labels=labels,
            series=[
                Series(
                    _("Demand minus graduates"),
                    [d - g for d, g in zip(demand_values, graduate_values, strict=True)],
                )
            ],
            unit=_("people"),
        ),
        Chart(
            key="partnerships",
            title=_("Partnerships and placements"),
            kind="bar",
            labels=labels,
            series=[
                Series(
                    _("Partnerships"),
                    [(partnerships.get(y) or {}).get("count") or 0 for y in years],
                ),
                Series(
                    _("Places filled"),
                    [(partnerships.get(y) or {}).get("filled") or 0 for y in years],
                ),
            ],
        ),
        _rates_chart(supply=supply, years=years, labels=labels),
        _usage_chart(usage),
    ]
    for chart in charts:
        chart.key = f"{prefix}{chart.key}"
    return charts, years


def year_shown(*, requested: int | None, demand: dict, supply: dict, partnerships: dict):
    """The year a dashboard opens on: the one asked for if it has data, else the latest year with
    graduate data (demand alone, e.g. this year's survey, would headline "0 graduates"), else the
    latest year with any data. Returns ``(year, every year with data, newest first)``."""
    choices = sorted({*demand, *supply, *partnerships}, reverse=True)
    if requested in choices:
        return requested, choices
    with_graduates = [y for y in choices if (supply.get(y) or {}).get("graduates")]
    return (with_graduates or choices or [None])[0], choices


def _summary(*, year, demand, supply, partnerships) -> Summary:
    if year is None:
        return Summary(year=None)
    s = supply.get(year) or {}
    p = partnerships.get(year) or {}
    graduates = s.get("graduates") if year in supply else None
    return Summary(
        year=year,
        demand=demand.get(year, 0),
        graduates=graduates,
        gap=None if graduates is None else demand.get(year, 0) - graduates,
        partnerships=p.get("count") or 0,
        places_filled=p.get("filled") or 0,
        certification_rate=rate(_certified(s), graduates or 0),
        employment_rate=rate(s.get("employed"), graduates or 0),
    )


def _levels_table(*, field_ids, year) -> list[dict]:
    if year is None:
        return []
    demand = demand_by(key="level", year=year, field_ids=field_ids)
    graduates = supply_graduates_by(key="level_id", year=year, field_ids=field_ids)
    rows = []
    for level in Level.objects.order_by("sort_order"):
        d, g = demand.get(level.pk, 0), graduates.get(level.pk, 0)
        if d or g:
            rows.append({"name": level.name, "demand": d, "graduates": g, "gap": d - g})
    if demand.get(None):
        rows.append(
            {
                "name": _("Level not stated"),
                "demand": demand[None],
                "graduates": 0,
                "gap": demand[None],
            }
        )
    return rows


def field_dashboard(*, field_of_study: FieldOfStudy, user, year: int | None = None) -> Dashboard:
    ids = [field_of_study.pk]
    demand = demand_by_year(field_ids=ids)
    supply = supply_by_year(field_ids=ids)
    partnerships = partnerships_by_year(field_ids=ids)
    usage = usage_by_year(field_ids=ids)
    charts, years = _charts(
        demand=demand, supply=supply, partnerships=partnerships, usage=usage, prefix=""
    )
    latest, choices = year_shown(
        requested=year, demand=demand, supply=supply, partnerships=partnerships
    )
    staff = permissions.can_manage_field(user, field_of_study)
    dashboard = Dashboard(
        title=field_of_study.full_name,
        charts=charts,
        summary=_summary(year=latest, demand=demand, supply=supply, partnerships=partnerships),
        years=years,
        year_choices=choices,
        year=latest,
    )
    dashboard.breakdowns = [
        {
            "key": "levels",
            "title": _("Demand and graduates by level"),
            "rows": _levels_table(field_ids=ids, year=latest),
        }
    ]
    if latest:
        dashboard.details["top_employers"] = top_employers(
            field_ids=ids, year=latest, public_only=not staff
        )
    dashboard.details["resources_published"] = resources_published_count(field_ids=ids)
    dashboard.details["most_used"] = resources_most_used(field_of_study=field_of_study)
    if staff:
        dashboard.details["staff"] = True
        dashboard.details["partnerships"] = list(
            Partnership.objects.filter(field=field_of_study)
            .select_related("establishment", "institution", "level")
            .order_by("-year", "-created_at")[:20]
        )
        dashboard.details["teachers_trained"] = TeacherDevelopment.objects.filter(
            field=field_of_study
        ).count()
    return dashboard


def _institutions_in_region(region: str) -> list[int]:
    provinces = set(geo.provinces_in_region(region))
    return [
        pk
        for pk, province in Institution.objects.values_list("pk", "province_th")
        if geo.province_normalise(province) in provinces
    ]


def national_dashboard(
    *, user, industry: str = "", region: str = "", year: int | None = None
) -> Dashboard:
    field_ids = None
    if industry:
        field_ids = list(
            FieldOfStudy.objects.filter(industries__code=industry).values_list("pk", flat=True)
        )
    institution_ids = _institutions_in_region(region) if region else None
    provinces = geo.provinces_in_region(region) if region else None
    demand = demand_by_year(field_ids=field_ids, provinces=provinces)
    supply = supply_by_year(field_ids=field_ids, institution_ids=institution_ids)
    partnerships = partnerships_by_year(field_ids=field_ids, institution_ids=institution_ids)
    usage = usage_by_year(field_ids=field_ids)
    charts, years = _charts(
        demand=demand, supply=supply, partnerships=partnerships, usage=usage, prefix=""
    )
    latest, choices = year_shown(
        requested=year, demand=demand, supply=supply, partnerships=partnerships
    )
    dashboard = Dashboard(
        title=_("All fields of study of excellence"),
        charts=charts,
        summary=_summary(year=latest, demand=demand, supply=supply, partnerships=partnerships),
        years=years,
        year_choices=choices,
        year=latest,
    )
    if latest:
        dashboard.breakdowns = _national_breakdowns(
            year=latest, field_ids=field_ids, institution_ids=institution_ids, provinces=provinces
        )
        if permissions.is_ovec(user):
            dashboard.details["staff"] = True
            dashboard.details["top_employers"] = top_employers(
                field_ids=field_ids, year=latest, public_only=False
            )
    return dashboard


def _by_field(*, year, field_ids, institution_ids, provinces) -> list[dict]:
    demand_by_field = demand_by(key="field", year=year, field_ids=field_ids, provinces=provinces)
    graduates_by_field = supply_graduates_by(
        key="field_id", year=year, field_ids=field_ids, institution_ids=institution_ids
    )
    partnerships_by_field = {
        row["field_id"]: row["count"]
        for row in partnership_rows(field_ids, institution_ids)
        .filter(year=year)
        .values("field_id")
        .annotate(count=Count("id"))
        .order_by()
    }
    fields = FieldOfStudy.objects.order_by("fiscal_year", "list_number").prefetch_related(
        "industries"
    )
    if field_ids is not None:
        fields = fields.filter(pk__in=field_ids)
    rows = []
    for item in fields:
        row = {
            "code": item.code,
            "name": item.full_name,
            "demand": demand_by_field.get(item.pk, 0),
            "graduates": graduates_by_field.get(item.pk, 0),
            "partnerships": partnerships_by_field.get(item.pk, 0),
            "industries": [industry.code for industry in item.industries.all()],
        }
        row["gap"] = row["demand"] - row["graduates"]
        rows.append(row)
    return rows


def _by_industry(field_rows: list[dict]) -> list[dict]:
    by_industry: dict[str, dict] = {}
    industries = {i.code: i for i in Industry.objects.all()}
    for row in field_rows:
        for code in row["industries"]:
            bucket = by_industry.setdefault(
                code,
                {
                    "code": code,
                    "name": industries[code].name,
                    "demand": 0,
                    "graduates": 0,
                    "partnerships": 0,
                    "fields": 0,
                },
            )
            bucket["fields"] += 1
            for key in ("demand", "graduates", "partnerships"):
                bucket[key] += row[key]
    for bucket in by_industry.values():
        bucket["gap"] = bucket["demand"] - bucket["graduates"]
    return sorted(by_industry.values(), key=lambda r: -r["demand"])


def _by_region(*, year, field_ids, institution_ids, provinces) -> list[dict]:
    """Graduates by the college's province, demand by the employer's province."""
    by_region = {
        code: {"code": code, "name": region.name, "demand": 0, "graduates": 0}
        for code, region in geo.REGIONS.items()
    }
    provinces_of = dict(Institution.objects.values_list("pk", "province_th"))
    for row in (
        supply_rows(field_ids, institution_ids)
        .filter(academic_year=year)
        .values("institution_id")
        .annotate(graduates=Sum("graduates"))
        .order_by()
    ):
        code = geo.region_of(provinces_of.get(row["institution_id"]))
        if code:
            by_region[code]["graduates"] += row["graduates"] or 0
    for province, total in demand_by(
        key="province", year=year, field_ids=field_ids, provinces=provinces
    ).items():
        code = geo.region_of(province)
        if code:
            by_region[code]["demand"] += total
    for bucket in by_region.values():
        bucket["gap"] = bucket["demand"] - bucket["graduates"]
    return list(by_region.values())


def _national_breakdowns(*, year, field_ids, institution_ids, provinces) -> list[dict]:
    scope = {
        "year": year,
        "field_ids": field_ids,
        "institution_ids": institution_ids,
        "provinces": provinces,
    }
    field_rows = _by_field(**scope)
    by_industry = _by_industry(field_rows)
    for row in field_rows:
        del row["industries"]
    return [
        {"key": "industries", "title": _("By target industry"), "rows": by_industry},
        {"key": "regions", "title": _("By region"), "rows": _by_region(**scope)},
        {"key": "fields", "title": _("By field"), "rows": field_rows},
    ]
