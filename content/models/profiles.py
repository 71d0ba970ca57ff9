"""Profiles of a knowledge bank: experts (ผู้เชี่ยวชาญ) and employers (สถานประกอบการ) with their
manpower demand (the demand database of the CVM manual, lines 381–407)."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.images import get_image_model_string
from wagtail.models import Orderable
from wagtail.search import index

from .reference import Institution, Level
from .resources import ResourcePage


class ContactPreference(models.TextChoices):
    PUBLIC = "public", _("Public contact details")
    ON_REQUEST = "on_request", _("Contact on request")


class ExpertKind(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    INDUSTRY = "industry", _("Industry expert")


class ExpertProfilePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.ExpertProfilePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ExpertProfilePage(ResourcePage):
    """A teacher or an industry expert of the field. The page title is the person's name."""

    resource_type = "expert"
    schema_type = "Person"
    template = "content/expert_page.html"

    photo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    expertise = models.TextField(_("expertise"), blank=True)
    expert_kind = models.CharField(
        _("kind of expert"),
        max_length=16,
        choices=ExpertKind.choices,
        default=ExpertKind.INDUSTRY,
    )
    contact_preference = models.CharField(
        _("contact preference"),
        max_length=16,
        choices=ContactPreference.choices,
        default=ContactPreference.ON_REQUEST,
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=64, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    keywords = ClusterTaggableManager(
        through=ExpertProfilePageTag, blank=True, verbose_name=_("keywords")
    )

    content_panels = [
        *ResourcePage.head_panels,
        FieldPanel("photo"),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("position")]),
        FieldPanel("expert_kind"),
        FieldPanel("expertise"),
        MultiFieldPanel(
            [
                FieldPanel("contact_preference"),
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("body"),
        ResourcePage.metadata_panel,
    ]
    search_fields = [
        *ResourcePage.search_fields,
        index.SearchField("expertise"),
        index.SearchField("organisation"),
        index.FilterField("expert_kind"),
    ]

    class Meta:
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")

    @property
    def contact_is_public(self) -> bool:
        return self.contact_preference == ContactPreference.PUBLIC

    def search_text_extra(self) -> str:
        return " ".join(filter(None, [self.expertise, self.organisation, self.position]))

    def json_ld_extra(self, *, request=None) -> dict:
        data: dict = {"name": self.title}
        if self.position:
            data["jobTitle"] = self.position
        if self.organisation:
            data["worksFor"] = {"@type": "Organization", "name": self.organisation}
        if self.expertise:
            data["knowsAbout"] = self.expertise
        if self.contact_is_public and self.email:
            data["email"] = self.email
        return data


class CompanySize(models.TextChoices):
    MICRO = "micro", _("Micro (fewer than 10 staff)")
    SMALL = "small", _("Small (10–50 staff)")
    MEDIUM = "medium", _("Medium (51–200 staff)")
    LARGE = "large", _("Large (more than 200 staff)")


class CompanyOrigin(models.TextChoices):
    DOMESTIC = "domestic", pgettext_lazy("company origin", "Thai")
    FOREIGN = "foreign", pgettext_lazy("company origin", "Foreign")


class EmployerProfilePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.EmployerProfilePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class EmployerProfilePage(ResourcePage):
    """An establishment (สถานประกอบการ) working with the field, and its manpower demand."""

    resource_type = "employer"
    schema_type = "Organization"
    template = "content/employer_page.html"

    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    business = models.CharField(
        _("business"), max_length=255, blank=True, help_text=_("What the establishment does")
    )
    province = models.CharField(_("province"), max_length=100, blank=True)
    size = models.CharField(_("size"), max_length=8, choices=CompanySize.choices, blank=True)
    origin = models.CharField(
        _("domestic or foreign"),
        max_length=8,
        choices=CompanyOrigin.choices,
        default=CompanyOrigin.DOMESTIC,
    )
    is_dual_partner = models.BooleanField(_("dual-system (ทวิภาคี) partner"), default=False)
    mou_colleges = ParentalManyToManyField(
        Institution,
        verbose_name=_("MOU with colleges"),
        blank=True,
        related_name="mou_employers",
    )
    website = models.URLField(_("website"), max_length=500, blank=True)
    contact = models.TextField(_("contact"), blank=True)
    keywords = ClusterTaggableManager(
        through=EmployerProfilePageTag, blank=True, verbose_name=_("keywords")
    )

    content_panels = [
        *ResourcePage.head_panels,
        FieldPanel("logo"),
        FieldPanel("business"),
        FieldRowPanel([FieldPanel("province"), FieldPanel("size"), FieldPanel("origin")]),
        FieldPanel("is_dual_partner"),
        FieldPanel("mou_colleges", widget=forms.SelectMultiple),
        FieldRowPanel([FieldPanel("website"), FieldPanel("contact")]),
        InlinePanel("manpower_demands", label=_("manpower demand")),
        FieldPanel("body"),
        ResourcePage.metadata_panel,
    ]
    search_fields = [
        *ResourcePage.search_fields,
        index.SearchField("business"),
        index.SearchField("province"),
        index.FilterField("is_dual_partner"),
    ]

    class Meta:
        verbose_name = _("employer profile")
        verbose_name_plural = _("employer profiles")

    def get_context(self, request, *args, **kwargs):
        from content import selectors

        context = super().get_context(request, *args, **kwargs)
        context["demand_rows"] = selectors.manpower_demand_rows(employer=self)
        context["mou_colleges"] = list(self.mou_colleges.all())
        return context

    def search_text_extra(self) -> str:
        industries = " ".join(i.name_th for i in self.industries.all())
        return " ".join(filter(None, [self.business, self.province, industries]))

    def json_ld_extra(self, *, request=None) -> dict:
        data: dict = {"name": self.title}
        if self.website:
            data["sameAs"] = self.website
        if self.province:
            data["address"] = {
                "@type": "PostalAddress",
                "addressRegion": self.province,
                "addressCountry": "TH",
            }
        if self.business:
            data["description"] = self.business
        return data


class ManpowerDemand(Orderable):
    """One row of an employer's manpower demand: how many of which position, in which year."""

    employer = ParentalKey(
        EmployerProfilePage, on_delete=models.CASCADE, related_name="manpower_demands"
    )
    year = models.PositiveSmallIntegerField(
        _("year (A.D.)"), help_text=_("Gregorian year, e.g. 2025 (shown as B.E. 2568 in Thai)")
    )
    position = models.CharField(_("position"), max_length=255)
    headcount = models.PositiveIntegerField(_("headcount"))
    level = models.ForeignKey(
        Level,
        verbose_name=_("level"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="manpower_demands",
    )
    competencies = models.TextField(_("required competencies"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("headcount")]),
        FieldPanel("position"),
        FieldPanel("level"),
        FieldPanel("competencies"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("manpower demand")
        verbose_name_plural = _("manpower demand")

    def __str__(self) -> str:
        return f"{self.year} {self.position} × {self.headcount}"
