"""API endpoints for the reference data and knowledge banks."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status

from . import selectors

router = Router(tags=["fields"])


class HostCollegeOut(Schema):
    name_th: str
    name_en: str
    province_th: str
    ownership: str


class IndustryOut(Schema):
    code: str
    name_th: str
    name_en: str


class FieldOut(Schema):
    code: str
    name_th: str
    name_en: str
    specialisation_th: str
    specialisation_en: str
    host_college: HostCollegeOut
    fiscal_year: int
    industries: list[IndustryOut]
    url: str | None


def _field_out(field_of_study, request: HttpRequest) -> FieldOut:
    bank = getattr(field_of_study, "bank_page", None)
    return FieldOut(
        code=field_of_study.code,
        name_th=field_of_study.name_th,
        name_en=field_of_study.name_en,
        specialisation_th=field_of_study.specialisation_th,
        specialisation_en=field_of_study.specialisation_en,
        host_college=HostCollegeOut(
            name_th=field_of_study.host_college.name_th,
            name_en=field_of_study.host_college.name_en,
            province_th=field_of_study.host_college.province_th,
            ownership=field_of_study.host_college.ownership,
        ),
        fiscal_year=field_of_study.fiscal_year,
        industries=[
            IndustryOut(code=i.code, name_th=i.name_th, name_en=i.name_en)
            for i in field_of_study.industries.all()
        ],
        url=request.build_absolute_uri(bank.get_url(request=request)) if bank else None,
    )


@router.get("/fields/", response=list[FieldOut], summary="All fields of study of excellence")
def fields_list(request: HttpRequest):
    """The 101 fields of study of excellence: host college, fiscal year (B.E.), industries."""
    return [_field_out(f, request) for f in selectors.fields_queryset()]


@router.get("/fields/{code}/", response={200: FieldOut, 404: dict}, summary="One field of study")
def fields_detail(request: HttpRequest, code: str):
    field_of_study = selectors.fields_queryset().filter(code=code).first()
    if field_of_study is None:
        return Status(404, {"detail": "Unknown field code"})
    return Status(200, _field_out(field_of_study, request))
