"""Use of the knowledge banks' resources: yearly usage, resources published, the most used."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from content.dates import BUDDHIST_ERA_OFFSET
from content.models import FieldOfStudy, KnowledgeBankPage

from ..models import UsageDaily, UsageKind, UsageYearly


def usage_by_year(*, field_ids=None) -> dict[int, dict[str, int]]:
    """Events per calendar year (B.E.) and kind, from the yearly totals."""
    queryset = UsageYearly.objects.all()
    if field_ids is not None:
        queryset = queryset.filter(field_id__in=field_ids)
    result: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(UsageKind.values, 0))
    for row in queryset.values("year", "kind").annotate(total=Sum("count")).order_by():
        result[row["year"] + BUDDHIST_ERA_OFFSET][row["kind"]] = row["total"] or 0
    return dict(result)


def _bank_paths(field_ids=None) -> dict[str, int]:
    banks = KnowledgeBankPage.objects.all()
    if field_ids is not None:
        banks = banks.filter(field_id__in=field_ids)
    return dict(banks.values_list("path", "field_id"))


def resources_published_by_field(
    *, field_ids=None, start: dt.date | None = None, end: dt.date | None = None
) -> dict[int, int]:
    """Live pages inside each field's bank, first published in the period (when given)."""
    paths = _bank_paths(field_ids)
    if not paths:
        return {}
    steplen = Page.steplen
    bank_depth = KnowledgeBankPage.objects.values_list("depth", flat=True).first()
    queryset = Page.objects.filter(live=True, depth__gt=bank_depth)
    if start:
        queryset = queryset.filter(first_published_at__date__gte=start)
    if end:
        queryset = queryset.filter(first_published_at__date__lte=end)
    counts: dict[int, int] = defaultdict(int)
    for row in (
        queryset.annotate(bank_path=Substr("path", 1, steplen * bank_depth))
        .values("bank_path")
        .annotate(total=Count("id"))
        .order_by()
    ):
        field_id = paths.get(row["bank_path"])
        if field_id is not None:
            counts[field_id] += row["total"]
    return dict(counts)


def resources_published_count(*, field_ids) -> int:
    return sum(resources_published_by_field(field_ids=field_ids).values())


@dataclass
class UsedResource:
    page: object
    views: int
    downloads: int
    launches: int
    attempts: int

    @property
    def total(self) -> int:
        return self.views + self.downloads + self.launches + self.attempts

    @property
    def counts_label(self) -> str:
        """ "12 views, 3 downloads": the kinds of use that happened (no "0 launches")."""
        from django.utils.translation import ngettext

        parts = [
            ngettext("%(n)s view", "%(n)s views", self.views),
            ngettext("%(n)s download", "%(n)s downloads", self.downloads),
            ngettext("%(n)s launch from Moodle", "%(n)s launches from Moodle", self.launches),
            ngettext("%(n)s simulator attempt", "%(n)s simulator attempts", self.attempts),
        ]
        counts = (self.views, self.downloads, self.launches, self.attempts)
        return " · ".join(
            text % {"n": count} for text, count in zip(parts, counts, strict=True) if count
        )


def resources_most_used(
    *, field_of_study: FieldOfStudy, limit: int = 5, days: int = 365, user=None
) -> list[UsedResource]:
    """The field's most used live, public resources over the last ``days`` days."""
    since = timezone.localdate() - dt.timedelta(days=days)
    rows = (
        UsageDaily.objects.filter(field=field_of_study, day__gte=since, page_id__gt=0)
        .values("page_id")
        .annotate(
            total=Sum("count"),
            views=Sum("count", filter=Q(kind="view")),
            downloads=Sum("count", filter=Q(kind="download")),
            launches=Sum("count", filter=Q(kind="launch")),
            attempts=Sum("count", filter=Q(kind="attempt")),
        )
        .order_by("-total")[: limit * 3]
    )
    rows = list(rows)
    bank_ids = set(KnowledgeBankPage.objects.values_list("pk", flat=True))
    pages = {
        page.pk: page
        for page in Page.objects.live()
        .filter(pk__in=[row["page_id"] for row in rows])
        .exclude(pk__in=bank_ids)
    }
    restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
    result = []
    for row in rows:
        page = pages.get(row["page_id"])
        if page is None or any(page.path.startswith(path) for path in restricted):
            continue
        result.append(
            UsedResource(
                page,
                row["views"] or 0,
                row["downloads"] or 0,
                row["launches"] or 0,
                row["attempts"] or 0,
            )
        )
        if len(result) == limit:
            break
    return result
