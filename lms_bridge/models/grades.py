"""The grade passback outbox: every score waits here until Moodle has taken it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .launches import Launch


class ScoreOutbox(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        KEPT = "kept", _("Not sent: the grade policy keeps an earlier score")
        SUPERSEDED = "superseded", _("Moodle kept a newer score (409)")
        FAILED = "failed", _("Refused by Moodle")

    launch = models.ForeignKey(
        Launch, on_delete=models.PROTECT, related_name="scores", verbose_name=_("launch")
    )
    source_key = models.CharField(
        _("source"), max_length=200, unique=True, help_text=_("The attempt this score came from.")
    )
    user_sub = models.CharField(_("platform user ID"), max_length=255)
    # One gradebook cell: platform, course, resource link and user (the grade policy's scope).
    grade_key = models.CharField(max_length=600, blank=True, db_index=True, editable=False)
    grade_policy = models.CharField(_("grade policy"), max_length=10, blank=True)
    resource_id = models.CharField(_("resource ID"), max_length=64)
    label = models.CharField(_("label"), max_length=300)
    score_given = models.DecimalField(_("score"), max_digits=10, decimal_places=3)
    score_maximum = models.DecimalField(_("maximum"), max_digits=10, decimal_places=3)
    activity_progress = models.CharField(max_length=20)
    grading_progress = models.CharField(max_length=20)
    timestamp = models.DateTimeField(_("attempt time"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("send attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True)
    lineitem_url = models.URLField(_("line item"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("score to send to Moodle")
        verbose_name_plural = _("scores to send to Moodle (outbox)")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.label}: {self.score_given}/{self.score_maximum} ({self.status})"
