"""Reads for the knowledge banks: typed, keyword-only, no side effects."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

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


def institutions_queryset() -> QuerySet:
    """The colleges (reference data), for choices such as a user's college on sign-up."""
    from .models import Institution

    return Institution.objects.order_by("name_th")


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
    type_key = request.GET.get("type") if request is not None else None
    if type_key not in resource_models():
        type_key = None
    sections, selected = bank_resource_sections(
        bank=bank,
        type_key=type_key,
        page_number=request.GET.get("page") if request is not None else None,
    )
    return {
        "field_of_study": field_of_study,
        "network_roles": list(network),
        "type_sections": sections,
        "selected_section": selected,
        "resource_total": sum(section.count for section in sections),
    }


def bank_for_field(*, code: str) -> KnowledgeBankPage | None:
    return KnowledgeBankPage.objects.filter(field__code=code).first()


# --- Who manages which field ---------------------------------------------------------------------


@dataclass(frozen=True)
class ManagedFields:
    """The field codes whose knowledge bank a user may add pages to (``add``: the field's heads
    and editors) and also publish in (``publish``: the heads); ``every``: the user may publish
    above the banks (on the home page: OVEC, superusers), so in every field, present or future."""

    add: frozenset[str] = frozenset()
    publish: frozenset[str] = frozenset()
    every: bool = False


def _publishes_above(*, user, parent_paths: set[str]) -> bool:
    if user.is_superuser:
        return True
    if not parent_paths:
        return False
    permissions = PagePermissionPolicy().get_cached_permissions_for_user(user)
    return all(
        any(
            perm.permission.codename == "publish_page" and path.startswith(perm.page.path)
            for perm in permissions
        )
        for path in parent_paths
    )


def fields_managed_by(*, user) -> ManagedFields:
    """The one rule of which fields a user manages: the Wagtail page permissions on the fields'
    banks (granted per group by ``content.services.banks_ensure``). Cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ManagedFields()
    cached = getattr(user, "_content_managed_fields", None)
    if cached is not None:
        return cached
    add: set[str] = set()
    publish: set[str] = set()
    parent_paths: set[str] = set()
    for bank in KnowledgeBankPage.objects.select_related("field"):
        tester = bank.permissions_for_user(user)
        if tester.can_add_subpage():
            add.add(bank.field.code)
            if tester.can_publish_subpage():
                publish.add(bank.field.code)
        parent_paths.add(bank.path[: -Page.steplen])
    managed = ManagedFields(
        add=frozenset(add),
        publish=frozenset(publish),
        every=_publishes_above(user=user, parent_paths=parent_paths),
    )
    user._content_managed_fields = managed
    return managed


# --- Resources -----------------------------------------------------------------------------------

BANK_SECTION_SIZE = 6
BANK_PAGE_SIZE = 24


@dataclass
class TypeSection:
    """One resource type on a bank page: its label, count and the items shown."""

    key: str
    label: str
    label_plural: str
    count: int
    items: list = field(default_factory=list)
    page_obj: object | None = None


LANGUAGE_CHOICES = [("th", _lazy("Thai")), ("en", _lazy("English"))]


def resource_models() -> dict:
    from .models import RESOURCE_TYPES

    return RESOURCE_TYPES


def _restrictions() -> list:
    from wagtail.models import PageViewRestriction

    return list(PageViewRestriction.objects.select_related("page").prefetch_related("groups").all())


def restriction_visible_to(*, restriction, user) -> bool:
    """Listing rule: password-protected pages are never listed; login-only ones are listed to
    signed-in users; group-restricted ones to members of those groups (and superusers)."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    kind = restriction.restriction_type
    if kind == restriction.LOGIN:
        return True
    if kind == restriction.GROUPS:
        group_ids = {g.pk for g in restriction.groups.all()}
        return bool(group_ids & set(user.groups.values_list("pk", flat=True)))
    return False


