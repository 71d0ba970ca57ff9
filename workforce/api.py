"""Open data of workforce intelligence: public aggregates only (no employer names without a public
profile, no personal data)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from content.models import FieldOfStudy

from . import selectors

router = Router(tags=["workforce"])


class NotFoundOut(Schema):
    detail: str


class YearFigures(Schema):
    year_be: int
    demand: int
    graduates: int
    gap: int
    partnerships: int
    places_filled: int


def _figures(field_ids) -> list[YearFigures]:
    demand = selectors.demand_by_year(field_ids=field_ids)
    supply = selectors.supply_by_year(field_ids=field_ids)
    partnerships = selectors.partnerships_by_year(field_ids=field_ids)
    years = sorted(set(demand) | set(supply) | set(partnerships))
    result = []
    for year in years:
        graduates = (supply.get(year) or {}).get("graduates") or 0
        result.append(
            YearFigures(
                year_be=year,
                demand=demand.get(year, 0),
                graduates=graduates,
                gap=demand.get(year, 0) - graduates,
                partnerships=(partnerships.get(year) or {}).get("count") or 0,
                places_filled=(partnerships.get(year) or {}).get("filled") or 0,
            )
        )
    return result


@router.get("/workforce/", response=list[YearFigures], summary="National demand and supply")
def national_figures(request):
    """Demand (headcount), graduates, gap and partnerships per year (B.E.), all fields."""
    return _figures(None)


@router.get(
    "/workforce/{code}/",
    response={200: list[YearFigures], 404: NotFoundOut},
    summary="Demand and supply of one field",
)
def field_figures(request, code: str):
    """Demand (headcount), graduates, gap and partnerships per year (B.E.) of one field; an
    unknown field code is a 404."""
    field_of_study = get_object_or_404(FieldOfStudy, code=code.upper())
    return _figures([field_of_study.pk])
