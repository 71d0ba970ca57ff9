"""Page types: the home page and one knowledge-bank page per field of study."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from content.discovery import DiscoverablePageMixin

from .reference import FieldOfStudy


class HomePage(DiscoverablePageMixin, Page):
    """The site root: what the Intelligent Center is, the fields by industry, latest resources."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.KnowledgeBankPage"]
    max_count = 2  # one per locale

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from content import selectors

        context = super().get_context(request, *args, **kwargs)
        context["industry_groups"] = selectors.fields_grouped_by_industry()
        context["field_count"] = selectors.field_count()
        context["latest_resources"] = selectors.resources_latest(user=request.user, limit=6)
        return context


class KnowledgeBankPage(DiscoverablePageMixin, Page):
    """The knowledge bank (คลังความรู้) of one field of study of excellence."""

    field = models.OneToOneField(
        FieldOfStudy,
        verbose_name=_("field of study"),
        on_delete=models.PROTECT,
        related_name="bank_page",
    )
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("field"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = [
        "content.ResearchPage",
        "content.EBookPage",
        "content.ELearningPage",
        "content.EContentPage",
        "content.SimulatorPage",
        "content.ExpertProfilePage",
        "content.EmployerProfilePage",
    ]

    class Meta:
        verbose_name = _("knowledge bank")
        verbose_name_plural = _("knowledge banks")

    def get_context(self, request, *args, **kwargs):
        from content import selectors
        from intelligent_center.page_cache import generation_cached

        context = super().get_context(request, *args, **kwargs)
        # The same for every visitor (public resources only): kept until anything is published.
        params = (request.GET.get("type", ""), request.GET.get("page", ""))
        context.update(
            generation_cached(
                f"bank:{self.pk}:{get_language()}:{params}",
                lambda: selectors.bank_page_context(bank=self, request=request),
            )
        )
        return context
