"""Usage statistics: daily aggregates only. No IP address, no user agent, no user id is stored.

Unique users are counted with a salted hash whose salt changes every day and is deleted the day
after, so a hash cannot be linked to a person or followed from one day to the next.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from content.models import FieldOfStudy


class UsageKind(models.TextChoices):
    VIEW = "view", _("Views")
    DOWNLOAD = "download", _("Downloads")
    LAUNCH = "launch", _("LTI launches")
    ATTEMPT = "attempt", _("Simulator attempts")


class UsageDaily(models.Model):
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=10, choices=UsageKind.choices)
    # 0 when not applicable (not NULL, so the unique constraint holds on every database).
    page_id = models.PositiveIntegerField(_("page"), default=0)
    document_id = models.PositiveIntegerField(_("document"), default=0)
    field = models.ForeignKey(
        FieldOfStudy,
        verbose_name=_("field"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("events"), default=0)
    unique_users = models.PositiveIntegerField(_("unique users"), default=0)

    class Meta:
        verbose_name = _("daily usage")
        verbose_name_plural = _("daily usage")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kind", "page_id", "document_id"],
                name="workforce_usage_daily_unique",
            )
        ]
        indexes = [
            # Covers the reports' per-field sums over a period and "most used in this field": both
            # read the index alone, without a lookup per row (about six times faster on SQLite
            # for a year of the benchmark's million events).
            models.Index(
                fields=["field", "day", "kind", "page_id", "count", "unique_users"],
                name="workforce_usage_field_sums",
            ),
            models.Index(fields=["day"]),
        ]


class UsageYearly(models.Model):
    """Yearly totals per field and kind, kept alongside the daily rows so that dashboards over
    years of events read a few hundred rows instead of scanning every day."""

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=UsageKind.choices)
    field = models.ForeignKey(
        FieldOfStudy,
        verbose_name=_("field"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    count = models.PositiveBigIntegerField(_("events"), default=0)

    class Meta:
        verbose_name = _("yearly usage")
        verbose_name_plural = _("yearly usage")
        indexes = [models.Index(fields=["field", "year"])]


class UsageDailySalt(models.Model):
    """Today's random salt; yesterday's is deleted when the day changes."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)


class UsageSeen(models.Model):
    """Salted digests seen today, to count each user once per resource and kind; purged daily."""

    day = models.DateField()
    kind = models.CharField(max_length=10)
    page_id = models.PositiveIntegerField(default=0)
    document_id = models.PositiveIntegerField(default=0)
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kind", "page_id", "document_id", "digest"],
                name="workforce_usage_seen_unique",
            )
        ]
