"""The abstract ``ResourcePage`` every resource type derives from, and its shared parts.

The field names are a contract other apps read (see ``docs/architecture.md``).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model_string
from wagtail.models import Page
from wagtail.search import index

from content.discovery import DiscoverablePageMixin
from content.slugs import ThaiSlugPageMixin, thai_slug_form_field
from intelligent_center.text import control_chars_strip

from .competencies import UnitOfCompetency
from .reference import FieldOfStudy, Industry, Institution, Level, TeachingApproach

LANGUAGE_CHOICES = [("th", _("Thai")), ("en", _("English"))]
LANGUAGE_CODES = tuple(code for code, _label in LANGUAGE_CHOICES)


class Licence(models.TextChoices):
    CC_BY = "cc-by", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa", "CC BY-SA 4.0"
    CC_BY_NC = "cc-by-nc", "CC BY-NC 4.0"
    CC_BY_NC_SA = "cc-by-nc-sa", "CC BY-NC-SA 4.0"
    CC_BY_ND = "cc-by-nd", "CC BY-ND 4.0"
    CC_BY_NC_ND = "cc-by-nc-nd", "CC BY-NC-ND 4.0"
    CC0 = "cc0", "CC0 1.0"
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")


LICENCE_URLS = {
    "cc-by": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa": "https://creativecommons.org/licenses/by-sa/4.0/",
    "cc-by-nc": "https://creativecommons.org/licenses/by-nc/4.0/",
    "cc-by-nc-sa": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "cc-by-nd": "https://creativecommons.org/licenses/by-nd/4.0/",
    "cc-by-nc-nd": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    "cc0": "https://creativecommons.org/publicdomain/zero/1.0/",
}


def default_languages() -> list[str]:
    return ["th"]


def new_external_id() -> str:
    return f"ic-{uuid.uuid4().hex[:16]}"


class LanguagesField(models.CharField):
    """A list of language codes, stored as ``"th,en"`` (portable: filter with ``__contains``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(*args, **kwargs)

    @staticmethod
    def _as_list(value) -> list[str]:
        if value in (None, ""):
            return []
        if isinstance(value, str):
            value = value.split(",")
        return [str(code).strip() for code in value if str(code).strip()]

    def from_db_value(self, value, expression, connection):
        return self._as_list(value)

    def to_python(self, value):
        return self._as_list(value)

    def get_prep_value(self, value):
        if isinstance(value, list | tuple):
            return ",".join(self._as_list(value))
        return value

    def value_to_string(self, obj):
        return ",".join(self._as_list(self.value_from_object(obj)))

    def validate(self, value, model_instance):
        unknown = [code for code in self._as_list(value) if code not in LANGUAGE_CODES]
        if unknown:
            raise ValidationError(_("Unknown language code: %(codes)s"), params={"codes": unknown})
        if not self.blank and not self._as_list(value):
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=LANGUAGE_CHOICES,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
        )


