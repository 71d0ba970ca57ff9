"""Findability in headless Chromium at 1366 and 390 px: the header's autocomplete combobox by
keyboard (WAI-ARIA 1.2), results before filters on a phone (filters behind a button), filters
beside results on a desktop, and axe-core (from npm) finding nothing serious on /search/."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.backends import get_backend
from search.models import Synonym
from tests.browser import chromium_page, screenshot
from tests.content.factories import ResourcePageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def resources(db):
    # Earlier transactional tests leave rows of pages they flushed in the PostgreSQL index tables.
    get_backend().clear()
    # Only this group (the shipped glossary has others starting with เซ), so the options are one
    # term and then the resources.
    Synonym.objects.all().delete()
    Synonym.objects.create(terms="เซ็นเซอร์, เซนเซอร์, sensor")
    for n in range(8):
        ResourcePageFactory(
            type=("ebook", "research", "simulator", "elearning")[n % 4],
            title=f"เซนเซอร์ในงานอุตสาหกรรม ตอนที่ {n}",
            summary="การเลือกและติดตั้งเซนเซอร์วัดระยะในสายการผลิต",
            external_id=f"sensor-{n}",
            field=("F64-11", "F66-17")[n % 2],
        )


def test_header_autocomplete_by_keyboard(live_server, resources):
    with chromium_page(width=1366, height=900) as page:
        page.goto(live_server.url + "/")
        box = page.locator("#header-q")
        assert box.get_attribute("role") == "combobox"
        assert box.get_attribute("aria-expanded") == "false"
        box.press_sequentially("เซนเซอ", delay=40)
        options = page.locator("#header-q-listbox [role=option]")
        options.first.wait_for(timeout=5000)
        assert box.get_attribute("aria-expanded") == "true"
        # The glossary term first (the spelling typed), with its other spellings and English.
        assert options.first.inner_text().split("\n")[:2] == ["เซนเซอร์", "เซ็นเซอร์ · sensor"]
        assert box.get_attribute("aria-activedescendant") is None
        box.press("ArrowDown")
        assert box.get_attribute("aria-activedescendant") == "header-q-option-0"
        box.press("ArrowDown")
        assert box.get_attribute("aria-activedescendant") == "header-q-option-1"
        assert options.nth(1).get_attribute("aria-selected") == "true"
        assert options.nth(0).get_attribute("aria-selected") == "false"
        box.press("ArrowUp")
        assert box.get_attribute("aria-activedescendant") == "header-q-option-0"
        assert page.evaluate("document.activeElement.id") == "header-q"  # focus stays in the box
        screenshot(page, "search-autocomplete-header-1366")
        box.press("Escape")
        assert box.get_attribute("aria-expanded") == "false"
        assert page.locator("#header-q-listbox").is_hidden()
        assert box.input_value() == "เซนเซอ"
        box.press("ArrowDown")
        box.press("ArrowDown")
        # The second option is a resource: Enter opens its page (the term would open /search/).
        target = options.nth(1).inner_text().split("\n")[0]
        assert target.startswith("เซนเซอร์ในงานอุตสาหกรรม")
        box.press("Enter")
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == target
        assert page.console_errors == []


def test_enter_without_a_highlighted_option_submits_the_search(live_server, resources):
    with chromium_page(width=1366, height=900) as page:
        page.goto(live_server.url + "/en/")
        page.locator("#header-q").press_sequentially("sensor", delay=30)
        page.locator("#header-q-listbox [role=option]").first.wait_for(timeout=5000)
        page.locator("#header-q").press("Enter")
        page.wait_for_url("**/en/search/?q=sensor")
        assert page.locator(".hit").count() == 8


def test_phone_results_first_filters_behind_a_button(live_server, resources):
    with chromium_page(width=390, height=844) as page:
        page.goto(live_server.url + "/search/?q=เซนเซอร์")
        first_hit = page.locator(".hit").first.bounding_box()
        assert first_hit["y"] < 844  # the first result is on the first screen
        toggle = page.locator(".filters-toggle")
        assert toggle.is_visible()
        assert toggle.get_attribute("aria-expanded") == "false"
        assert page.locator("#search-filters").is_hidden()
        screenshot(page, "search-phone-390")
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert page.locator("#search-filters").is_visible()
        screenshot(page, "search-phone-390-filters-open")
        page.locator('#search-filters a[href*="type=ebook"]').click()
        page.wait_for_url("**type=ebook**")
        assert page.locator(".hit").count() == 2
        assert page.locator(".filters-toggle").inner_text().strip().endswith("(1)")
        assert page.console_errors == []


def test_desktop_filters_beside_results(live_server, resources):
    with chromium_page(width=1366, height=900) as page:
        page.goto(live_server.url + "/search/?q=เซนเซอร์")
        assert page.locator(".filters-toggle").is_hidden()
        facets = page.locator("#search-filters").bounding_box()
        results = page.locator(".results").bounding_box()
        assert facets["x"] + facets["width"] <= results["x"]
        assert abs(facets["y"] - results["y"]) < 5
        screenshot(page, "search-desktop-1366")


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_axe_finds_nothing_serious_on_the_search_page(live_server, resources, width, height):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (package.json devDependencies)")
    with chromium_page(width=width, height=height) as page:
        for path in ("/search/?q=เซนเซอร์", "/en/search/", "/search/?q=ไฮโดรลิก"):
            page.goto(live_server.url + path)
            page.locator("#header-q").press_sequentially("เซนเซอ", delay=20)
            page.locator("#header-q-listbox [role=option]").first.wait_for(timeout=5000)
            page.locator("#header-q").press("ArrowDown")
            # Evaluated through the DevTools protocol: the page's CSP (no inline script) stays on.
            page.evaluate(AXE.read_text())
            violations = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
            )
            assert violations == [], path
