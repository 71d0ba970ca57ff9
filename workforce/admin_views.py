"""Wagtail admin: workforce rows scoped per field; import/export with downloadable templates."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from . import importing, permissions
from .models import (
    CurriculumUnit,
    EmployerDemand,
    Establishment,
    Indicator,
    Partnership,
    SupplyRecord,
    TeacherDevelopment,
)


class FieldScopedForm(WagtailAdminModelForm):
    """Offers only the fields the user manages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "field" in self.fields and self.for_user is not None:
            self.fields["field"].queryset = permissions.fields_for(self.for_user)

    def clean_field(self):
        value = self.cleaned_data.get("field")
        if value is not None and not permissions.can_manage_field(self.for_user, value):
            raise forms.ValidationError(_("You may not edit the data of this field."))
        return value


class ScopedIndexView(IndexView):
    def get_base_queryset(self):
        return permissions.scope_queryset(super().get_base_queryset(), self.request.user)


class _InstanceCheck:
    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not permissions.can_manage_field(self.request.user, instance.field):
            raise PermissionDenied
        return instance


class ScopedEditView(_InstanceCheck, EditView):
    pass


class ScopedDeleteView(_InstanceCheck, DeleteView):
    pass


class FieldScopedViewSet(ModelViewSet):
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return forms.modelform_factory(
            self.model,
            form=FieldScopedForm,
            formfield_callback=self.formfield_for_dbfield,
            exclude=["created_at"],
        )


class SupplyViewSet(FieldScopedViewSet):
    url_prefix = "workforce/supply"
    url_namespace = "workforce_supply"
    model = SupplyRecord
    icon = "group"
    list_display = ["field", "institution", "academic_year", "level", "enrolled", "graduates"]
    list_filter = ["academic_year", "level"]


class DemandViewSet(FieldScopedViewSet):
    url_prefix = "workforce/demand"
    url_namespace = "workforce_demand"
    model = EmployerDemand
    icon = "user"
    list_display = ["establishment", "field", "year", "position", "headcount", "level"]
    list_filter = ["year", "level"]


class EstablishmentViewSet(FieldScopedViewSet):
    url_prefix = "workforce/establishments"
    url_namespace = "workforce_establishments"
    model = Establishment
    icon = "home"
    list_display = ["name_th", "province_th", "industry", "field"]
    list_filter = ["industry"]


class PartnershipViewSet(FieldScopedViewSet):
    url_prefix = "workforce/partnerships"
    url_namespace = "workforce_partnerships"
    model = Partnership
    icon = "link"
    list_display = ["reference", "establishment", "institution", "field", "year", "status"]
    list_filter = ["year", "status", "mode", "purpose"]


class TeacherDevelopmentViewSet(FieldScopedViewSet):
    url_prefix = "workforce/teacher-development"
    url_namespace = "workforce_teacher_development"
    model = TeacherDevelopment
    icon = "user"
    list_display = ["teacher_name", "title", "field", "institution", "starts_on", "hours"]
    list_filter = ["kind"]


class CurriculumUnitViewSet(FieldScopedViewSet):
    url_prefix = "workforce/curriculum-units"
    url_namespace = "workforce_curriculum_units"
    model = CurriculumUnit
    icon = "list-ul"
    list_display = ["field", "code", "title_th"]


class IndicatorViewSet(ModelViewSet):
    url_prefix = "workforce/indicators"
    url_namespace = "workforce_indicators"
    model = Indicator
    icon = "table"
    form_fields = [
        "code",
        "name_th",
        "name_en",
        "formula",
        "target",
        "unit",
        "higher_is_better",
        "sort_order",
        "active",
    ]
    list_display = ["code", "name_th", "formula", "target", "active"]
    copy_view_enabled = False


class WorkforceGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Workforce")
    menu_icon = "group"
    menu_order = 260
    items = (
        SupplyViewSet,
        DemandViewSet,
        EstablishmentViewSet,
        PartnershipViewSet,
        TeacherDevelopmentViewSet,
        CurriculumUnitViewSet,
        IndicatorViewSet,
    )


# --- Import / export -------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def _require_staff(request) -> None:
    if not permissions.is_workforce_staff(request.user):
        raise PermissionDenied


def _spec_or_404(kind: str) -> importing.Spec:
    if kind not in importing.SPECS:
        raise Http404
    return importing.SPECS[kind]


def import_export_index(request):
    _require_staff(request)
    return render(
        request,
        "workforce/admin/import_export.html",
        {"specs": importing.SPECS.values(), "formats": importing.FORMATS},
    )


def import_view(request, kind: str):
    _require_staff(request)
    spec = _spec_or_404(kind)
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > importing.reading.MAX_BYTES:
            result = importing.ImportResult(
                errors=[
                    importing.LineError(
                        0,
                        "",
                        importing.bilingual(
                            "The file is larger than %(size)s MB.",
                            size=importing.reading.MAX_BYTES // 1024 // 1024,
                        ),
                    )
                ]
            )
        else:
            result = importing.import_file(
                kind=kind, data=upload.read(), filename=upload.name, user=request.user
            )
    return render(
        request,
        "workforce/admin/import.html",
        {"spec": spec, "form": form, "result": result, "formats": importing.FORMATS},
        status=400 if result is not None and not result.ok else 200,
    )


_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_view(request, kind: str, fmt: str, template: bool = False):
    _require_staff(request)
    _spec_or_404(kind)
    if fmt not in importing.FORMATS:
        raise Http404
    data = importing.export_file(kind=kind, fmt=fmt, user=request.user, template=template)
    name = f"workforce-{kind}{'-template' if template else ''}.{fmt}"
    response = HttpResponse(data, content_type=_CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def template_view(request, kind: str, fmt: str):
    return export_view(request, kind, fmt, template=True)