def hidden_pages_q(*, user=None, public_only: bool = False) -> Q:
    """A ``Q`` matching pages the user may not see listed (one query for the restrictions)."""
    hidden = Q(pk__in=[])
    for restriction in _restrictions():
        if public_only or not restriction_visible_to(restriction=restriction, user=user):
            hidden |= Q(path__startswith=restriction.page.path)
    return hidden


def resources_queryset(*, model, user=None, public_only: bool = True, hidden: Q | None = None):
    """Live resources of one type the reader may see, with what cards and the API show."""
    if hidden is None:
        hidden = hidden_pages_q(user=user, public_only=public_only)
    return (
        model.objects.live()
        .exclude(hidden)
        .select_related("home_field", "institution")
        .prefetch_related(card_cover_prefetch())
        .order_by("-first_published_at", "-pk")
    )


CARD_COVER_FILTER = "max-360x180"  # the cover on resource cards (resource_card.html)


def card_cover_prefetch():
    """Cards show their cover: the image and its card rendition in two queries for a listing."""
    from django.db.models import Prefetch
    from wagtail.images import get_image_model

    return Prefetch(
        "cover_image", queryset=get_image_model().objects.prefetch_renditions(CARD_COVER_FILTER)
    )


def resources_latest(
    *, user=None, limit: int = 6, field_code: str = "", type_key: str = ""
) -> list:
    """Newest public resources (not profiles), across all banks or of one field or one type:
    the home page's latest and the Atom feeds."""
    from wagtail.models import Page

    from .models import PROFILE_TYPES

    content_types = [
        ContentType.objects.get_for_model(model)
        for key, model in resource_models().items()
        if key not in PROFILE_TYPES and (not type_key or key == type_key)
    ]
    pages = Page.objects.live().filter(content_type__in=content_types)
    if field_code:
        bank = bank_for_field(code=field_code)
        pages = pages.child_of(bank) if bank else pages.none()
    hidden = hidden_pages_q(public_only=True)
    latest = list(pages.exclude(hidden).order_by("-first_published_at", "-pk").specific()[:limit])
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(latest, card_cover_prefetch())
    return latest


def bank_type_counts(*, bank: KnowledgeBankPage, hidden: Q) -> dict[str, int]:
    from wagtail.models import Page

    by_content_type = dict(
        Page.objects.child_of(bank)
        .live()
        .exclude(hidden)
        .order_by()
        .values_list("content_type")
        .annotate(n=Count("pk"))
        .values_list("content_type", "n")
    )
    return {
        key: by_content_type.get(ContentType.objects.get_for_model(model).pk, 0)
        for key, model in resource_models().items()
    }


def bank_resource_sections(
    *, bank: KnowledgeBankPage, type_key: str | None, page_number: str | int | None
) -> tuple[list[TypeSection], TypeSection | None]:
    """Every type with its count and newest items, or one type paginated when ``type_key``."""
    hidden = hidden_pages_q(public_only=True)
    counts = bank_type_counts(bank=bank, hidden=hidden)
    sections: list[TypeSection] = []
    selected: TypeSection | None = None
    for key, model in resource_models().items():
        section = TypeSection(
            key=key,
            label=str(model._meta.verbose_name),
            label_plural=str(model._meta.verbose_name_plural),
            count=counts[key],
        )
        sections.append(section)
        if not section.count:
            continue
        queryset = resources_queryset(model=model, hidden=hidden).child_of(bank)
        if key == type_key:
            paginator = Paginator(queryset, BANK_PAGE_SIZE)
            section.page_obj = paginator.get_page(page_number)
            section.items = list(section.page_obj.object_list)
            selected = section
        elif type_key is None:
            section.items = list(queryset[:BANK_SECTION_SIZE])
    return sections, selected