class ResourcePageForm(WagtailAdminPageForm):
    """The home field is the field of the bank the page lives in: staff cannot move it elsewhere.
    The slug may hold Thai vowels and tone marks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            thai_slug_form_field(self.fields["slug"])

    def clean(self):
        cleaned_data = super().clean()
        parent = self.parent_page.specific if self.parent_page else None
        field_id = getattr(parent, "field_id", None)
        if field_id:
            self.instance.home_field_id = field_id
        return cleaned_data


class ResourcePage(ThaiSlugPageMixin, DiscoverablePageMixin, Page):
    """What every resource and profile of a knowledge bank has in common."""

    resource_type: ClassVar[str] = ""
    schema_type: ClassVar[str] = "LearningResource"

    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(_("body"), blank=True)
    languages = LanguagesField(_("languages"), default=default_languages)
    home_field = models.ForeignKey(
        FieldOfStudy,
        verbose_name=_("home field of study"),
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_home",
    )
    other_fields = ParentalManyToManyField(
        FieldOfStudy,
        verbose_name=_("other fields of study"),
        blank=True,
        related_name="%(app_label)s_%(class)s_other",
    )
    industries = ParentalManyToManyField(
        Industry, verbose_name=_("industries"), blank=True, related_name="%(class)s_pages"
    )
    levels = ParentalManyToManyField(
        Level, verbose_name=_("levels"), blank=True, related_name="%(class)s_pages"
    )
    teaching_approaches = ParentalManyToManyField(
        TeachingApproach,
        verbose_name=_("teaching approaches"),
        blank=True,
        related_name="%(class)s_pages",
    )
    authors = models.TextField(
        _("authors and contributors"), blank=True, help_text=_("One name per line")
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(class)s_pages",
    )
    year = models.PositiveSmallIntegerField(
        _("year (A.D.)"),
        null=True,
        blank=True,
        help_text=_("Gregorian year, e.g. 2024 (shown as B.E. 2567 in Thai)"),
    )
    licence = models.CharField(
        _("licence"), max_length=24, choices=Licence.choices, default=Licence.CC_BY
    )
    cover_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    units_of_competency = ParentalManyToManyField(
        UnitOfCompetency,
        verbose_name=_("units of competency"),
        blank=True,
        related_name="%(class)s_pages",
    )
    external_id = models.CharField(
        _("external ID"),
        max_length=128,
        unique=True,
        default=new_external_id,
        help_text=_("Stable key for import and export"),
    )

    base_form_class = ResourcePageForm
    parent_page_types = ["content.KnowledgeBankPage"]
    subpage_types: ClassVar[list[str]] = []
    exclude_fields_in_copy = ["external_id"]

    head_panels: ClassVar[list] = [
        *Page.content_panels,
        FieldPanel("title_en"),
        FieldPanel("summary"),
    ]
    metadata_panel = MultiFieldPanel(
        [
            FieldPanel("languages"),
            FieldPanel("other_fields", widget=forms.SelectMultiple),
            FieldPanel("industries", widget=forms.CheckboxSelectMultiple),
            FieldPanel("levels", widget=forms.CheckboxSelectMultiple),
            FieldPanel("teaching_approaches", widget=forms.CheckboxSelectMultiple),
            FieldPanel("keywords"),
            FieldPanel("authors"),
            FieldRowPanel([FieldPanel("institution"), FieldPanel("year")]),
            FieldPanel("licence"),
            FieldPanel("cover_image"),
            FieldPanel("units_of_competency", widget=forms.SelectMultiple),
            FieldPanel("external_id"),
        ],
        heading=_("Metadata"),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("title_en"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("authors"),
        index.RelatedFields("keywords", [index.SearchField("name")]),
        index.FilterField("home_field"),
        index.FilterField("year"),
        index.FilterField("licence"),
    ]

    class Meta:
        abstract = True

    # --- The contract ---------------------------------------------------------------------
    @property
    def language_codes(self) -> list[str]:
        return LanguagesField._as_list(self.languages)

    @property
    def field_codes(self) -> list[str]:
        """The home field first, then the others (uses a prefetch of ``other_fields`` if any)."""
        codes = [self.home_field.code]
        codes += [f.code for f in self.other_fields.all() if f.code != codes[0]]
        return codes

    @property
    def author_names(self) -> list[str]:
        return [line.strip() for line in (self.authors or "").splitlines() if line.strip()]

    def search_text_extra(self) -> str:
        """Type-specific searchable text (overridden by the types that have some)."""
        return ""

    # --- Display helpers ------------------------------------------------------------------
    @property
    def display_title(self) -> str:
        if (get_language() or "th").startswith("en") and self.title_en:
            return self.title_en
        return self.title

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    @property
    def type_label(self) -> str:
        return str(self._meta.verbose_name)

    # Free text that arrives pasted or imported: control characters are never meant and break
    # XML harvesters (OAI-PMH), so they go on the way in, whatever the way.
    TEXT_FIELDS_STRIPPED = ("title", "title_en", "summary", "authors")

    def save(self, *args, **kwargs):
        for name in self.TEXT_FIELDS_STRIPPED:
            value = getattr(self, name, None)
            if isinstance(value, str):
                setattr(self, name, control_chars_strip(value))
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        from . import RESOURCE_TYPES

        if self.external_id:
            for model in RESOURCE_TYPES.values():
                clash = model.objects.filter(external_id=self.external_id).exclude(pk=self.pk)
                if clash.exists():
                    raise ValidationError(
                        {"external_id": _("Another resource already uses this external ID.")}
                    )

    def get_context(self, request, *args, **kwargs):
        from content import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.resource_detail_context(page=self, request=request))
        return context

    def json_ld_extra(self, *, request=None) -> dict:
        """Type-specific schema.org properties (merged into the common ones)."""
        return {}


# --- Research --------------------------------------------------------------------------------
