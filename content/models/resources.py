"""The concrete resource types of a knowledge bank (research, e-books, e-learning, e-content,
simulators), each a ``ResourcePage``."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.search import index

from .resource_base import (  # noqa: F401 - migrations name these by this module's path
    LANGUAGE_CHOICES,
    LanguagesField,
    Licence,
    ResourcePage,
    default_languages,
    new_external_id,
)


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


class GradePolicy(models.TextChoices):
    """Which attempt's score the LMS gradebook keeps (applied by the tool, which sends only
    scores that follow the policy)."""

    HIGHEST = "highest", _("Highest score")
    LATEST = "latest", _("Latest attempt")
    FIRST = "first", _("First attempt")


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
    grade_policy = models.CharField(
        _("grade kept in the gradebook"),
        max_length=10,
        choices=GradePolicy.choices,
        default=GradePolicy.HIGHEST,
        help_text=_("When a student tries several times, which score Moodle keeps."),
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
        FieldRowPanel(
            [FieldPanel("is_graded"), FieldPanel("max_score"), FieldPanel("grade_policy")]
        ),
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
