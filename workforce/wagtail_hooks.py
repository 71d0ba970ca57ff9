"""Wagtail hooks: the Workforce admin menu, import/export URLs, usage of pages and documents."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from . import admin_views, permissions, services
from .models import (
    CurriculumUnit,
    EmployerDemand,
    Establishment,
    Indicator,
    Partnership,
    SupplyRecord,
    TeacherDevelopment,
)
from .policies import FieldScopedPermissionPolicy, OvecOnlyPermissionPolicy

for _model in (
    SupplyRecord,
    EmployerDemand,
    Establishment,
    Partnership,
    TeacherDevelopment,
    CurriculumUnit,
):
    register_permission_policy(_model, FieldScopedPermissionPolicy(_model), exact_class=True)
register_permission_policy(Indicator, OvecOnlyPermissionPolicy(Indicator), exact_class=True)


@hooks.register("register_admin_viewset")
def register_workforce_viewsets():
    return admin_views.WorkforceGroup()


@hooks.register("register_admin_urls")
def register_workforce_admin_urls():
    return [
        path(
            "workforce/transfer/",
            admin_views.import_export_index,
            name="workforce_import_export",
        ),
        path(
            "workforce/transfer/<slug:kind>/import/",
            admin_views.import_view,
            name="workforce_import",
        ),
        path(
            "workforce/transfer/<slug:kind>/export.<str:fmt>",
            admin_views.export_view,
            name="workforce_export",
        ),
        path(
            "workforce/transfer/<slug:kind>/template.<str:fmt>",
            admin_views.template_view,
            name="workforce_template",
        ),
    ]


class _StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.is_workforce_staff(request.user)


@hooks.register("register_admin_menu_item")
def register_import_export_menu_item():
    return _StaffMenuItem(
        _("Workforce import/export"),
        reverse("workforce_import_export"),
        icon_name="download",
        order=261,
    )


@hooks.register("before_serve_page")
def count_page_view(page, request, serve_args, serve_kwargs):
    if request.method == "GET" and not getattr(request, "is_preview", False):
        services.usage_event_enqueue(
            kind="view", page_id=page.pk, identity=services.identity_for(request=request)
        )


@hooks.register("before_serve_document")
def count_document_download(document, request):
    services.usage_event_enqueue(
        kind="download", document_id=document.pk, identity=services.identity_for(request=request)
    )
