"""The e-book reader and the demo simulator in real headless Chromium."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase

from files.demo import demo_simulator_ensure
from files.models import SimulatorAttempt
from tests.browser import chromium_page, screenshot

from .factories import epub_bytes, thai_pdf_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _login(page, site, username, password):
    page.goto(f"{site}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{site}/admin/**")


def test_pdf_reader_pages_through_and_thai_text_is_selectable(
    live_server, make_document, make_ebook_page
):
    document = make_document(thai_pdf_bytes(3), "ตำรา งานกล.pdf")
    book = make_ebook_page(document, slug="reader-book")
    with chromium_page() as page:
        missing = []
        page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
        page.goto(f"{live_server.url}{book.url}?p=2")
        page.wait_for_selector(".ic-reader[data-reader-ready=true]", timeout=20_000)
        assert page.locator("[data-reader-count]").inner_text() == "3"
        text_layer = page.locator("[data-reader-text]")
        page.wait_for_function(
            "() => document.querySelector('[data-reader-text]').textContent.includes('หน้า 2')"
        )
        layer_text = text_layer.inner_text()
        assert "หน้า 2" in layer_text and "มัน" in layer_text
        selected = page.evaluate(
            """() => { const range = document.createRange();
                       range.selectNodeContents(document.querySelector('[data-reader-text]'));
                       const s = window.getSelection(); s.removeAllRanges(); s.addRange(range);
                       return s.toString(); }"""
        )
        assert "หน้า 2" in selected
        screenshot(page, "files-pdf-reader")
        page.click("[data-reader-next]")
        page.wait_for_function(
            "() => document.querySelector('.ic-reader').dataset.readerPage === '3'"
        )
        assert "p=3" in page.url
        assert page.locator("[data-reader-download]").is_visible()
        # The test server does not serve MEDIA_URL (the cover image); nothing else may fail.
        assert all("/media/" in url for url in missing), missing
        assert all("404" in error for error in page.console_errors), page.console_errors


def test_epub_reader_shows_a_chapter_with_navigation(live_server, make_document, make_ebook_page):
    document = make_document(epub_bytes(), "หนังสือ.epub")
    book = make_ebook_page(document, slug="epub-book", licence="all-rights-reserved")
    with chromium_page() as page:
        page.goto(f"{live_server.url}{book.url}")
        assert "ความปลอดภัยในโรงงาน" in page.locator("[data-reader-chapter]").inner_text()
        page.click("a[rel=next]")
        assert "เหนี่ยวนำ" in page.locator("[data-reader-chapter]").inner_text()
        assert page.locator("[data-reader-download]").count() == 0  # all rights reserved
        screenshot(page, "files-epub-reader")
        assert page.console_errors == []


def test_demo_simulator_runs_sandboxed_and_records_the_score(live_server, media_root):
    user = get_user_model().objects.create_user("learner", password="pw-test-1234")
    with TestCase.captureOnCommitCallbacks(execute=True):
        demo_simulator_ensure(lambda message: None)
    from django.apps import apps

    sim = apps.get_model("content", "SimulatorPage").objects.get(slug="plc-start-stop-simulator")
    with chromium_page(height=1400) as page:
        _login(page, live_server.url, "learner", "pw-test-1234")
        page.goto(f"{live_server.url}{sim.url}")
        frame = page.frame_locator("iframe[data-ic-simulator]")
        assert "แลดเดอร์" in frame.locator("h1").inner_text()
        # The frame is an opaque origin: no cookies, no access to the parent page.
        sandbox_probe = page.frames[1].evaluate(
            "() => { try { return document.cookie + '|' + String(window.parent.document) } "
            "catch (e) { return 'blocked:' + e.name } }"
        )
        assert sandbox_probe.startswith("blocked:")
        frame.locator("#seal-contact").select_option("no")
        frame.locator("#test").click()
        page.wait_for_function(
            "() => document.querySelector('.ic-simulator').dataset.icLastStatus === '201'"
        )
        assert "10 / 10" in page.locator("[data-ic-attempts]").inner_text()
        screenshot(page, "files-simulator")
        errors = [error for error in page.console_errors if "favicon" not in error]
        assert errors == []
    attempt = SimulatorAttempt.objects.get()
    assert (attempt.user, float(attempt.score), attempt.completed) == (user, 10.0, True)
