"""Matching suggestions: employers with unmet demand next to colleges with graduates of that level.

The rows are read here; the score of each pair is ``workforce.scoring``'s.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Sum

from content.dates import BUDDHIST_ERA_OFFSET
from content.models import FieldOfStudy, Institution, Level

from .. import geo
from ..models import CurriculumUnit, Establishment
from ..scoring import ScorePart, competency_overlap, score_parts
from .figures import own_demand_rows, partnership_rows, profile_demand_rows, supply_rows


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


def _demand_rows(*, field_of_study: FieldOfStudy, year: int, provinces) -> list[DemandItem]:
    """The field's demand rows of ``year`` from both sources (unmet not yet known)."""
    levels = {level.pk: level.name for level in Level.objects.all()}
    items: list[DemandItem] = []
    own = (
        own_demand_rows([field_of_study.pk], provinces)
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
    linked = dict(
        Establishment.objects.filter(profile_page__isnull=False).values_list(
            "profile_page_id", "pk"
        )
    )
    profile = profile_demand_rows([field_of_study.pk], provinces)
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
    return items


def demand_items(*, field_of_study: FieldOfStudy, year: int, provinces=None) -> list[DemandItem]:
    items = _demand_rows(field_of_study=field_of_study, year=year, provinces=provinces)
    # Places already filled (or offered, while proposed) reduce the unmet demand.
    filled: dict[tuple, int] = defaultdict(int)
    for row in (
        partnership_rows([field_of_study.pk])
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


def _graduates_by_college(*, field_of_study: FieldOfStudy, year: int) -> dict[tuple, int]:
    """(institution id, level id) → graduates in the latest academic year up to ``year``."""
    supply_year = (
        supply_rows([field_of_study.pk])
        .filter(academic_year__lte=year, graduates__gt=0)
        .order_by("-academic_year")
        .values_list("academic_year", flat=True)
        .first()
    )
    if supply_year is None:
        return {}
    return {
        (row["institution_id"], row["level_id"]): row["graduates"]
        for row in supply_rows([field_of_study.pk])
        .filter(academic_year=supply_year, graduates__gt=0)
        .values("institution_id", "level_id")
        .annotate(graduates=Sum("graduates"))
    }


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
    if not items:
        return []
    graduates = _graduates_by_college(field_of_study=field_of_study, year=year)
    if not graduates:
        return []
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
