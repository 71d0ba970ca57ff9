"""Who may see and edit which workforce rows: the knowledge banks' rule, per field.

Which fields a user manages is decided once, by ``content.selectors.fields_managed_by`` (the
Wagtail page permissions on the fields' banks). Workforce rows have no drafts (they are on the
public dashboards as soon as they are saved), so they are for those who may *publish* in the
field's bank, as in the knowledge bank: the field's heads (``CVM <code>``); OVEC and superusers,
who publish above every bank, manage every field. ``CVM <code> editors`` (drafts for approval)
edit none.
"""

from __future__ import annotations

from django.db.models import QuerySet

from content import permissions as content_permissions
from content.models import FieldOfStudy
from content.selectors import fields_managed_by

ALL = None  # "every field"


def _group_names(user) -> list[str]:
    cache = getattr(user, "_workforce_group_names", None)
    if cache is None:
        cache = list(user.groups.values_list("name", flat=True))
        user._workforce_group_names = cache
    return cache


def is_ovec(user) -> bool:
    """OVEC's own pages (the all-fields report, the indicators): the OVEC group or superusers."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or content_permissions.OVEC_GROUP_NAME in _group_names(user)


def field_codes_for(user) -> set[str] | None:
    """The codes of the fields the user manages: ``None`` means all (OVEC), empty set none."""
    managed = fields_managed_by(user=user)
    if managed.every:
        return ALL
    return set(managed.publish)


def is_workforce_staff(user) -> bool:
    codes = field_codes_for(user)
    return codes is ALL or bool(codes)


def can_manage_field(user, field_of_study: FieldOfStudy | str) -> bool:
    code = field_of_study if isinstance(field_of_study, str) else field_of_study.code
    codes = field_codes_for(user)
    return codes is ALL or code in codes


def fields_for(user) -> QuerySet[FieldOfStudy]:
    codes = field_codes_for(user)
    queryset = FieldOfStudy.objects.order_by("fiscal_year", "list_number")
    return queryset if codes is ALL else queryset.filter(code__in=codes or [])


def scope_queryset(queryset: QuerySet, user) -> QuerySet:
    """Rows of ``queryset`` (a model with a ``field`` FK) the user may manage."""
    codes = field_codes_for(user)
    if codes is ALL:
        return queryset
    return queryset.filter(field__code__in=codes or [])
