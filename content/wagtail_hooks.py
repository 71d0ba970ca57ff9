"""Wagtail admin: the reference data as snippets, grouped under one menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import (
    import_download_view,
    import_help_view,
    import_permissions,
    resources_import_view,
)
from .models import (
    FieldOfStudy,
    FieldRole,
    Industry,
    Institution,
    Level,
    TeachingApproach,
    UnitOfCompetency,
)


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


# --- Units of competency, bulk import ------------------------------------------------------------


class UnitOfCompetencyViewSet(SnippetViewSet):
    model = UnitOfCompetency
    icon = "tasks"
    list_display = ["code", "title", "standard_body", "level"]
    list_filter = ["standard_body"]
    search_fields = ["code", "title", "title_en"]


register_snippet(UnitOfCompetencyViewSet)


@hooks.register("register_admin_urls")
def register_import_url():
    return [
        path("content/import/", resources_import_view, name="content_import"),
        path("content/import/help/", import_help_view, name="content_import_help"),
        path(
            "content/import/download/<str:name>",
            import_download_view,
            name="content_import_download",
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        allowed, _publishable = import_permissions(user=request.user)
        return bool(allowed)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import resources"), reverse("content_import"), icon_name="upload", order=260
    )
