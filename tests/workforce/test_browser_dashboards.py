"""Both dashboards in headless Chromium: charts drawn, Thai labels, no CSP or console errors."""

import pytest

from content.models import Institution
from tests.browser import chromium_page, screenshot

from .factories import DemandFactory, PartnershipFactory, SupplyFactory, field

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def site(live_server):
    host = Institution.objects.get(key=field().host_college.key)
    for year, graduates, demand in ((2565, 20, 35), (2566, 26, 40), (2567, 30, 52)):
        SupplyFactory(institution=host, academic_year=year, graduates=graduates)
        DemandFactory(year=year, headcount=demand)
        PartnershipFactory(year=year)
    return live_server.url


@pytest.mark.parametrize(
    ("path", "heading", "name"),
    [
        ("/workforce/f64-11/", "สาขาวิชาเมคคาทรอนิกส์", "workforce-field-th"),
        ("/workforce/", "ความต้องการและการผลิตกำลังคน", "workforce-national-th"),
    ],
)
def test_dashboard_draws_charts_with_thai_labels(site, path, heading, name):
    with chromium_page(width=1280, height=900) as page:
        response = page.goto(site + path)
        assert response.status == 200
        assert heading in page.locator("h1").inner_text()
        page.wait_for_selector("canvas[data-chart-drawn='true']")
        canvases = page.locator("canvas[data-chart-source]")
        assert canvases.count() == 5
        assert page.locator("canvas[data-chart-drawn='true']").count() == 5
        # Chart.js painted pixels (a blank canvas has none).
        painted = page.evaluate("""() => [...document.querySelectorAll('canvas')].map(c => {
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i]) n++; } return n; })""")
        assert all(count > 1000 for count in painted), painted
        labels = page.evaluate(
            "() => Chart.getChart(document.querySelector('canvas')).data.datasets.map(d => d.label)"
        )
        assert labels == ["ความต้องการ (จำนวนคน)", "ผู้สำเร็จการศึกษา"]
        years = page.evaluate("() => Chart.getChart(document.querySelector('canvas')).data.labels")
        assert years == ["2565", "2566", "2567"]
        page.get_by_text("ตารางข้อมูล").first.click()
        assert page.locator("table caption").first.is_visible()
        screenshot(page, name)
        assert page.console_errors == []
