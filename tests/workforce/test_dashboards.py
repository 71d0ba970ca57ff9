"""Dashboards, chart CSV, permissions on the staff pages, the API."""

import csv
import io

import pytest

from content.models import Institution

from .factories import DemandFactory, PartnershipFactory, SupplyFactory, field

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    college = Institution.objects.get(key=field().host_college.key)
    SupplyFactory(institution=college, academic_year=2566, graduates=20)
    SupplyFactory(institution=college, academic_year=2567, graduates=30)
    DemandFactory(year=2567, headcount=50, establishment__name_th="บริษัท ลับ จำกัด")
    PartnershipFactory(year=2567)
    return college


def test_field_dashboard_public_summary_hides_private_employers(client, data):
    response = client.get("/workforce/f64-11/")
    assert response.status_code == 200
    html = response.content.decode()
    # The summary of the latest year, in Thai (the default language) with a B.E. year.
    assert '<h2 id="summary-heading">สรุป พ.ศ. 2567</h2>' in html
    assert "2567" in html  # Buddhist-era year labels
    assert 'id="chart-data-demand-supply"' in html
    dashboard = response.context["dashboard"]
    assert dashboard.summary.demand == 50
    assert dashboard.summary.graduates == 30
    assert dashboard.summary.gap == 20
    assert "บริษัท ลับ จำกัด" not in html  # no public profile: names for staff only
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_field_dashboard_details_for_the_fields_staff(client, data, make_staff):
    client.force_login(make_staff("cvm", "F64-11"))
    html = client.get("/workforce/f64-11/").content.decode()
    assert "บริษัท ลับ จำกัด" in html
    assert "/workforce/f64-11/matching/" in html


def test_other_fields_staff_get_only_the_public_view(client, data, make_staff):
    client.force_login(make_staff("other", "F64-01"))
    html = client.get("/workforce/f64-11/").content.decode()
    assert "บริษัท ลับ จำกัด" not in html
    assert client.get("/workforce/f64-11/matching/").status_code == 403
    assert client.get("/workforce/f64-11/report/2567/").status_code == 403


def test_anonymous_is_sent_to_login_for_staff_pages(client, data):
    for url in (
        "/workforce/f64-11/matching/",
        "/workforce/f64-11/report/2567/",
        "/workforce/reports/2567.xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_national_dashboard_with_drill_down(client, data, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        response = client.get("/workforce/")
    assert response.status_code == 200
    keys = [b["key"] for b in response.context["dashboard"].breakdowns]
    assert keys == ["industries", "regions", "fields"]
    fields_rows = response.context["dashboard"].breakdowns[2]["rows"]
    assert len(fields_rows) == 101
    row = next(r for r in fields_rows if r["code"] == "F64-11")
    assert (row["demand"], row["graduates"], row["partnerships"]) == (50, 30, 1)
    assert 'href="/workforce/f64-11/"' in response.content.decode()
    east = client.get("/workforce/?region=east").context["dashboard"]
    assert east.summary.demand == 50  # the employer is in Chon Buri
    north = client.get("/workforce/?region=north").context["dashboard"]
    assert north.summary.demand == 0
    # An unknown filter value is ignored rather than failing.
    assert client.get("/workforce/?region=atlantis&industry=nope").status_code == 200


def test_english_dashboard_uses_gregorian_years(client, data):
    response = client.get("/en/workforce/f64-11/")
    assert response.status_code == 200
    chart = response.context["dashboard"].charts[0]
    assert chart.labels == ["2023", "2024"]


def test_chart_csv_download(client, data):
    response = client.get("/workforce/data/F64-11/demand-supply.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["", "ความต้องการ (จำนวนคน)", "ผู้สำเร็จการศึกษา"]  # Thai series labels
    assert rows[-1] == ["2567", "50", "30"]
    assert client.get("/workforce/data/national/regions.csv").status_code == 200
    assert client.get("/workforce/data/national/nope.csv").status_code == 404


def test_api_figures(client, data):
    response = client.get("/api/v1/workforce/F64-11/")
    assert response.status_code == 200
    last = response.json()[-1]
    assert last == {
        "year_be": 2567,
        "demand": 50,
        "graduates": 30,
        "gap": 20,
        "partnerships": 1,
        "places_filled": 3,
    }


def test_dashboards_open_on_the_latest_year_with_graduates_not_on_a_demand_only_year(client, data):
    DemandFactory(year=2568, headcount=70)  # this year's survey, no graduates yet
    for url in ("/workforce/f64-11/", "/workforce/"):
        dashboard = client.get(url).context["dashboard"]
        assert (dashboard.year, dashboard.summary.graduates) == (2567, 30), url
        assert dashboard.year_choices == [2568, 2567, 2566], url


def test_the_year_selector_shows_a_demand_only_year_without_a_zero_graduates_figure(client, data):
    DemandFactory(year=2568, headcount=70)
    response = client.get("/workforce/f64-11/?year=2568")
    summary = response.context["dashboard"].summary
    assert (summary.year, summary.demand, summary.graduates, summary.gap) == (2568, 70, None, None)
    assert '<option value="2568" selected>' in response.content.decode()
