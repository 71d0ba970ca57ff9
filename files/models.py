"""What the files app stores beside Wagtail's own documents and images."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model_string


class DocumentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    EPUB = "epub", "EPUB"
    SIMULATOR = "simulator", _("HTML5 simulator package")
    OTHER = "other", _("other")


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("waiting for text extraction")
    DONE = "done", _("text extracted")
    FAILED = "failed", _("text extraction failed")


class DocumentInfo(models.Model):
    """What validation learnt about one uploaded document, and where its extraction stands."""

    document = models.OneToOneField(
        get_document_model_string(), on_delete=models.CASCADE, related_name="ic_info"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices)
    page_count = models.PositiveIntegerField(_("pages or chapters"), null=True, blank=True)
    file_hash = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
    )
    error = models.TextField(_("error"), blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    cover = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("rendered cover"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("document information")
        verbose_name_plural = _("document information")

    def __str__(self) -> str:
        return f"{self.document_id} {self.kind} ({self.status})"


class DocumentText(models.Model):
    """The normalised text of one PDF page or EPUB chapter, for search and the reader."""

    document = models.ForeignKey(
        get_document_model_string(), on_delete=models.CASCADE, related_name="ic_texts"
    )
    number = models.PositiveIntegerField(_("page or chapter number"))
    label = models.CharField(_("chapter title"), max_length=255, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="files_text_unique_number")
        ]
        verbose_name = _("document text")
        verbose_name_plural = _("document texts")

    def __str__(self) -> str:
        return f"{self.document_id} #{self.number}"


class SimulatorPackageBuild(models.Model):
    """An HTML5 simulator zip, validated and unpacked under ``simulators/<key>/`` in storage."""

    document = models.OneToOneField(
        get_document_model_string(), on_delete=models.CASCADE, related_name="ic_simulator_build"
    )
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file_hash = models.CharField(max_length=64, blank=True)
    file_count = models.PositiveIntegerField(default=0)
    total_bytes = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("simulator package build")
        verbose_name_plural = _("simulator package builds")

    def __str__(self) -> str:
        return f"{self.document_id} → {self.prefix}"

    @property
    def prefix(self) -> str:
        return f"simulators/{self.key}/"


class SimulatorAttempt(models.Model):
    """One finished (or scored) run of a simulator by a signed-in user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="simulator_attempts",
    )
    simulator = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("simulator"),
        on_delete=models.CASCADE,
        related_name="simulator_attempts",
    )
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=2)
    max_score = models.DecimalField(_("maximum score"), max_digits=9, decimal_places=2)
    completed = models.BooleanField(_("completed"), default=False)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    lti_context = models.JSONField(_("LTI context"), default=dict, blank=True)
    # The nonce of the single-use attempt token this score came with: one score per attempt.
    token_nonce = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    raw_message = models.JSONField(
        _("message as received"),
        default=dict,
        blank=True,
        help_text=_("The score message and events exactly as the simulator reported them."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("simulator attempt")
        verbose_name_plural = _("simulator attempts")

    def __str__(self) -> str:
        return f"{self.user_id} {self.simulator_id} {self.score}/{self.max_score}"

    @property
    def percent(self) -> float:
        return float(self.score / self.max_score * 100) if self.max_score else 0.0
