"""Units of competency (หน่วยสมรรถนะ) of TPQI occupational standards and DSD skill standards."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class StandardBody(models.TextChoices):
    TPQI = "tpqi", _("TPQI occupational standard")
    DSD = "dsd", _("DSD skill standard")
    OTHER = "other", _("Other standard")


class UnitOfCompetency(index.Indexed, models.Model):
    """One unit of competency a resource is aligned with (a Wagtail snippet)."""

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
