"""Controlled vocabularies and reference data, editable by staff as Wagtail snippets."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.search import index

from .bilingual import BilingualNameMixin


class VocabularyTerm(BilingualNameMixin, models.Model):
    """A term of a controlled vocabulary with a stable ``code``."""

    code = models.SlugField(_("code"), max_length=64, unique=True, allow_unicode=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("code"),
        FieldPanel("name_th"),
        FieldPanel("name_en"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]


class Industry(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("target industry")
        verbose_name_plural = _("target industries")


class Level(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("level")
        verbose_name_plural = _("levels")


class TeachingApproach(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("teaching approach")
        verbose_name_plural = _("teaching approaches")


class FieldRole(VocabularyTerm):
    """A college's network role in a field: CVM, Excellent Center, Expert, Standard."""

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("network role")
        verbose_name_plural = _("network roles")


class Ownership(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")


class Institution(index.Indexed, BilingualNameMixin, ClusterableModel):
    """A vocational college (host colleges of the fields, and their network members)."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    province_th = models.CharField(_("province (Thai)"), max_length=100, blank=True)
    province_en = models.CharField(_("province (English)"), max_length=100, blank=True)
    ownership = models.CharField(
        _("ownership"), max_length=10, choices=Ownership.choices, default=Ownership.PUBLIC
    )

    panels = [
        FieldPanel("key"),
        FieldPanel("name_th"),
        FieldPanel("name_en"),
        FieldPanel("province_th"),
        FieldPanel("province_en"),
        FieldPanel("ownership"),
        InlinePanel("field_roles", label=_("network roles per field")),
    ]
    search_fields = [index.SearchField("name_th"), index.SearchField("name_en")]

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    @property
    def province(self) -> str:
        if (get_language() or "th").startswith("en") and self.province_en:
            return self.province_en
        return self.province_th


class FieldOfStudy(index.Indexed, BilingualNameMixin, ClusterableModel):
    """One of OVEC's 101 fields of study of excellence (สาขาวิชาที่มีความเป็นเลิศ)."""

    code = models.SlugField(_("code"), max_length=16, unique=True)
    specialisation_th = models.CharField(_("specialisation (Thai)"), max_length=255, blank=True)
    specialisation_en = models.CharField(_("specialisation (English)"), max_length=255, blank=True)
    host_college = models.ForeignKey(
        Institution,
        verbose_name=_("host college"),
        on_delete=models.PROTECT,
        related_name="hosted_fields",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year of designation (B.E.)"),
        help_text=_("Buddhist-era fiscal year, e.g. 2566"),
    )
    list_number = models.PositiveSmallIntegerField(_("number in the designation list"), default=0)
    industries = ParentalManyToManyField(
        Industry, verbose_name=_("target industries"), blank=True, related_name="fields"
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("name_th"),
        FieldPanel("name_en"),
        FieldPanel("specialisation_th"),
        FieldPanel("specialisation_en"),
        FieldPanel("host_college"),
        FieldPanel("fiscal_year"),
        FieldPanel("list_number"),
        FieldPanel("industries", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        index.SearchField("name_th"),
        index.SearchField("name_en"),
        index.SearchField("specialisation_th"),
        index.AutocompleteField("name_th"),
        index.FilterField("fiscal_year"),
    ]

    class Meta:
        ordering = ["fiscal_year", "list_number"]
        verbose_name = _("field of study of excellence")
        verbose_name_plural = _("fields of study of excellence")

    @property
    def specialisation(self) -> str:
        if (get_language() or "th").startswith("en") and self.specialisation_en:
            return self.specialisation_en
        return self.specialisation_th

    @property
    def full_name(self) -> str:
        return f"{self.name} ({self.specialisation})" if self.specialisation else self.name

    @property
    def full_name_th(self) -> str:
        if self.specialisation_th:
            return f"{self.name_th} ({self.specialisation_th})"
        return self.name_th

    def __str__(self) -> str:
        return f"{self.code} {self.full_name}"


class InstitutionFieldRole(models.Model):
    institution = ParentalKey(Institution, on_delete=models.CASCADE, related_name="field_roles")
    field = models.ForeignKey(
        FieldOfStudy,
        verbose_name=_("field"),
        on_delete=models.CASCADE,
        related_name="college_roles",
    )
    role = models.ForeignKey(FieldRole, verbose_name=_("role"), on_delete=models.PROTECT)

    panels = [FieldPanel("field"), FieldPanel("role")]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["institution", "field"], name="one_role_per_field")
        ]
        verbose_name = _("network role")
