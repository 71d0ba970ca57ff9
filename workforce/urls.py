from django.urls import path

from . import views

app_name = "workforce"

urlpatterns = [
    path("", views.national_dashboard, name="national"),
    path("reports/", views.report_index, name="report_index"),
    path(
        "reports/<int:fiscal_year>.<str:fmt>",
        views.national_report,
        name="national_report",
    ),
    path("data/<str:scope>/<slug:key>.csv", views.chart_csv, name="chart_csv"),
    path("<str:code>/", views.field_dashboard, name="field"),
    path("<str:code>/matching/", views.matching, name="matching"),
    path("<str:code>/report/<int:fiscal_year>/", views.field_report, name="report"),
    path(
        "<str:code>/report/<int:fiscal_year>.<str:fmt>",
        views.field_report,
        name="report_file",
    ),
]
