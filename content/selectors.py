"""Reads for the knowledge banks: typed, keyword-only, no side effects."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .models import FieldOfStudy, Industry, InstitutionFieldRole, KnowledgeBankPage


@dataclass
class IndustryGroup:
    key: str
    name: str
    fields: list[FieldOfStudy] = field(default_factory=list)


def fields_queryset() -> QuerySet[FieldOfStudy]:
    return (
        FieldOfStudy.objects.select_related("host_college", "bank_page")
        .prefetch_related(Prefetch("industries", queryset=Industry.objects.order_by("sort_order")))
        .order_by("fiscal_year", "list_number")
    )


def field_count() -> int:
    return FieldOfStudy.objects.count()


def fields_grouped_by_industry() -> list[IndustryGroup]:
    """Every field under each of its industries; fields with none go to a last "other" group."""
    groups = {
        industry.code: IndustryGroup(key=industry.code, name=industry.name)
        for industry in Industry.objects.order_by("sort_order", "code")
    }
    other = IndustryGroup(key="other", name=_("Other fields"))
    for field_of_study in fields_queryset():
        industries = list(field_of_study.industries.all())
        for industry in industries:
            groups[industry.code].fields.append(field_of_study)
        if not industries:
            other.fields.append(field_of_study)
    result = [group for group in groups.values() if group.fields]
    if other.fields:
        result.append(other)
    return result


def resources_latest(*, user, limit: int = 6) -> list:
    """Newest public resources across all banks (resource pages arrive with the knowledge bank)."""
    return []


def bank_page_context(*, bank: KnowledgeBankPage, request: HttpRequest) -> dict:
    field_of_study = (
        FieldOfStudy.objects.select_related("host_college")
        .prefetch_related("industries")
        .get(pk=bank.field_id)
    )
    network = (
        InstitutionFieldRole.objects.filter(field=field_of_study)
        .select_related("institution", "role")
        .order_by("role__sort_order", "institution__name_th")
    )
    return {"field_of_study": field_of_study, "network_roles": list(network)}


def bank_for_field(*, code: str) -> KnowledgeBankPage | None:
    return KnowledgeBankPage.objects.filter(field__code=code).first()
