"""Public dashboards (details for signed-in staff), matching and OVEC reports. Thin: numbers come
from selectors, writes from services, files from ``reports``."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from content.models import FieldOfStudy, Industry
from intelligent_center.spreadsheet import cell_safe

from . import geo, permissions, reports, scoring, selectors, services
from .forms import MatchRecordForm


def _filters(request) -> tuple[str, str]:
    industry = request.GET.get("industry", "")
    region = request.GET.get("region", "")
    if industry and not Industry.objects.filter(code=industry).exists():
        industry = ""
    if region not in geo.REGIONS:
        region = ""
    return industry, region


def _year_param(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


def national_dashboard(request):
    industry, region = _filters(request)
    dashboard = selectors.national_dashboard(
        user=request.user, industry=industry, region=region, year=_year_param(request)
    )
    return render(
        request,
        "workforce/national_dashboard.html",
        {
            "dashboard": dashboard,
            "industries": Industry.objects.order_by("sort_order"),
            "regions": geo.REGIONS.values(),
            "industry": industry,
            "region": region,
            "csv_scope": "national",
            "query": request.GET.urlencode(),
            "is_ovec": permissions.is_ovec(request.user),
        },
    )


def _field_or_404(code: str) -> FieldOfStudy:
    return get_object_or_404(FieldOfStudy.objects.select_related("host_college"), code=code.upper())


def field_dashboard(request, code: str):
    field_of_study = _field_or_404(code)
    dashboard = selectors.field_dashboard(
        field_of_study=field_of_study, user=request.user, year=_year_param(request)
    )
    return render(
        request,
        "workforce/field_dashboard.html",
        {
            "field_of_study": field_of_study,
            "dashboard": dashboard,
            "csv_scope": field_of_study.code,
            "query": request.GET.urlencode(),
            "can_manage": permissions.can_manage_field(request.user, field_of_study),
        },
    )


def chart_csv(request, scope: str, key: str):
    if scope == "national":
        industry, region = _filters(request)
        dashboard = selectors.national_dashboard(
            user=request.user, industry=industry, region=region, year=_year_param(request)
        )
    else:
        dashboard = selectors.field_dashboard(
            field_of_study=_field_or_404(scope), user=request.user, year=_year_param(request)
        )
    tables = {chart.key: (chart.header, chart.rows) for chart in dashboard.charts}
    for breakdown in dashboard.breakdowns:
        header = [_("Name"), _("Demand"), _("Graduates"), _("Gap")]
        rows = [[r["name"], r["demand"], r["graduates"], r["gap"]] for r in breakdown["rows"]]
        tables[breakdown["key"]] = (header, rows)
    if key not in tables:
        raise Http404
    header, rows = tables[key]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([cell_safe(value) for value in header])
    writer.writerows([cell_safe(value) for value in row] for row in rows)
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{scope}-{key}.csv"'
    return response


def _require_field_staff(request, field_of_study: FieldOfStudy):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_manage_field(request.user, field_of_study):
        raise PermissionDenied
    return None


def _int_param(request, name: str, default: int) -> int:
    try:
        return int(request.GET.get(name, default))
    except (TypeError, ValueError):
        return default


@require_http_methods(["GET", "POST"])
def matching(request, code: str):
    field_of_study = _field_or_404(code)
    if denied := _require_field_staff(request, field_of_study):
        return denied
    if request.method == "POST":
        form = MatchRecordForm(request.POST, field_of_study=field_of_study)
        if not form.is_valid():
            return HttpResponseBadRequest(" ".join(form.error_messages_flat()))
        data = form.cleaned_data
        establishment = data["establishment"]
        if establishment is None:
            establishment = services.establishment_for_profile(profile_page=data["profile_page"])
        partnership = services.partnership_create_from_match(
            field_of_study=field_of_study,
            establishment=establishment,
            institution=data["institution"],
            year=data["year"],
            level=data["level"],
            places=data["places"],
        )
        messages.success(
            request,
            _("Match recorded as partnership %(reference)s.")
            % {"reference": partnership.reference},
        )
        return redirect(request.get_full_path())
    years = selectors.demand_by_year(field_ids=[field_of_study.pk])
    year = _int_param(request, "year", max(years) if years else 0)
    province = geo.province_normalise(request.GET.get("province"))
    region = request.GET.get("region", "") if request.GET.get("region") in geo.REGIONS else ""
    suggestions = (
        selectors.matching_suggestions(
            field_of_study=field_of_study, year=year, province=province, region=region
        )
        if year
        else []
    )
    return render(
        request,
        "workforce/matching.html",
        {
            "field_of_study": field_of_study,
            "suggestions": suggestions,
            "year": year,
            "years": sorted(years, reverse=True),
            "province": province,
            "region": region,
            "provinces": geo.PROVINCE_CHOICES,
            "regions": geo.REGIONS.values(),
            "scoring": scoring.SCORING,
        },
    )


_CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _file_response(data: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=_CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def field_report(request, code: str, fiscal_year: int, fmt: str = "html"):
    field_of_study = _field_or_404(code)
    if denied := _require_field_staff(request, field_of_study):
        return denied
    if not 2500 <= fiscal_year <= 2700 or fmt not in ("html", "xlsx", "pdf"):
        raise Http404
    report = selectors.field_report(field_of_study=field_of_study, fiscal_year=fiscal_year)
    name = f"ovec-report-{field_of_study.code}-{fiscal_year}"
    if fmt == "xlsx":
        return _file_response(reports.reports_xlsx([report]), fmt, name)
    if fmt == "pdf":
        return _file_response(reports.reports_pdf([report], request=request), fmt, name)
    return render(
        request,
        "workforce/report.html",
        {"report": report, "field_of_study": field_of_study, "fiscal_year": fiscal_year},
    )


def national_report(request, fiscal_year: int, fmt: str):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.is_ovec(request.user):
        raise PermissionDenied
    if not 2500 <= fiscal_year <= 2700 or fmt not in ("xlsx", "pdf"):
        raise Http404
    found = selectors.national_report(fiscal_year=fiscal_year)
    name = f"ovec-report-all-fields-{fiscal_year}"
    if fmt == "xlsx":
        return _file_response(reports.reports_xlsx(found), fmt, name)
    return _file_response(reports.reports_pdf(found, request=request, summary=True), fmt, name)


def report_index(request):
    """Links to the reports of the fields the user manages."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    fields = permissions.fields_for(request.user)
    if not fields.exists():
        raise PermissionDenied
    from django.utils import timezone

    today = timezone.localdate()
    current = today.year + 543 + (1 if today.month >= 10 else 0)
    return render(
        request,
        "workforce/report_index.html",
        {
            "fields": fields,
            "fiscal_years": list(range(current, current - 5, -1)),
            "is_ovec": permissions.is_ovec(request.user),
        },
    )
