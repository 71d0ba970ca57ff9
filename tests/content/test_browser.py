"""A knowledge bank and one page of each resource type, with the demo content, in Chromium."""

import pytest

from content.demo.resources import demo_resources_ensure
from content.models import RESOURCE_TYPES
from tests.browser import chromium_page, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def site(live_server):
    demo_resources_ensure(lambda message: None)
    return live_server.url


def test_bank_page_and_every_type_render_in_chromium(site):
    with chromium_page() as page:
        response = page.goto(site + "/f64-11/")
        assert response.status == 200
        assert page.get_by_role("heading", name="งานวิจัย").first.is_visible()
        nav = page.locator(".type-nav").inner_text()
        assert "สื่อจำลอง (Simulator) (2)" in nav and "ทั้งหมด (14)" in nav
        screenshot(page, "content-bank-th")
        page.get_by_role("link", name="งานวิจัย (2)").click()
        page.wait_for_url("**/f64-11/?type=research")
        assert page.locator(".resource-card").count() == 2
        for key in RESOURCE_TYPES:
            response = page.goto(f"{site}/f64-11/demo-f64-11-{key}-1/")
            assert response.status == 200, key
            assert page.locator("h1").is_visible()
            assert page.locator('script[type="application/ld+json"]').count() == 1
            assert page.locator(".resource-aside").is_visible()
            screenshot(page, f"content-{key}-th")
        assert page.console_errors == []


def test_english_detail_and_citation_link(site):
    with chromium_page(width=390, height=844) as page:
        page.goto(site + "/en/f64-11/demo-f64-11-research-1/")
        assert page.locator("html").get_attribute("lang") == "en"
        assert "2024" in page.locator(".resource-aside").inner_text()
        with page.expect_download() as download:
            page.get_by_role("link", name="Cite (BibTeX)").click()
        assert download.value.suggested_filename.endswith(".bib")
        screenshot(page, "content-research-en-mobile")
        assert page.console_errors == []