def resource_detail_context(*, page, request: HttpRequest) -> dict:
    """What a resource's detail template shows besides the page's own fields."""
    from .jsonld import resource_json_ld

    return {
        "field_of_study": page.home_field,
        "bank": KnowledgeBankPage.objects.filter(field_id=page.home_field_id)
        .only("pk", "url_path", "title", "path", "depth")
        .first(),
        "other_fields": list(page.other_fields.all()),
        "industries": list(page.industries.all()),
        "levels": list(page.levels.all()),
        "teaching_approaches": list(page.teaching_approaches.all()),
        "keywords": list(page.keywords.all()),
        "units_of_competency": list(page.units_of_competency.all()),
        "json_ld": resource_json_ld(page=page, request=request),
        "language_labels": [
            str(label) for code, label in LANGUAGE_CHOICES if code in page.language_codes
        ],
    }


def manpower_demand_rows(*, employer) -> list:
    return list(employer.manpower_demands.select_related("level").order_by("-year", "sort_order"))


@dataclass
class ApiPage:
    count: int
    items: list


def _visible_restrictions(*, user) -> tuple[Q, list[str]]:
    """(pages hidden from this user, paths of restricted sections the user may see)."""
    hidden = Q(pk__in=[])
    visible_paths: list[str] = []
    for restriction in _restrictions():
        if restriction_visible_to(restriction=restriction, user=user):
            visible_paths.append(restriction.page.path)
        else:
            hidden |= Q(path__startswith=restriction.page.path)
    return hidden, visible_paths


def resources_api_page(
    *,
    user,
    field_code: str | None = None,
    type_key: str | None = None,
    language: str | None = None,
    industry: str | None = None,
    level: str | None = None,
    updated_since=None,
    page: int = 1,
    page_size: int = 20,
) -> ApiPage:
    """One page of the resources API: a constant number of queries whatever the page size."""
    from django.db.models import prefetch_related_objects
    from wagtail.models import Page

    models = resource_models()
    if type_key and type_key not in models:
        raise ValueError(f"Unknown type {type_key!r}; use one of: {', '.join(models)}")
    if language and language not in ("th", "en"):
        raise ValueError("language must be th or en")
    hidden, visible_paths = _visible_restrictions(user=user)
    matches = Q(pk__in=[])
    for key, model in models.items():
        if type_key and key != type_key:
            continue
        queryset = model.objects.live()
        if field_code:
            queryset = queryset.filter(
                Q(home_field__code__iexact=field_code) | Q(other_fields__code__iexact=field_code)
            )
        if language:
            queryset = queryset.filter(languages__contains=language)
        if industry:
            queryset = queryset.filter(industries__code=industry)
        if level:
            queryset = queryset.filter(levels__code=level)
        matches |= Q(pk__in=queryset.values("pk"))
    pages = Page.objects.live().filter(matches).exclude(hidden)
    if updated_since is not None:
        pages = pages.filter(last_published_at__gte=updated_since)
    pages = pages.order_by("-last_published_at", "-pk")
    count = pages.count()
    start = (page - 1) * page_size
    items = list(pages[start : start + page_size].specific())
    by_model: dict[type, list] = {}
    for item in items:
        by_model.setdefault(type(item), []).append(item)
        item._restricted = any(item.path.startswith(path) for path in visible_paths)
    for model_items in by_model.values():
        prefetch_related_objects(
            model_items, "home_field", "other_fields", "industries", "levels", "tagged_items__tag"
        )
    return ApiPage(count=count, items=items)


def resource_for_api(*, user, page_id: int):
    """One live resource the user may see, or None."""
    from django.db.models import prefetch_related_objects
    from wagtail.models import Page

    content_types = [ContentType.objects.get_for_model(m) for m in resource_models().values()]
    hidden, visible_paths = _visible_restrictions(user=user)
    page = (
        Page.objects.live()
        .filter(pk=page_id, content_type__in=content_types)
        .exclude(hidden)
        .specific()
        .first()
    )
    if page is None:
        return None
    page._restricted = any(page.path.startswith(path) for path in visible_paths)
    prefetch_related_objects(
        [page], "home_field", "other_fields", "industries", "levels", "tagged_items__tag"
    )
    return page
