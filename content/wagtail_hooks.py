"""Wagtail admin: the reference data as snippets, grouped under one menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import FieldOfStudy, FieldRole, Industry, Institution, Level, TeachingApproach


class FieldOfStudyViewSet(SnippetViewSet):
    model = FieldOfStudy
    icon = "folder-open-inverse"
    list_display = ["code", "name_th", "name_en", "host_college", "fiscal_year"]
    list_filter = ["fiscal_year", "industries"]
    search_fields = ["code", "name_th", "name_en"]
    ordering = ["fiscal_year", "list_number"]


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "home"
    list_display = ["name_th", "name_en", "province_th", "ownership"]
    list_filter = ["ownership"]
    search_fields = ["name_th", "name_en", "province_th"]


class VocabularyViewSet(SnippetViewSet):
    icon = "tag"
    list_display = ["code", "name_th", "name_en", "sort_order"]


class IndustryViewSet(VocabularyViewSet):
    model = Industry


class LevelViewSet(VocabularyViewSet):
    model = Level


class TeachingApproachViewSet(VocabularyViewSet):
    model = TeachingApproach


class FieldRoleViewSet(VocabularyViewSet):
    model = FieldRole


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = _("Reference data")
    menu_icon = "list-ul"
    menu_order = 250
    items = (
        FieldOfStudyViewSet,
        InstitutionViewSet,
        IndustryViewSet,
        LevelViewSet,
        TeachingApproachViewSet,
        FieldRoleViewSet,
    )


register_snippet(ReferenceDataGroup)
