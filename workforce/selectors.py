"""Reads of workforce intelligence: dashboards, matching suggestions, OVEC report counts, usage.

Years are Buddhist-era integers throughout (ปีการศึกษา / ปีงบประมาณ). Employer profile pages store
Gregorian years, converted here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content.dates import BUDDHIST_ERA_OFFSET
from content.models import FieldOfStudy, Industry, Institution, KnowledgeBankPage, Level

from . import formulas, geo
from .models import (
    CurriculumUnit,
    EmployerDemand,
    Establishment,
    Indicator,
    Partnership,
    SupplyRecord,
    SupplyTotal,
    TeacherDevelopment,
    UsageDaily,
    UsageKind,
    UsageYearly,
)

YEARS_SHOWN = 10


# --- Charts ---------------------------------------------------------------------------------


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


def year_label(be_year: int) -> str:
    """A Buddhist-era year label: "2567" in Thai; the Gregorian year in English."""
    from django.utils.translation import get_language

    if (get_language() or "th").startswith("en"):
        return str(be_year - BUDDHIST_ERA_OFFSET)
    return str(be_year)


def fiscal_year_period(fiscal_year: int) -> tuple[dt.date, dt.date]:
    """Thai fiscal year B.E. N runs from 1 October of N−1 to 30 September of N."""
    gregorian = fiscal_year - BUDDHIST_ERA_OFFSET
    return dt.date(gregorian - 1, 10, 1), dt.date(gregorian, 9, 30)


def _rate(part: int | None, whole: int | None) -> float | None:
    if not whole:
        return None
    return round(100 * (part or 0) / whole, 1)


# --- Demand from both sources ------------------------------------------------------------------


def _profile_demand_model():
    from django.apps import apps

    try:
        return apps.get_model("content", "ManpowerDemand")
    except LookupError:
        return None


def _profile_demand(field_ids=None, provinces=None):
    """ManpowerDemand rows of live employer profile pages (field = the page's home field)."""
    model = _profile_demand_model()
    if model is None:
        return None
    queryset = model.objects.filter(employer__live=True)
    if field_ids is not None:
        queryset = queryset.filter(employer__home_field_id__in=field_ids)
    if provinces is not None:
        queryset = queryset.filter(employer__province__in=provinces)
    return queryset


def _own_demand(field_ids=None, provinces=None):
    queryset = EmployerDemand.objects.all()
    if field_ids is not None:
        queryset = queryset.filter(field_id__in=field_ids)
    if provinces is not None:
        queryset = queryset.filter(establishment__province_th__in=provinces)
    return queryset


def demand_by_year(*, field_ids=None, provinces=None) -> dict[int, int]:
    totals: dict[int, int] = defaultdict(int)
    own = _own_demand(field_ids, provinces).values("year").annotate(total=Sum("headcount"))
    for row in own.order_by():
        totals[row["year"]] += row["total"] or 0
    profile = _profile_demand(field_ids, provinces)
    if profile is not None:
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
        _own_demand(field_ids, provinces)
        .filter(year=year)
        .values(own_key[key])
        .annotate(total=Sum("headcount"))
        .order_by()
    ):
        totals[row[own_key[key]]] += row["total"] or 0
    profile = _profile_demand(field_ids, provinces)
    if profile is not None:
        for row in (
            profile.filter(year=year - BUDDHIST_ERA_OFFSET)
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
            _own_demand(field_ids)
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
    profile = _profile_demand(field_ids)
    if profile is not None:
        for row in (
            profile.filter(year=year - BUDDHIST_ERA_OFFSET)
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


# --- Supply, partnerships, teachers, usage ------------------------------------------------------


def _supply(field_ids=None, institution_ids=None):
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
        queryset = _supply(field_ids, institution_ids)
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
        queryset = _supply(field_ids, institution_ids).filter(academic_year=year)
    return {
        row[key]: row["graduates"] or 0
        for row in queryset.values(key).annotate(graduates=Sum("graduates")).order_by()
    }


def _partnerships(field_ids=None, institution_ids=None):
    queryset = Partnership.objects.exclude(status="cancelled")
    if field_ids is not None:
        queryset = queryset.filter(field_id__in=field_ids)
    if institution_ids is not None:
        queryset = queryset.filter(institution_id__in=institution_ids)
    return queryset


def partnerships_by_year(*, field_ids=None, institution_ids=None) -> dict[int, dict]:
    return {
        row["year"]: row
        for row in _partnerships(field_ids, institution_ids)
        .values("year")
        .annotate(
            count=Count("id"),
            offered=Sum("places_offered"),
            filled=Sum("places_filled"),
            mous=Count("id", filter=Q(signed_on__isnull=False)),
        )
        .order_by()
    }


def usage_by_year(*, field_ids=None) -> dict[int, dict[str, int]]:
    """Events per calendar year (B.E.) and kind, from the yearly totals."""
    queryset = UsageYearly.objects.all()
    if field_ids is not None:
        queryset = queryset.filter(field_id__in=field_ids)
    result: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(UsageKind.values, 0))
    for row in queryset.values("year", "kind").annotate(total=Sum("count")).order_by():
        result[row["year"] + BUDDHIST_ERA_OFFSET][row["kind"]] = row["total"] or 0
    return dict(result)


def _years(*sources: dict, latest: int | None = None) -> list[int]:
    years = sorted({year for source in sources for year in source})
    if latest:
        years = [year for year in years if year <= latest]
    return years[-YEARS_SHOWN:]


@dataclass
class Summary:
    year: int | None
    demand: int = 0
    graduates: int = 0
    gap: int = 0
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
    details: dict = field(default_factory=dict)
    breakdowns: list = field(default_factory=list)


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
        Chart(
            key="certification",
            title=_("Certification rate of graduates"),
            kind="line",
            labels=labels,
            series=[
                Series(
                    _("Certified graduates (%)"),
                    [
                        _rate(
                            sum(
                                (supply.get(y) or {}).get(k) or 0
                                for k in ("tpqi", "dsd", "international")
                            ),
                            (supply.get(y) or {}).get("graduates"),
                        )
                        for y in years
                    ],
                ),
                Series(
                    _("Employed or studying within a year (%)"),
                    [
                        _rate(
                            (supply.get(y) or {}).get("employed"),
                            (supply.get(y) or {}).get("graduates"),
                        )
                        for y in years
                    ],
                ),
            ],
            unit="%",
        ),
    ]
    usage_years = sorted(usage)[-YEARS_SHOWN:]
    charts.append(
        Chart(
            key="usage",
            title=_("Use of the knowledge bank's resources"),
            kind="bar",
            labels=[year_label(y) for y in usage_years],
            series=[
                Series(str(label), [usage[y][kind] for y in usage_years])
                for kind, label in UsageKind.choices
            ],
        )
    )
    for chart in charts:
        chart.key = f"{prefix}{chart.key}"
    return charts, years


