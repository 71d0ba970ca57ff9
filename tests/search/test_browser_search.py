"""/search/ in headless Chromium: results, facets in the URL, autocomplete, Thai and English."""

import pytest

from search.backends import get_backend
from tests.browser import chromium_page, screenshot
from tests.content.factories import ResourcePageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def resources(db):
    # Earlier transactional tests leave rows of pages they flushed in the PostgreSQL index tables.
    get_backend().clear()
    # Outside a test transaction: publishing commits, the signal's task indexes at once.
    ResourcePageFactory(
        type="ebook",
        title="คู่มือระบบควบคุมอัตโนมัติด้วยพีแอลซี",
        title_en="PLC automation handbook",
        summary="การเขียนโปรแกรมควบคุมเครื่องจักรในโรงงานด้วยพีแอลซีและเซ็นเซอร์",
        external_id="b-plc",
        year=2024,
    )
    ResourcePageFactory(
        type="research",
        title="การพัฒนาระบบควบคุมอุณหภูมิโรงเรือน",
        summary="งานวิจัยระบบควบคุมอุณหภูมิด้วยเซ็นเซอร์ไร้สาย",
        external_id="b-greenhouse",
        year=2023,
    )
    ResourcePageFactory(
        type="expert",
        title="นายสมชาย ช่างกล",
        title_en="Somchai Changkon",
        summary="ผู้เชี่ยวชาญระบบควบคุมไฮดรอลิกส์",
        external_id="b-expert",
    )


def test_search_page_facets_and_autocomplete(live_server, resources):
    with chromium_page() as page:
        page.goto(live_server.url + "/search/?q=ระบบควบคุม")
        assert page.locator(".hit").count() == 3
        assert page.locator(".snippet mark").first.is_visible()
        screenshot(page, "search-th")
        page.locator('.facet a[href*="type=ebook"]').click()
        page.wait_for_url("**type=ebook**")
        assert "q=" in page.url and "type=" in page.url
        assert page.locator(".hit").count() == 1
        assert page.locator("#search-q").input_value() == "ระบบควบคุม"
        page.goto(live_server.url + "/search/")
        page.locator("#search-q").press_sequentially("somch", delay=30)
        page.locator("#search-q-listbox [role=option]").first.wait_for(timeout=5000)
        assert "นายสมชาย" in page.locator("#search-q-listbox").inner_text()
        screenshot(page, "search-autocomplete")
        assert page.console_errors == []


def test_search_page_in_english(live_server, resources):
    with chromium_page(width=390, height=844) as page:
        page.goto(live_server.url + "/en/search/?q=automation")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_text("PLC automation handbook").first.is_visible()
        assert page.get_by_text("Most relevant").is_visible()
        screenshot(page, "search-en-mobile")
        assert page.console_errors == []
