"""The matching score of an employer's unmet demand next to a college's graduates (out of 100).

A calculation, not a read: ``workforce.selectors.matching`` gathers the rows and calls
``score_parts``; the matching page explains the score from the same constants (``SCORING``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import geo

POINTS_UNMET = 50
POINTS_DISTANCE = 30
POINTS_SAME_REGION = POINTS_DISTANCE // 2
POINTS_COMPETENCY = 20
POINTS_MAX = POINTS_UNMET + POINTS_DISTANCE + POINTS_COMPETENCY
UNMET_FULL_SCORE = 20  # unmet places at which the unmet-demand part is full

# What the matching page states about the score (template variables of its explanation).
SCORING = {
    "maximum": POINTS_MAX,
    "unmet": POINTS_UNMET,
    "unmet_full": UNMET_FULL_SCORE,
    "same_province": POINTS_DISTANCE,
    "same_region": POINTS_SAME_REGION,
    "competency": POINTS_COMPETENCY,
}


@dataclass
class ScorePart:
    label: str
    points: int
    maximum: int
    detail: str


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


def _distance_part(employer_province: str, college_province: str) -> tuple[int, str]:
    employer_province = geo.province_normalise(employer_province)
    college_province = geo.province_normalise(college_province)
    if employer_province and employer_province == college_province:
        return POINTS_DISTANCE, _("same province (%(p)s)") % {"p": employer_province}
    region = geo.region_of(employer_province)
    if employer_province and region == geo.region_of(college_province):
        return POINTS_SAME_REGION, _("same region (%(r)s)") % {"r": geo.REGIONS[region].name}
    return 0, _("another region")


def _competency_part(required: list[str], covered: list[str]) -> tuple[int, str]:
    if not required:
        return 0, _("no competencies stated")
    points = round(POINTS_COMPETENCY * len(covered) / len(required))
    detail = _("%(covered)s of %(required)s required competencies in the curriculum") % {
        "covered": len(covered),
        "required": len(required),
    }
    return points, detail


def score_parts(
    *,
    unmet: int,
    employer_province: str,
    college_province: str,
    required: list[str],
    covered: list[str],
) -> list[ScorePart]:
    unmet_points = round(POINTS_UNMET * min(unmet, UNMET_FULL_SCORE) / UNMET_FULL_SCORE)
    distance_points, distance = _distance_part(employer_province, college_province)
    competency_points, competency = _competency_part(required, covered)
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
