"""API endpoints for the reference data and knowledge banks."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import BeforeValidator

from . import selectors
from .models import RESOURCE_TYPES

router = Router(tags=["fields"])


class ErrorOut(Schema):
    detail: str


# The resource types of the `type` filter and of each resource (an enum in the OpenAPI document).
ResourceType = enum.StrEnum("ResourceType", {key: key for key in RESOURCE_TYPES})


def _no_bare_number(value):
    """A date-time parameter is ISO 8601 text: a bare number (pydantic would read it as Unix
    seconds) is refused like any other value that is not a date-time."""
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return value
        raise ValueError("updated_since must be an ISO 8601 date-time, e.g. 2024-05-01T00:00:00Z")
    return value


IsoDateTime = Annotated[datetime, BeforeValidator(_no_bare_number)]


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


@router.get(
    "/fields/{code}/",
    response={200: FieldOut, 404: ErrorOut},
    summary="One field of study",
)
def fields_detail(request: HttpRequest, code: str):
    field_of_study = selectors.fields_queryset().filter(code=code).first()
    if field_of_study is None:
        return Status(404, {"detail": "Unknown field code"})
    return Status(200, _field_out(field_of_study, request))


# --- Resources ------------------------------------------------------------------------------------

resources_router = Router(tags=["resources"])


class NamedCodeOut(Schema):
    code: str
    name_th: str
    name_en: str


class ResourceOut(Schema):
    id: int
    external_id: str
    type: ResourceType
    title: str
    title_en: str
    summary: str
    languages: list[str]
    field: str
    fields: list[str]
    industries: list[NamedCodeOut]
    levels: list[NamedCodeOut]
    keywords: list[str]
    authors: list[str]
    year: int | None
    licence: str
    url: str
    external_url: str
    first_published_at: datetime | None
    updated_at: datetime | None
    restricted: bool


class ResourceListOut(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[ResourceOut]


class ValidationErrorOut(Schema):
    """A parameter the API cannot read (django-ninja's validation answer)."""

    detail: list[dict]


# Far past any real listing; a bigger number is refused (422) before it reaches the database.
PAGE_MAX = 1_000_000


def _representable(moment: datetime) -> bool:
    """The database compares in UTC: a moment that has no UTC date (0001-01-01+14:00) is not."""
    try:
        moment.astimezone(UTC)
    except OverflowError:
        return False
    return True


def _resource_out(page, request: HttpRequest) -> ResourceOut:
    return ResourceOut(
        id=page.pk,
        external_id=page.external_id,
        type=page.resource_type,
        title=page.title,
        title_en=page.title_en,
        summary=page.summary,
        languages=page.language_codes,
        field=page.home_field.code,
        fields=page.field_codes,
        industries=[
            NamedCodeOut(code=i.code, name_th=i.name_th, name_en=i.name_en)
            for i in page.industries.all()
        ],
        levels=[
            NamedCodeOut(code=level.code, name_th=level.name_th, name_en=level.name_en)
            for level in page.levels.all()
        ],
        keywords=[item.tag.name for item in page.tagged_items.all()],
        authors=page.author_names,
        year=page.year,
        licence=page.licence,
        url=page.get_full_url(request=request) or "",
        external_url=getattr(page, "external_url", "") or getattr(page, "website", "") or "",
        first_published_at=page.first_published_at,
        updated_at=page.last_published_at,
        restricted=getattr(page, "_restricted", False),
    )


def _resources_page(request: HttpRequest, params: dict):
    """One page of resources; what anonymous readers see is kept until anything is published."""
    if request.user.is_authenticated:
        return selectors.resources_api_page(user=request.user, **params)
    from intelligent_center.page_cache import generation_cached

    key = "api:resources:" + "&".join(f"{name}={value}" for name, value in sorted(params.items()))
    return generation_cached(key, lambda: selectors.resources_api_page(user=request.user, **params))


def _page_link(request: HttpRequest, page_number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page_number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@resources_router.get(
    "/resources/",
    response={200: ResourceListOut, 400: ErrorOut, 422: ValidationErrorOut},
    summary="Resources and profiles of the knowledge banks",
)
def resources_list(
    request: HttpRequest,
    field: str | None = None,
    type: ResourceType | None = None,  # noqa: A002 (the public filter name)
    language: Literal["th", "en"] | None = None,
    industry: str | None = None,
    level: str | None = None,
    updated_since: IsoDateTime | None = None,
    page: int = Query(1, ge=1, le=PAGE_MAX),
    page_size: int = Query(20, ge=1, le=100),
):
    """Live resources, newest first. Anonymous callers see public ones only; signed-in users
    also see the restricted ones they may open. Filters: field code, type (`research`, `ebook`,
    `elearning`, `econtent`, `simulator`, `expert`, `employer`), language (`th`, `en`),
    industry code, level code, `updated_since` (ISO 8601). A parameter of the wrong form is a
    422; an `updated_since` with no UTC date (e.g. 0001-01-01T00:00:00+14:00) is a 400."""
    if updated_since is not None and not _representable(updated_since):
        return Status(400, {"detail": "updated_since is out of range (years 1 to 9999 in UTC)"})
    params = {
        "field_code": field,
        "type_key": type.value if type else None,
        "language": language,
        "industry": industry,
        "level": level,
        "updated_since": updated_since,
        "page": page,
        "page_size": page_size,
    }
    try:
        result = _resources_page(request, params)
    except ValueError as exc:
        return Status(400, {"detail": str(exc)})
    pages_total = (result.count + page_size - 1) // page_size
    return Status(
        200,
        ResourceListOut(
            count=result.count,
            page=page,
            page_size=page_size,
            next=_page_link(request, page + 1) if page < pages_total else None,
            previous=_page_link(request, page - 1) if page > 1 else None,
            results=[_resource_out(item, request) for item in result.items],
        ),
    )


@resources_router.get(
    "/resources/{resource_id}/",
    response={200: ResourceOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="One resource or profile",
)
def resources_detail(request: HttpRequest, resource_id: int):
    page = selectors.resource_for_api(user=request.user, page_id=resource_id)
    if page is None:
        return Status(404, {"detail": "Not found / ไม่พบข้อมูล"})
    return Status(200, _resource_out(page, request))
