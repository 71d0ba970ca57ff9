"""Reads of the LTI bridge: the Deep Linking picker's search and the instructor's roster."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max
from django.utils.translation import gettext as _
from wagtail.models import Page

from accounts.selectors import lti_user_is_linked
from content.models import RESOURCE_TYPES, FieldOfStudy
from resource_collections.selectors import collection_pages_for_picker, collections_for_picker
from search import query as search_query

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
    return {key: model for key, model in RESOURCE_TYPES.items() if key in PICKABLE_TYPES}


def picker_search(
    *, text: str, field_code: str, type_key: str, page_number: int, user=None
) -> PickerResults:
    """The picker asks the knowledge-bank search service, as the site's own search does."""
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
    return PickerResults(
        hits=_picker_hits(results.hits),
        total=results.count,
        page_number=results.page,
        num_pages=results.num_pages,
        type_facets=_type_facets(text=text, filters=filters, user=user, results=results),
    )


def _type_facets(*, text: str, filters: dict, user, results) -> list[tuple[str, str, int]]:
    """Type counts regardless of the chosen type (the facets of the query over every type)."""
    if filters["type"] != list(PICKABLE_TYPES):
        results = search_query.search_run(
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
    return [
        (f.value, f.label, f.count)
        for f in results.facets.get("type", [])
        if f.value in PICKABLE_TYPES
    ]


def _picker_hits(search_hits) -> list[PickerHit]:
    pages = {
        page.pk: page
        for page in Page.objects.filter(pk__in=[h.page_id for h in search_hits])
        .live()
        .public()
        .specific()
    }
    hits = []
    for hit in search_hits:
        obj = pages.get(hit.page_id)
        if obj is None or hit.type not in PICKABLE_TYPES:
            continue
        hits.append(
            PickerHit(
                page=obj,
                type_key=hit.type,
                type_label=hit.type_label,
                title=obj.title,
                summary=obj.summary or "",
                url=obj.url or "",
                graded=bool(getattr(obj, "is_graded", False)),
                max_score=getattr(obj, "max_score", None),
            )
        )
    return hits


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
        "collections": collections_for_picker(user=launch.platform_user.user),
        # Not linked yet: the picker offers to sign in and link, in a window of its own.
        "account_linked": lti_user_is_linked(lti_user=launch.platform_user.user),
    }


def picker_selected_ids(*, launch: Launch, params) -> list[str]:
    """The resources ticked, then every item of the collection chosen whole (if any)."""
    ids = list(params.getlist("resource"))
    collection = params.get("collection", "")
    if collection.isdigit():
        pages = collection_pages_for_picker(
            user=launch.platform_user.user, pk=int(collection), pickable_types=PICKABLE_TYPES
        )
        ids += [str(page.pk) for page in pages]
    return ids


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
    latest_score: Decimal | None  # what Moodle holds: the last score it accepted
    latest_score_max: Decimal | None
    latest_score_label: str = ""
    score_waiting: bool = False  # a score is queued and not yet in Moodle


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
    sent = ScoreOutbox.objects.filter(launch__course=course, status=ScoreOutbox.Status.SENT)
    for score in sent.order_by("sent_at", "pk"):
        latest_scores[score.user_sub] = score
    waiting = set(
        ScoreOutbox.objects.filter(
            launch__course=course,
            status__in=[ScoreOutbox.Status.PENDING, ScoreOutbox.Status.SENDING],
        ).values_list("user_sub", flat=True)
    )
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
                latest_score_label=score.label if score else "",
                score_waiting=sub in waiting,
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


# --- The launch identity of a browser (read by accounts to link it) -----------------------------


@dataclass(frozen=True)
class LaunchIdentity:
    """Who a browser's current LTI launch says it is: the local user kept for that platform user,
    the platform's name and the platform's user id (``sub``)."""

    user: object
    platform_name: str
    sub: str
    name: str


def launch_identity_for_request(*, request) -> LaunchIdentity | None:
    """The identity of the launch this request carries (our signed launch cookie), or ``None``."""
    from .middleware import launch_from_cookie

    launch = getattr(request, "lti_launch", None) or launch_from_cookie(request)
    if launch is None:
        return None
    platform_user = launch.platform_user
    return LaunchIdentity(
        user=platform_user.user,
        platform_name=launch.platform.name,
        sub=platform_user.sub,
        name=platform_user.name,
    )
