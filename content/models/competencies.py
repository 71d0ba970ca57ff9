"""Units of competency (หน่วยสมรรถนะ) of TPQI occupational standards and DSD skill standards."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import RevisionMixin
from wagtail.search import index


class StandardBody(models.TextChoices):
    TPQI = "tpqi", _("TPQI occupational standard")
    DSD = "dsd", _("DSD skill standard")
    OTHER = "other", _("Other standard")


class UnitOfCompetency(RevisionMixin, index.Indexed, models.Model):
    """One unit of competency a resource is aligned with (a Wagtail snippet shared by every
    field). OVEC and its reference data editors edit them; everyone else proposes changes
    (:class:`UnitOfCompetencyProposal`). Every edit is kept as a Wagtail revision."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    title = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    standard_body = models.CharField(
        _("standard body"), max_length=8, choices=StandardBody.choices, default=StandardBody.TPQI
    )
    level = models.PositiveSmallIntegerField(
        _("qualification level"), null=True, blank=True, help_text=_("1–8, when known")
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("title"),
        FieldPanel("title_en"),
        FieldPanel("standard_body"),
        FieldPanel("level"),
    ]
    search_fields = [
        index.SearchField("code"),
        index.SearchField("title"),
        index.SearchField("title_en"),
        index.AutocompleteField("code"),
        index.FilterField("standard_body"),
    ]
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="unitofcompetency")

    class Meta:
        ordering = ["standard_body", "code"]
        verbose_name = _("unit of competency")
        verbose_name_plural = _("units of competency")

    def __str__(self) -> str:
        return f"{self.code} {self.display_title}"

    @property
    def display_title(self) -> str:
        if (get_language() or "th").startswith("en") and self.title_en:
            return self.title_en
        return self.title

    @property
    def revisions(self):
        return self._revisions


# The values a proposal carries, applied to the unit as they are when OVEC approves.
UNIT_VALUE_FIELDS = ("code", "title", "title_en", "standard_body", "level")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for OVEC")
    APPROVED = "approved", _("Approved and applied")
    REJECTED = "rejected", _("Rejected")


class UnitOfCompetencyProposal(models.Model):
    """A change to a unit of competency (or a new unit) proposed by CVM staff. OVEC approves it
    (the values are applied to the unit as a new revision) or rejects it, with a note."""

    unit = models.ForeignKey(
        UnitOfCompetency,
        verbose_name=_("unit of competency to change"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposals",
        help_text=_("Leave empty to propose a new unit."),
    )
    code = models.CharField(_("code"), max_length=64)
    title = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    standard_body = models.CharField(
        _("standard body"), max_length=8, choices=StandardBody.choices, default=StandardBody.TPQI
    )
    level = models.PositiveSmallIntegerField(
        _("qualification level"), null=True, blank=True, help_text=_("1–8, when known")
    )
    reason = models.TextField(_("why the change is needed"), max_length=4000)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PENDING,
        editable=False,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, editable=False)
    decision_note = models.TextField(_("decision note"), blank=True, editable=False)

    panels = [
        FieldPanel("unit"),
        FieldPanel("code"),
        FieldPanel("title"),
        FieldPanel("title_en"),
        FieldPanel("standard_body"),
        FieldPanel("level"),
        FieldPanel("reason"),
    ]

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("proposed change to a unit of competency")
        verbose_name_plural = _("proposed changes to units of competency")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_pending(self) -> bool:
        return self.status == ProposalStatus.PENDING

    def clean(self) -> None:
        clash = UnitOfCompetency.objects.filter(code=self.code)
        if self.unit_id:
            clash = clash.exclude(pk=self.unit_id)
        if self.code and clash.exists():
            raise ValidationError({"code": _("Another unit of competency already has this code.")})

    def changes(self) -> list[tuple[str, object, object]]:
        """``(field name, current value, proposed value)`` of each value the proposal changes."""
        found = []
        for name in UNIT_VALUE_FIELDS:
            current = getattr(self.unit, name) if self.unit_id else None
            proposed = getattr(self, name)
            if current != proposed:
                found.append((name, current, proposed))
        return found