def _summary(*, year, demand, supply, partnerships) -> Summary:
    if year is None:
        return Summary(year=None)
    s = supply.get(year) or {}
    p = partnerships.get(year) or {}
    graduates = s.get("graduates") or 0
    certified = sum(s.get(k) or 0 for k in ("tpqi", "dsd", "international"))
    return Summary(
        year=year,
        demand=demand.get(year, 0),
        graduates=graduates,
        gap=demand.get(year, 0) - graduates,
        partnerships=p.get("count") or 0,
        places_filled=p.get("filled") or 0,
        certification_rate=_rate(certified, graduates),
        employment_rate=_rate(s.get("employed"), graduates),
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


def field_dashboard(*, field_of_study: FieldOfStudy, user) -> Dashboard:
    from . import permissions

    ids = [field_of_study.pk]
    demand = demand_by_year(field_ids=ids)
    supply = supply_by_year(field_ids=ids)
    partnerships = partnerships_by_year(field_ids=ids)
    usage = usage_by_year(field_ids=ids)
    charts, years = _charts(
        demand=demand, supply=supply, partnerships=partnerships, usage=usage, prefix=""
    )
    latest = years[-1] if years else None
    staff = permissions.can_manage_field(user, field_of_study)
    dashboard = Dashboard(
        title=field_of_study.full_name,
        charts=charts,
        summary=_summary(year=latest, demand=demand, supply=supply, partnerships=partnerships),
        years=years,
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


def national_dashboard(*, user, industry: str = "", region: str = "") -> Dashboard:
    from . import permissions

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
    latest = years[-1] if years else None
    dashboard = Dashboard(
        title=_("All fields of study of excellence"),
        charts=charts,
        summary=_summary(year=latest, demand=demand, supply=supply, partnerships=partnerships),
        years=years,
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


def _national_breakdowns(*, year, field_ids, institution_ids, provinces) -> list[dict]:
    demand_by_field = demand_by(key="field", year=year, field_ids=field_ids, provinces=provinces)
    graduates_by_field = supply_graduates_by(
        key="field_id", year=year, field_ids=field_ids, institution_ids=institution_ids
    )
    partnerships_by_field = {
        row["field_id"]: row["count"]
        for row in _partnerships(field_ids, institution_ids)
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
    field_rows = []
    by_industry: dict[str, dict] = {}
    industries = {i.code: i for i in Industry.objects.all()}
    for item in fields:
        row = {
            "code": item.code,
            "name": item.full_name,
            "demand": demand_by_field.get(item.pk, 0),
            "graduates": graduates_by_field.get(item.pk, 0),
            "partnerships": partnerships_by_field.get(item.pk, 0),
        }
        row["gap"] = row["demand"] - row["graduates"]
        field_rows.append(row)
        for industry in item.industries.all():
            bucket = by_industry.setdefault(
                industry.code,
                {
                    "code": industry.code,
                    "name": industries[industry.code].name,
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
    # By region: graduates by the college's province, demand by the employer's province.
    by_region = {
        code: {"code": code, "name": region.name, "demand": 0, "graduates": 0}
        for code, region in geo.REGIONS.items()
    }
    provinces_of = dict(Institution.objects.values_list("pk", "province_th"))
    for row in (
        _supply(field_ids, institution_ids)
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
    return [
        {
            "key": "industries",
            "title": _("By target industry"),
            "rows": sorted(by_industry.values(), key=lambda r: -r["demand"]),
        },
        {"key": "regions", "title": _("By region"), "rows": list(by_region.values())},
        {"key": "fields", "title": _("By field"), "rows": field_rows},
    ]


# --- Resources and usage --------------------------------------------------------------------


def _bank_paths(field_ids=None) -> dict[str, int]:
    banks = KnowledgeBankPage.objects.all()
    if field_ids is not None:
        banks = banks.filter(field_id__in=field_ids)
    return dict(banks.values_list("path", "field_id"))


def resources_published_by_field(
    *, field_ids=None, start: dt.date | None = None, end: dt.date | None = None
) -> dict[int, int]:
    """Live pages inside each field's bank, first published in the period (when given)."""
    from django.db.models.functions import Substr
    from wagtail.models import Page

    paths = _bank_paths(field_ids)
    if not paths:
        return {}
    steplen = Page.steplen
    bank_depth = KnowledgeBankPage.objects.values_list("depth", flat=True).first()
    queryset = Page.objects.filter(live=True, depth__gt=bank_depth)
    if start:
        queryset = queryset.filter(first_published_at__date__gte=start)
    if end:
        queryset = queryset.filter(first_published_at__date__lte=end)
    counts: dict[int, int] = defaultdict(int)
    for row in (
        queryset.annotate(bank_path=Substr("path", 1, steplen * bank_depth))
        .values("bank_path")
        .annotate(total=Count("id"))
        .order_by()
    ):
        field_id = paths.get(row["bank_path"])
        if field_id is not None:
            counts[field_id] += row["total"]
    return dict(counts)


def resources_published_count(*, field_ids) -> int:
    return sum(resources_published_by_field(field_ids=field_ids).values())


@dataclass
class UsedResource:
    page: object
    views: int
    downloads: int
    launches: int
    attempts: int

    @property
    def total(self) -> int:
        return self.views + self.downloads + self.launches + self.attempts


def resources_most_used(
    *, field_of_study: FieldOfStudy, limit: int = 5, days: int = 365, user=None
) -> list[UsedResource]:
    """The field's most used live, public resources over the last ``days`` days."""
    from django.utils import timezone
    from wagtail.models import Page, PageViewRestriction

    since = timezone.localdate() - dt.timedelta(days=days)
    rows = (
        UsageDaily.objects.filter(field=field_of_study, day__gte=since, page_id__gt=0)
        .values("page_id")
        .annotate(
            total=Sum("count"),
            views=Sum("count", filter=Q(kind="view")),
            downloads=Sum("count", filter=Q(kind="download")),
            launches=Sum("count", filter=Q(kind="launch")),
            attempts=Sum("count", filter=Q(kind="attempt")),
        )
        .order_by("-total")[: limit * 3]
    )
    rows = list(rows)
    bank_ids = set(KnowledgeBankPage.objects.values_list("pk", flat=True))
    pages = {
        page.pk: page
        for page in Page.objects.live()
        .filter(pk__in=[row["page_id"] for row in rows])
        .exclude(pk__in=bank_ids)
    }
    restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
    result = []
    for row in rows:
        page = pages.get(row["page_id"])
        if page is None or any(page.path.startswith(path) for path in restricted):
            continue
        result.append(
            UsedResource(
                page,
                row["views"] or 0,
                row["downloads"] or 0,
                row["launches"] or 0,
                row["attempts"] or 0,
            )
        )
        if len(result) == limit:
            break
    return result


# --- Matching --------------------------------------------------------------------------------

POINTS_UNMET = 50
POINTS_DISTANCE = 30
POINTS_COMPETENCY = 20
UNMET_FULL_SCORE = 20  # unmet places at which the unmet-demand part is full


@dataclass
class DemandItem:
    establishment_id: int | None
    profile_page_id: int | None
    name: str
    province: str
    level_id: int | None
    level_name: str
    headcount: int
    competencies: list[str]
    unmet: int = 0


@dataclass
class ScorePart:
    label: str
    points: int
    maximum: int
    detail: str


@dataclass
class MatchSuggestion:
    demand: DemandItem
    institution: Institution
    graduates: int
    parts: list[ScorePart]

    @property
    def score(self) -> int:
        return sum(part.points for part in self.parts)

    @property
    def places(self) -> int:
        return max(1, min(self.demand.unmet, self.graduates))


def _split_competencies(text: str) -> list[str]:
    parts = []
    for line in (text or "").replace(";", "\n").splitlines():
        line = line.strip(" -•\t")
        if line:
            parts.append(line)
    return parts


def _normalise(text: str) -> str:
    return "".join(text.lower().split())


def competency_overlap(required: list[str], units: list[tuple[str, str]]) -> list[str]:
    """The required competencies the curriculum covers: a unit's code is named, or one title
    contains the other (Thai has no spaces, so we compare without them)."""
    covered = []
    normalised_units = [(_normalise(code), _normalise(title)) for code, title in units]
    for competency in required:
        wanted = _normalise(competency)
        for code, title in normalised_units:
            if (code and code in wanted) or (title and (title in wanted or wanted in title)):
                covered.append(competency)
                break
    return covered


def score_parts(
    *,
    unmet: int,
    employer_province: str,
    college_province: str,
    required: list[str],
    covered: list[str],
) -> list[ScorePart]:
    unmet_points = round(POINTS_UNMET * min(unmet, UNMET_FULL_SCORE) / UNMET_FULL_SCORE)
    employer_province = geo.province_normalise(employer_province)
    college_province = geo.province_normalise(college_province)
    if employer_province and employer_province == college_province:
        distance_points, distance = (
            POINTS_DISTANCE,
            _("same province (%(p)s)") % {"p": employer_province},
        )
    elif employer_province and geo.region_of(employer_province) == geo.region_of(college_province):
        distance_points = POINTS_DISTANCE // 2
        distance = _("same region (%(r)s)") % {
            "r": geo.REGIONS[geo.region_of(employer_province)].name
        }
    else:
        distance_points, distance = 0, _("another region")
    if required:
        competency_points = round(POINTS_COMPETENCY * len(covered) / len(required))
        competency = _("%(covered)s of %(required)s required competencies in the curriculum") % {
            "covered": len(covered),
            "required": len(required),
        }
    else:
        competency_points, competency = 0, _("no competencies stated")
    return [
        ScorePart(
            _("Unmet demand"),
            unmet_points,
            POINTS_UNMET,
            _("%(unmet)s places not yet filled") % {"unmet": unmet},
        ),
        ScorePart(_("Distance"), distance_points, POINTS_DISTANCE, distance),
        ScorePart(_("Competencies"), competency_points, POINTS_COMPETENCY, competency),
    ]


def demand_items(*, field_of_study: FieldOfStudy, year: int, provinces=None) -> list[DemandItem]:
    levels = {level.pk: level.name for level in Level.objects.all()}
    items: list[DemandItem] = []
    own = (
        _own_demand([field_of_study.pk], provinces)
        .filter(year=year)
        .select_related("establishment")
    )
    for row in own:
        items.append(
            DemandItem(
                row.establishment_id,
                row.establishment.profile_page_id,
                row.establishment.name,
                row.establishment.province_th,
                row.level_id,
                levels.get(row.level_id, ""),
                row.headcount,
                _split_competencies(row.competencies),
            )
        )
    profile = _profile_demand([field_of_study.pk], provinces)
    if profile is not None:
        linked = dict(
            Establishment.objects.filter(profile_page__isnull=False).values_list(
                "profile_page_id", "pk"
            )
        )
        for row in profile.filter(year=year - BUDDHIST_ERA_OFFSET).select_related("employer"):
            items.append(
                DemandItem(
                    linked.get(row.employer_id),
                    row.employer_id,
                    row.employer.title,
                    geo.province_normalise(row.employer.province),
                    row.level_id,
                    levels.get(row.level_id, ""),
                    row.headcount,
                    _split_competencies(row.competencies),
                )
            )
    # Places already filled (or offered, while proposed) reduce the unmet demand.
    filled: dict[tuple, int] = defaultdict(int)
    for row in (
        _partnerships([field_of_study.pk])
        .filter(year=year)
        .values("establishment_id", "establishment__profile_page_id", "level_id")
        .annotate(filled=Sum("places_filled"), offered=Sum("places_offered"))
    ):
        taken = max(row["filled"] or 0, row["offered"] or 0)
        filled[("e", row["establishment_id"], row["level_id"])] += taken
        if row["establishment__profile_page_id"]:
            filled[("p", row["establishment__profile_page_id"], row["level_id"])] += taken
    for item in items:
        key = (
            ("p", item.profile_page_id, item.level_id)
            if item.profile_page_id
            else ("e", item.establishment_id, item.level_id)
        )
        # An employer's places of one level count against its demand rows of that level in
        # turn: what one row does not need is left for the next (two positions, one placement).
        used = min(filled.get(key, 0), item.headcount)
        filled[key] = filled.get(key, 0) - used
        item.unmet = item.headcount - used
    return items


def matching_suggestions(
    *,
    field_of_study: FieldOfStudy,
    year: int,
    province: str = "",
    region: str = "",
    limit: int = 50,
) -> list[MatchSuggestion]:
    """Employers with unmet demand next to colleges with graduates of that level, best first."""
    provinces = None
    if province:
        provinces = [geo.province_normalise(province)]
    elif region:
        provinces = geo.provinces_in_region(region)
    items = [
        item
        for item in demand_items(field_of_study=field_of_study, year=year, provinces=provinces)
        if item.unmet > 0
    ]
    supply_year = (
        _supply([field_of_study.pk])
        .filter(academic_year__lte=year, graduates__gt=0)
        .order_by("-academic_year")
        .values_list("academic_year", flat=True)
        .first()
    )
    if not items or supply_year is None:
        return []
    graduates: dict[tuple[int, int], int] = {
        (row["institution_id"], row["level_id"]): row["graduates"]
        for row in _supply([field_of_study.pk])
        .filter(academic_year=supply_year, graduates__gt=0)
        .values("institution_id", "level_id")
        .annotate(graduates=Sum("graduates"))
    }
    institutions = Institution.objects.in_bulk({pk for pk, _level in graduates})
    units = list(
        CurriculumUnit.objects.filter(field=field_of_study).values_list("code", "title_th")
    )
    suggestions = []
    for item in items:
        covered = competency_overlap(item.competencies, units)
        for (institution_id, level_id), count in graduates.items():
            if item.level_id and level_id != item.level_id:
                continue
            institution = institutions[institution_id]
            parts = score_parts(
                unmet=item.unmet,
                employer_province=item.province,
                college_province=institution.province_th,
                required=item.competencies,
                covered=covered,
            )
            suggestions.append(MatchSuggestion(item, institution, count, parts))
    suggestions.sort(key=lambda s: (-s.score, -s.demand.unmet, s.demand.name))
    return suggestions[:limit]


# --- OVEC report -----------------------------------------------------------------------------


def report_counts_by_field(*, fiscal_year: int, field_ids=None) -> dict[int, dict[str, int]]:
    """The countable outputs of section 7 for each field in one fiscal year (B.E.)."""
    start, end = fiscal_year_period(fiscal_year)
    ids = (
        field_ids
        if field_ids is not None
        else list(FieldOfStudy.objects.values_list("pk", flat=True))
    )
    counts = {pk: dict.fromkeys(formulas.COUNT_NAMES, 0) for pk in ids}

    def add(rows, mapping, key="field_id"):
        for row in rows:
            target = counts.get(row[key])
            if target is None:
                continue
            for name, source in mapping.items():
                target[name] += row[source] or 0

    own = _own_demand(ids).filter(year=fiscal_year)
    add(
        own.values("field_id")
        .annotate(e=Count("establishment_id", distinct=True), h=Sum("headcount"))
        .order_by(),
        {"establishments": "e", "demand_headcount": "h"},
    )
    profile = _profile_demand(ids)
    if profile is not None:
        add(
            profile.filter(year=fiscal_year - BUDDHIST_ERA_OFFSET)
            .values("employer__home_field_id")
            .annotate(e=Count("employer_id", distinct=True), h=Sum("headcount"))
            .order_by(),
            {"establishments": "e", "demand_headcount": "h"},
            key="employer__home_field_id",
        )
    add(
        _partnerships(ids)
        .filter(year=fiscal_year)
        .values("field_id")
        .annotate(m=Count("id"), o=Sum("places_offered"), f=Sum("places_filled"))
        .order_by(),
        {"matches": "m", "places_offered": "o", "places_filled": "f"},
    )
    add(
        _partnerships(ids)
        .filter(signed_on__range=(start, end))
        .values("field_id")
        .annotate(n=Count("id"))
        .order_by(),
        {"mous": "n"},
    )
    add(
        TeacherDevelopment.objects.filter(field_id__in=ids, starts_on__range=(start, end))
        .values("field_id")
        .annotate(t=Count("id"), c=Count("id", filter=~Q(certificate="")), h=Sum("hours"))
        .order_by(),
        {"teachers_trained": "t", "teachers_certified": "c", "training_hours": "h"},
    )
    add(
        _supply(ids)
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
        {
            "planned": "p",
            "enrolled": "e",
            "graduates": "g",
            "graduates_certified": "c",
            "graduates_employed": "w",
        },
    )
    for field_id, total in resources_published_by_field(
        field_ids=ids, start=start, end=end
    ).items():
        if field_id in counts:
            counts[field_id]["resources_published"] += total
    add(
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
        {"views": "v", "downloads": "d", "launches": "la", "attempts": "a", "unique_users": "u"},
    )
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
    from django.utils.translation import gettext

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


def indicators_evaluate(*, counts: dict[str, int]) -> list[IndicatorResult]:
    results = []
    for indicator in Indicator.objects.filter(active=True):
        try:
            value = formulas.formula_evaluate(formula=indicator.formula, counts=counts)
            results.append(IndicatorResult(indicator, value))
        except formulas.FormulaError as error:
            results.append(IndicatorResult(indicator, None, str(error)))
    return results


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
        results = []
        for indicator in indicators:
            try:
                results.append(
                    IndicatorResult(
                        indicator,
                        formulas.formula_evaluate(formula=indicator.formula, counts=counts),
                    )
                )
            except formulas.FormulaError as error:
                results.append(IndicatorResult(indicator, None, str(error)))
        reports.append(FieldReport(item, fiscal_year, start, end, counts, results))
    return reports
