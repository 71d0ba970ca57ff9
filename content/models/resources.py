"""Resource pages of a knowledge bank: one abstract ``ResourcePage`` and its concrete types.

The field names are a contract other apps read (see ``docs/architecture.md``).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.images import get_image_model_string
from wagtail.models import Page
from wagtail.search import index

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
    """The home field is the field of the bank the page lives in: staff cannot move it elsewhere."""

    def clean(self):
        cleaned_data = super().clean()
        parent = self.parent_page.specific if self.parent_page else None
        field_id = getattr(parent, "field_id", None)
        if field_id:
            self.instance.home_field_id = field_id
        return cleaned_data


class ResourcePage(Page):
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


class ResearchType(models.TextChoices):
    APPLIED = "applied", _("Applied research")
    INNOVATION = "innovation", _("Innovation / invention")
    CLASSROOM = "classroom", _("Classroom research")
    SURVEY = "survey", _("Survey research")
    OTHER = "other", _("Other research")


class ResearchPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.ResearchPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ResearchPage(RoutablePageMixin, ResourcePage):
    """งานวิจัย: a research report with its abstract and citation export (``cite/bibtex/``,
    ``cite/ris/`` under the page's URL)."""

    resource_type = "research"
    schema_type = "ScholarlyArticle"
    template = "content/research_page.html"

    abstract = models.TextField(_("abstract"), blank=True)
    research_type = models.CharField(
        _("research type"),
        max_length=16,
        choices=ResearchType.choices,
        default=ResearchType.APPLIED,
    )
    doi = models.CharField(_("DOI"), max_length=255, blank=True, help_text=_("e.g. 10.1234/abcd"))
    external_url = models.URLField(_("URL"), max_length=500, blank=True)
    report = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("research report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    keywords = ClusterTaggableManager(
        through=ResearchPageTag, blank=True, verbose_name=_("keywords")
    )

    content_panels = [
        *ResourcePage.head_panels,
        FieldPanel("abstract"),
        FieldRowPanel([FieldPanel("research_type"), FieldPanel("doi")]),
        FieldPanel("external_url"),
        FieldPanel("report"),
        FieldPanel("body"),
        ResourcePage.metadata_panel,
    ]
    search_fields = [*ResourcePage.search_fields, index.SearchField("abstract")]

    class Meta:
        verbose_name = _("research")
        verbose_name_plural = _("research")

    def search_text_extra(self) -> str:
        return self.abstract

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from content.templatetags.ic_tags import page_url

        base = page_url({"request": request}, self)
        context["cite_bibtex_url"] = base + self.reverse_subpage("cite_bibtex")
        context["cite_ris_url"] = base + self.reverse_subpage("cite_ris")
        return context

    def _citation_response(self, request, *, text: str, content_type: str, extension: str):
        response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
        filename = f"{self.slug or self.pk}.{extension}".encode("ascii", "ignore").decode()
        response["Content-Disposition"] = f'attachment; filename="{filename or "cite"}"'
        return response

    @path("cite/bibtex/", name="cite_bibtex")
    def cite_bibtex(self, request):
        from content.citations import research_bibtex

        text = research_bibtex(page=self, url=self.get_full_url(request=request) or "")
        return self._citation_response(
            request, text=text, content_type="application/x-bibtex", extension="bib"
        )

    @path("cite/ris/", name="cite_ris")
    def cite_ris(self, request):
        from content.citations import research_ris

        text = research_ris(page=self, url=self.get_full_url(request=request) or "")
        return self._citation_response(
            request, text=text, content_type="application/x-research-info-systems", extension="ris"
        )

    def json_ld_extra(self, *, request=None) -> dict:
        data: dict = {"abstract": self.abstract or self.summary}
        if self.doi:
            data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": self.doi}
            data["sameAs"] = self.doi_url
        return data


# --- E-book ----------------------------------------------------------------------------------


class EBookPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.EBookPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class EBookPage(ResourcePage):
    """E-Book: a PDF or EPUB with its bibliographic data."""

    resource_type = "ebook"
    schema_type = "Book"
    template = "content/ebook_page.html"

    book = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("book file (PDF or EPUB)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True)
    page_count = models.PositiveIntegerField(_("number of pages"), null=True, blank=True)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    edition = models.CharField(_("edition"), max_length=64, blank=True)
    external_url = models.URLField(_("URL"), max_length=500, blank=True)
    keywords = ClusterTaggableManager(through=EBookPageTag, blank=True, verbose_name=_("keywords"))

    content_panels = [
        *ResourcePage.head_panels,
        FieldPanel("book"),
        FieldRowPanel([FieldPanel("isbn"), FieldPanel("page_count")]),
        FieldRowPanel([FieldPanel("publisher"), FieldPanel("edition")]),
        FieldPanel("external_url"),
        FieldPanel("body"),
        ResourcePage.metadata_panel,
    ]

    class Meta:
        verbose_name = _("e-book")
        verbose_name_plural = _("e-books")

    def search_text_extra(self) -> str:
        return " ".join(filter(None, [self.publisher, self.isbn]))

    def json_ld_extra(self, *, request=None) -> dict:
        data: dict = {"bookFormat": "https://schema.org/EBook"}
        if self.isbn:
            data["isbn"] = self.isbn
        if self.page_count:
            data["numberOfPages"] = self.page_count
        if self.publisher:
            data["publisher"] = {"@type": "Organization", "name": self.publisher}
        if self.edition:
            data["bookEdition"] = self.edition
        return data


# --- E-learning and e-content ------------------------------------------------------------------


class OnlineLearningPage(ResourcePage):
    """What e-learning and e-content share: a video, an external URL or rich content; duration."""

    video_url = models.URLField(_("video URL"), max_length=500, blank=True)
    external_url = models.URLField(_("course or page URL"), max_length=500, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)

    class Meta:
        abstract = True

    online_panels: ClassVar[list] = [
        FieldPanel("video_url"),
        FieldPanel("external_url"),
        FieldPanel("duration_minutes"),
        FieldPanel("body"),
    ]

    @property
    def duration_iso(self) -> str:
        return f"PT{self.duration_minutes}M" if self.duration_minutes else ""

    def json_ld_extra(self, *, request=None) -> dict:
        data: dict = {}
        if self.duration_iso:
            data["timeRequired"] = self.duration_iso
        if self.external_url:
            data["sameAs"] = self.external_url
        return data


class ELearningPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.ELearningPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ELearningPage(OnlineLearningPage):
    """E-Learning: a course or lesson for blended learning."""

    resource_type = "elearning"
    template = "content/elearning_page.html"

    keywords = ClusterTaggableManager(
        through=ELearningPageTag, blank=True, verbose_name=_("keywords")
    )
    content_panels = [
        *ResourcePage.head_panels,
        *OnlineLearningPage.online_panels,
        ResourcePage.metadata_panel,
    ]

    class Meta:
        verbose_name = _("e-learning")
        verbose_name_plural = _("e-learning")


class EContentPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.EContentPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class EContentPage(OnlineLearningPage):
    """E-Content: a piece of electronic content (article, video, infographic)."""

    resource_type = "econtent"
    template = "content/econtent_page.html"

    keywords = ClusterTaggableManager(
        through=EContentPageTag, blank=True, verbose_name=_("keywords")
    )
    content_panels = [
        *ResourcePage.head_panels,
        *OnlineLearningPage.online_panels,
        ResourcePage.metadata_panel,
    ]

    class Meta:
        verbose_name = _("e-content")
        verbose_name_plural = _("e-content")


# --- Simulator ---------------------------------------------------------------------------------


class SimulatorPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.SimulatorPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class SimulatorPage(ResourcePage):
    """Simulator: an external URL or an uploaded HTML5 package, graded or not."""

    resource_type = "simulator"
    template = "content/simulator_page.html"

    external_url = models.URLField(_("external URL"), max_length=500, blank=True)
    package = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("HTML5 package (zip)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    instructions = RichTextField(_("instructions"), blank=True)
    is_graded = models.BooleanField(_("graded"), default=False)
    max_score = models.DecimalField(
        _("maximum score"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    equipment = models.CharField(_("machine or equipment simulated"), max_length=255, blank=True)
    keywords = ClusterTaggableManager(
        through=SimulatorPageTag, blank=True, verbose_name=_("keywords")
    )

    content_panels = [
        *ResourcePage.head_panels,
        FieldPanel("external_url"),
        FieldPanel("package"),
        FieldPanel("equipment"),
        FieldPanel("instructions"),
        FieldRowPanel([FieldPanel("is_graded"), FieldPanel("max_score")]),
        FieldPanel("body"),
        ResourcePage.metadata_panel,
    ]
    search_fields = [*ResourcePage.search_fields, index.SearchField("equipment")]

    class Meta:
        verbose_name = _("simulator")
        verbose_name_plural = _("simulators")

    def clean(self):
        super().clean()
        if self.is_graded and not self.max_score:
            raise ValidationError({"max_score": _("A graded simulator needs a maximum score.")})

    def search_text_extra(self) -> str:
        return self.equipment

    def json_ld_extra(self, *, request=None) -> dict:
        data: dict = {"learningResourceType": "simulation", "interactivityType": "active"}
        if self.external_url:
            data["sameAs"] = self.external_url
        return data
