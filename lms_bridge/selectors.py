"""Reads of the LTI bridge: the Deep Linking picker's search and the instructor's roster."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _
from wagtail.models import Page

from . import platform_client
from .errors import LtiError
from .models import Launch, PlatformUser, ScoreOutbox

# Learning resources a teacher puts into a course (profiles are not course material).
PICKABLE_TYPES = ("research", "ebook", "elearning", "econtent", "simulator")
PAGE_SIZE = 20


@dataclass
class PickerHit:
    page: Page
    type_key: str
    type_label: str
    title: str
    summary: str
    url: str
    graded: bool
    max_score: Decimal | None


@dataclass
class PickerResults:
    hits: list[PickerHit]
    total: int
    page_number: int
    num_pages: int
    type_facets: list[tuple[str, str, int]] = field(default_factory=list)  # key, label, count


def resource_models() -> dict[str, type[Page]]:
    try:
        from content.models import RESOURCE_TYPES
    except ImportError:  # the content model is not there yet
        return {}
    return {key: model for key, model in RESOURCE_TYPES.items() if key in PICKABLE_TYPES}


def picker_search(
    *, text: str, field_code: str, type_key: str, page_number: int, user=None
) -> PickerResults:
    """The one switch: the knowledge-bank search service when it is there, else the simple
    selector below (``LTI_PICKER_SEARCH_SERVICE = False`` forces the simple one)."""
    if getattr(settings, "LTI_PICKER_SEARCH_SERVICE", True):
        try:
            from search import query as search_query
        except ImportError:
            search_query = None
        if search_query is not None and hasattr(search_query, "search_run"):
            return _picker_search_service(
                search_query,
                text=text,
                field_code=field_code,
                type_key=type_key,
                page_number=page_number,
                user=user,
            )
    return _picker_search_simple(
        text=text, field_code=field_code, type_key=type_key, page_number=page_number
    )


def _picker_search_service(
    search_query, *, text: str, field_code: str, type_key: str, page_number: int, user
) -> PickerResults:
    filters = {"type": [type_key] if type_key in PICKABLE_TYPES else list(PICKABLE_TYPES)}
    if field_code:
        filters["field"] = [field_code]
    results = search_query.search_run(
        query=search_query.SearchQuery(
            text=text,
            filters=filters,
            facets=("type",),
            page=page_number,
            page_size=PAGE_SIZE,
            sort="relevance" if text else "newest",
            user=user,
        )
    )
    # Type counts regardless of the chosen type (the facet list of the unfiltered-by-type query).
    if type_key:
        all_types = search_query.search_run(
            query=search_query.SearchQuery(
                text=text,
                filters={**filters, "type": list(PICKABLE_TYPES)},
                facets=("type",),
                page=1,
                page_size=1,
                user=user,
                highlight=False,
            )
        )
    else:
        all_types = results
    pages = {
        page.pk: page
        for page in Page.objects.filter(pk__in=[h.page_id for h in results.hits])
        .live()
        .public()
        .specific()
    }
    hits = []
    for hit in results.hits:
        obj = pages.get(hit.page_id)
        if obj is None or hit.type not in PICKABLE_TYPES:
            continue
        hits.append(
            PickerHit(
                page=obj,
                type_key=hit.type,
                type_label=hit.type_label,
                title=obj.title,
                summary=getattr(obj, "summary", "") or "",
                url=obj.url or "",
                graded=bool(getattr(obj, "is_graded", False)),
                max_score=getattr(obj, "max_score", None),
            )
        )
    facets = [
        (f.value, f.label, f.count)
        for f in all_types.facets.get("type", [])
        if f.value in PICKABLE_TYPES
    ]
    return PickerResults(
        hits=hits,
        total=results.count,
        page_number=results.page,
        num_pages=results.num_pages,
        type_facets=facets,
    )


def _picker_search_simple(
    *, text: str, field_code: str, type_key: str, page_number: int
) -> PickerResults:
    """Published, public resource pages; text in Thai/English title or summary."""
    models = resource_models()
    querysets = {}
    for key, model in models.items():
        qs = model.objects.live().public()
        if field_code:
            qs = qs.filter(Q(home_field__code=field_code) | Q(other_fields__code=field_code))
        if text:
            qs = qs.filter(
                Q(title__icontains=text) | Q(title_en__icontains=text) | Q(summary__icontains=text)
            )
        querysets[key] = qs.distinct()
    facets = []
    for key, qs in querysets.items():
        facets.append((key, str(models[key]._meta.verbose_name), qs.count()))
    chosen = [key for key in querysets if not type_key or key == type_key]
    ids: list[tuple[str, int]] = []
    for key in chosen:
        ids += [
            (key, pk)
            for pk in querysets[key].order_by("-first_published_at").values_list("pk", flat=True)
        ]
    paginator = Paginator(ids, PAGE_SIZE)
    current = paginator.get_page(page_number)
    by_type: dict[str, list[int]] = {}
    for key, pk in current.object_list:
        by_type.setdefault(key, []).append(pk)
    pages = {}
    for key, pks in by_type.items():
        for obj in models[key].objects.filter(pk__in=pks):
            pages[obj.pk] = obj
    hits = []
    for key, pk in current.object_list:
        obj = pages.get(pk)
        if obj is None:
            continue
        hits.append(
            PickerHit(
                page=obj,
                type_key=key,
                type_label=str(models[key]._meta.verbose_name),
                title=obj.title,
                summary=getattr(obj, "summary", "") or "",
                url=obj.url or "",
                graded=bool(getattr(obj, "is_graded", False)),
                max_score=getattr(obj, "max_score", None),
            )
        )
    return PickerResults(
        hits=hits,
        total=paginator.count,
        page_number=current.number,
        num_pages=paginator.num_pages,
        type_facets=facets,
    )


def pages_selectable(*, ids: list[str]) -> list[Page]:
    """The chosen resources, only when they are live, public, pickable resource pages."""
    wanted = []
    for raw in ids:
        try:
            wanted.append(int(raw))
        except (TypeError, ValueError):
            raise LtiError("bad_selection", detail=f"not a page id: {raw!r}") from None
    found = {}
    for model in resource_models().values():
        for page in model.objects.live().public().filter(pk__in=wanted):
            found[page.pk] = page
    if len(found) != len(set(wanted)):
        raise LtiError("bad_selection", detail="unknown or unpublished page")
    return [found[pk] for pk in dict.fromkeys(wanted)]


def picker_context(*, launch: Launch, params) -> dict:
    from content.models import FieldOfStudy

    course = launch.course
    default_field = course.field.code if course and course.field_id else ""
    field_code = params.get("field", default_field)
    try:
        page_number = int(params.get("page", 1))
    except ValueError:
        page_number = 1
    results = picker_search(
        text=params.get("q", "").strip()[:200],
        field_code=field_code,
        type_key=params.get("type", ""),
        page_number=page_number,
        user=launch.platform_user.user,
    )
    return {
        "launch": launch,
        "course": course,
        "results": results,
        "query": params.get("q", ""),
        "field_code": field_code,
        "type_key": params.get("type", ""),
        "fields": FieldOfStudy.objects.order_by("fiscal_year", "list_number"),
        "accept_multiple": launch.deep_linking_settings.get("accept_multiple", True) is not False,
    }


# --- Roster (NRPS) --------------------------------------------------------------------------------


@dataclass
class RosterRow:
    sub: str
    name: str
    email: str
    roles: list[str]
    status: str
    launches: int
    last_launch: object
    latest_score: Decimal | None
    latest_score_max: Decimal | None


def roster_rows(*, launch: Launch) -> list[RosterRow]:
    course = launch.course
    if course is None or not course.memberships_url:
        raise LtiError("bad_request", detail="no roster service for this launch")
    members = platform_client.memberships_all(
        platform=launch.platform, memberships_url=course.memberships_url
    )
    stats = {
        row["platform_user__sub"]: row
        for row in Launch.objects.filter(course=course)
        .values("platform_user__sub")
        .annotate(n=Count("id"), last=Max("created_at"))
    }
    latest_scores: dict[str, ScoreOutbox] = {}
    for score in ScoreOutbox.objects.filter(launch__course=course).order_by("timestamp"):
        latest_scores[score.user_sub] = score
    names = dict(PlatformUser.objects.filter(platform=launch.platform).values_list("sub", "name"))
    rows = []
    for member in members:
        sub = str(member.get("user_id", ""))
        stat = stats.get(sub, {})
        score = latest_scores.get(sub)
        rows.append(
            RosterRow(
                sub=sub,
                name=str(member.get("name") or names.get(sub) or _("(name not shared)")),
                email=str(member.get("email") or ""),
                roles=[r.rsplit("#", 1)[-1] for r in member.get("roles", [])],
                status=str(member.get("status", "Active")),
                launches=stat.get("n", 0),
                last_launch=stat.get("last"),
                latest_score=score.score_given if score else None,
                latest_score_max=score.score_maximum if score else None,
            )
        )
    return rows


def roster_context(*, launch: Launch) -> dict:
    try:
        rows = roster_rows(launch=launch)
        error = ""
    except (platform_client.PlatformUnavailable, platform_client.PlatformRefused) as exc:
        rows, error = [], str(exc)
    learners = [r for r in rows if "Learner" in r.roles]
    return {"launch": launch, "rows": rows, "learners": learners, "roster_error": error}
