"""The home page and a field page in a real browser, in Thai and English."""

import pytest

from tests.browser import chromium_page, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FONT_LOADED = "() => document.fonts.ready.then(() => document.fonts.check('16px Sarabun', 'คลัง'))"


@pytest.fixture
def site(live_server):
    return live_server.url


@pytest.mark.parametrize(
    ("path", "expected_text", "name"),
    [
        ("/", "สาขาวิชาเทคนิคยานยนต์ไฟฟ้า", "home-th"),
        ("/en/", "Fields of study by target industry", "home-en"),
        ("/f64-11/", "วิทยาลัยเทคนิคสัตหีบ", "field-th"),
        ("/en/f64-11/", "Sattahip Technical College", "field-en"),
    ],
)
def test_page_renders_with_the_thai_font_and_no_console_errors(site, path, expected_text, name):
    with chromium_page() as page:
        response = page.goto(site + path)
        assert response.status == 200
        assert page.get_by_text(expected_text).first.is_visible()
        assert page.locator(".brand-th").inner_text() == "คลังปัญญาอาชีวศึกษา"
        assert page.evaluate(FONT_LOADED) is True, "Sarabun did not load"
        family = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert family.startswith('"Sarabun"') or family.startswith("Sarabun")
        screenshot(page, name)
        assert page.console_errors == []


def test_language_switcher_moves_between_thai_and_english(site):
    with chromium_page(width=390, height=844) as page:
        page.goto(site + "/f64-11/")
        page.get_by_role("link", name="English").click()
        page.wait_for_url("**/en/f64-11/")
        assert page.locator("html").get_attribute("lang") == "en"
        page.get_by_role("link", name="ไทย").click()
        page.wait_for_url(site + "/f64-11/")
        screenshot(page, "field-th-mobile")
        assert page.console_errors == []


def test_api_docs_render_from_local_assets_under_the_csp(site):
    with chromium_page() as page:
        outside = []
        page.on(
            "request",
            lambda request: (
                outside.append(request.url)
                if not request.url.startswith(site) and not request.url.startswith("data:")
                else None
            ),
        )
        assert page.goto(site + "/api/v1/docs").status == 200
        page.locator(".opblock").first.wait_for()
        assert page.locator(".opblock").count() >= 8
        assert page.get_by_text("/api/v1/resources/").first.is_visible()
        assert outside == []  # no CDN
        assert page.console_errors == []
