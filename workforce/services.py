"""Writes of workforce intelligence: keyword-only, atomic, side effects after commit."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from content.models import FieldOfStudy, Institution, KnowledgeBankPage, Level

from .models import (
    Establishment,
    Partnership,
    PartnershipMode,
    PartnershipPurpose,
    PartnershipStatus,
    UsageDaily,
    UsageDailySalt,
    UsageKind,
    UsageSeen,
    UsageYearly,
)

logger = logging.getLogger("intelligent_center.workforce")
Progress = Callable[[str], None]


# --- Usage statistics ---------------------------------------------------------------------------


def identity_for(*, user=None, request=None) -> str | None:
    """A stable identity for today's unique count: the user, else the session. Never the IP or
    user agent. ``None`` when the visitor cannot be told apart (counted, not as a unique user)."""
    user = user if user is not None else getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        return f"session:{session.session_key}"
    return None


def _today() -> dt.date:
    return timezone.localdate()


def usage_salt_for_today() -> str:
    """Today's salt; older salts (and the digests made with them) are deleted: daily rotation."""
    today = _today()
    salt = UsageDailySalt.objects.filter(day=today).values_list("salt", flat=True).first()
    if salt:
        return salt
    with transaction.atomic():
        UsageDailySalt.objects.filter(day__lt=today).delete()
        UsageSeen.objects.filter(day__lt=today).delete()
        try:
            with transaction.atomic():
                return UsageDailySalt.objects.create(day=today, salt=secrets.token_hex(32)).salt
        except IntegrityError:
            return UsageDailySalt.objects.get(day=today).salt


def usage_digest(*, identity: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{identity}".encode()).hexdigest()


def usage_event_enqueue(
    *, kind: str, page_id: int = 0, document_id: int = 0, identity: str | None = None
) -> None:
    """Record one event after the current transaction commits, through a background task: at
    once, or added up with others for ``USAGE_BUFFER_SECONDS`` (production) first."""
    from .tasks import usage_events_task
    from .usage_buffer import usage_buffer

    if kind not in UsageKind.values:
        raise ValueError(f"unknown usage kind {kind!r}")
    digest = usage_digest(identity=identity, salt=usage_salt_for_today()) if identity else None
    key = (_today().isoformat(), kind, page_id or 0, document_id or 0, digest)
    seconds = settings.USAGE_BUFFER_SECONDS
    if seconds > 0:
        transaction.on_commit(lambda: usage_buffer.add(key, seconds=seconds))
    else:
        transaction.on_commit(lambda: usage_events_task.enqueue(events=[[*key, 1]]))


def _field_for_page(page_id: int) -> int | None:
    from wagtail.models import Page

    # The whole row: ``specific_deferred`` copies every base field (one query each if deferred).
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return None
    specific_field = getattr(page.specific_deferred, "home_field_id", None)
    if specific_field:
        return specific_field
    bank = KnowledgeBankPage.objects.ancestor_of(page, inclusive=True).only("field_id").first()
    return bank.field_id if bank else None


def _resource_for_document(document_id: int) -> tuple[int, int | None]:
    """The page that uses a document (its download counts for that resource), and the field."""
    from wagtail.documents import get_document_model
    from wagtail.models import Page, ReferenceIndex

    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return 0, None
    page_ids = [
        int(object_id)
        for content_type_id, object_id in ReferenceIndex.get_references_to(document)
        .values_list("base_content_type_id", "object_id")
        .distinct()
        if content_type_id == _page_content_type_id() and str(object_id).isdigit()
    ]
    page = Page.objects.filter(pk__in=page_ids).order_by("pk").first()
    if page is not None:
        return page.pk, _field_for_page(page.pk)
    code = (document.collection.name or "").split(" ", 1)[0]
    field_id = FieldOfStudy.objects.filter(code=code).values_list("pk", flat=True).first()
    return 0, field_id


def _page_content_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    return ContentType.objects.get_for_model(Page).pk


@transaction.atomic
def usage_event_store(
    *,
    kind: str,
    page_id: int = 0,
    document_id: int = 0,
    day: dt.date,
    digest: str | None,
    count: int = 1,
) -> UsageDaily:
    """Add ``count`` events of one visitor (or of unknown visitors: no digest) to the day's
    aggregate, and one unique user when the digest is new today."""
    field_id = None
    if document_id and not page_id:
        page_id, field_id = _resource_for_document(document_id)
        if page_id:
            document_id = 0
    elif page_id:
        field_id = _field_for_page(page_id)
    is_new_user = False
    if digest:
        _seen, is_new_user = UsageSeen.objects.get_or_create(
            day=day, kind=kind, page_id=page_id, document_id=document_id, digest=digest
        )
    key = {"day": day, "kind": kind, "page_id": page_id, "document_id": document_id}
    updated = UsageDaily.objects.filter(**key).update(
        count=F("count") + count, unique_users=F("unique_users") + int(is_new_user)
    )
    if not updated:
        try:
            with transaction.atomic():
                UsageDaily.objects.create(
                    **key, field_id=field_id, count=count, unique_users=int(is_new_user)
                )
        except IntegrityError:  # created by a concurrent request in between
            UsageDaily.objects.filter(**key).update(
                count=F("count") + count, unique_users=F("unique_users") + int(is_new_user)
            )
    _usage_yearly_add(year=day.year, kind=kind, field_id=field_id or _daily_field(key), count=count)
    return UsageDaily.objects.get(**key)


def _daily_field(key: dict) -> int | None:
    return UsageDaily.objects.filter(**key).values_list("field_id", flat=True).first()


def _usage_yearly_add(*, year: int, kind: str, field_id: int | None, count: int) -> None:
    """Add to the yearly total (reads always sum, so a rare duplicate row is harmless)."""
    updated = UsageYearly.objects.filter(year=year, kind=kind, field_id=field_id).update(
        count=F("count") + count
    )
    if not updated:
        UsageYearly.objects.create(year=year, kind=kind, field_id=field_id, count=count)


def usage_events_bulk_record(
    *,
    events: Iterable[tuple[dt.date, str, int, int | None, str | None]],
    batch_size: int = 5000,
) -> int:
    """Aggregate events ``(day, kind, page_id, field_id, identity)`` into daily rows in one pass
    (imports of historical logs, the benchmark). Returns the number of daily rows written."""
    counts: Counter = Counter()
    uniques: dict[tuple, set] = defaultdict(set)
    fields: dict[tuple, int | None] = {}
    for day, kind, page_id, field_id, identity in events:
        key = (day, kind, page_id)
        counts[key] += 1
        fields[key] = field_id
        if identity:
            uniques[key].add(identity)
    rows = [
        UsageDaily(
            day=day,
            kind=kind,
            page_id=page_id,
            document_id=0,
            field_id=fields[(day, kind, page_id)],
            count=count,
            unique_users=len(uniques.get((day, kind, page_id), ())),
        )
        for (day, kind, page_id), count in counts.items()
    ]
    yearly: Counter = Counter()
    for (day, kind, page_id), count in counts.items():
        yearly[(day.year, kind, fields[(day, kind, page_id)])] += count
    with transaction.atomic():
        UsageDaily.objects.bulk_create(rows, batch_size=batch_size)
        for (year, kind, field_id), count in yearly.items():
            _usage_yearly_add(year=year, kind=kind, field_id=field_id, count=count)
    return len(rows)


# --- Matching -----------------------------------------------------------------------------------


def _next_reference(prefix: str) -> str:
    return f"{prefix}-{timezone.now():%Y%m%d}-{secrets.token_hex(3)}"


@transaction.atomic
def partnership_create_from_match(
    *,
    field_of_study: FieldOfStudy,
    establishment: Establishment,
    institution: Institution,
    year: int,
    level: Level | None,
    places: int,
    mode: str = PartnershipMode.DUAL,
    purpose: str = PartnershipPurpose.STUDENT_PLACEMENT,
) -> Partnership:
    """Record a suggested match as a (proposed) partnership, in one click."""
    partnership = Partnership(
        reference=_next_reference("M"),
        field=field_of_study,
        establishment=establishment,
        institution=institution,
        year=year,
        level=level,
        mode=mode,
        purpose=purpose,
        places_offered=max(places, 0),
        places_filled=0,
        status=PartnershipStatus.PROPOSED,
    )
    partnership.full_clean()
    partnership.save()
    logger.info(
        "workforce: match recorded %s (%s ↔ %s)", partnership.reference, establishment, institution
    )
    return partnership


@transaction.atomic
def establishment_for_profile(*, profile_page) -> Establishment:
    """The establishment row standing for a public employer profile page (made on first use)."""
    from .geo import province_normalise

    existing = Establishment.objects.filter(profile_page=profile_page).first()
    if existing:
        return existing
    establishment, _created = Establishment.objects.get_or_create(
        name_th=profile_page.title,
        province_th=province_normalise(getattr(profile_page, "province", "")),
        defaults={"field_id": profile_page.home_field_id, "name_en": profile_page.title_en or ""},
    )
    if establishment.profile_page_id is None:
        establishment.profile_page = profile_page
        establishment.save(update_fields=["profile_page"])
    return establishment


@transaction.atomic
def usage_yearly_rebuild() -> int:
    """Recompute the yearly totals from the daily rows (after a restore or a manual fix)."""
    from django.db.models import Sum
    from django.db.models.functions import ExtractYear

    UsageYearly.objects.all().delete()
    rows = [
        UsageYearly(
            year=row["year"], kind=row["kind"], field_id=row["field_id"], count=row["total"]
        )
        for row in UsageDaily.objects.annotate(year=ExtractYear("day"))
        .values("year", "kind", "field_id")
        .annotate(total=Sum("count"))
        .order_by()
    ]
    UsageYearly.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


# --- Supply totals -------------------------------------------------------------------------------

SUPPLY_COUNT_FIELDS = (
    "planned",
    "enrolled",
    "graduates",
    "certified_tpqi",
    "certified_dsd",
    "certified_international",
    "employed_or_studying",
)


def supply_total_refresh(*, field_id: int, academic_year: int, level_id: int) -> None:
    """Recompute one (field, academic year, level) total from the college rows."""
    from django.db.models import Count, Sum

    from .models import SupplyRecord, SupplyTotal

    key = {"field_id": field_id, "academic_year": academic_year, "level_id": level_id}
    sums = SupplyRecord.objects.filter(**key).aggregate(
        colleges=Count("id"), **{name: Sum(name) for name in SUPPLY_COUNT_FIELDS}
    )
    if not sums["colleges"]:
        SupplyTotal.objects.filter(**key).delete()
        return
    SupplyTotal.objects.update_or_create(
        **key, defaults={name: value or 0 for name, value in sums.items()}
    )


@transaction.atomic
def supply_totals_rebuild() -> int:
    """Recompute every total (after bulk loads that bypass the signals)."""
    from django.db.models import Count, Sum

    from .models import SupplyRecord, SupplyTotal

    SupplyTotal.objects.all().delete()
    rows = [
        SupplyTotal(**row)
        for row in SupplyRecord.objects.values("field_id", "academic_year", "level_id")
        .annotate(colleges=Count("id"), **{name: Sum(name) for name in SUPPLY_COUNT_FIELDS})
        .order_by()
    ]
    SupplyTotal.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
