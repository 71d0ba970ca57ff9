"""The whole flow in headless Chromium: a Moodle-like course page frames the tool (cross-site:
127.0.0.1 frames localhost), real OIDC redirects and form posts, real keys. With third-party
cookies blocked (Chromium's headless default) our Partitioned cookies still work inside the
frame; with every cookie of the tool refused, the one-time ticket opens a new window. Simulator
scores reach the platform's AGS endpoint in every case."""

from __future__ import annotations

import json
import os
import tempfile
import time
from contextlib import contextmanager
from decimal import Decimal

import pytest

from files.models import SimulatorAttempt
from lms_bridge import keys
from lms_bridge.models import Launch, ScoreOutbox
from tests.browser import chromium_page, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_resource_opens_inside_moodle_through_platform_storage(browser_platform, make_resource):
    plat, tool = browser_platform
    resource = make_resource("research", summary="การควบคุมแขนกลด้วย PLC")
    plat.browser_target = tool + resource.url
    plat.browser_storage = True
    with chromium_page(width=1100, height=800) as page:
        page.goto(plat.base_url + "/course/view.php")
        frame = page.frame_locator("#contentframe")
        frame.get_by_text(resource.title).first.wait_for(timeout=20000)
        assert frame.locator(".site-header").count() == 0
        assert frame.locator("body.lti-layout").count() == 1
        screenshot(page, "lti-moodle-frame")
        assert page.console_errors == []
    launch = Launch.objects.get()
    assert launch.page_id == resource.pk


def test_teacher_picks_resources_in_moodle(browser_platform, make_resource):
    from tests.lti.platform import DL, ROLE_INSTRUCTOR

    plat, tool = browser_platform
    research = make_resource("research", summary="การควบคุมแขนกลด้วย PLC")
    simulator = make_resource(
        "simulator", title="จำลองเครื่อง CNC", is_graded=True, max_score=Decimal("20")
    )
    plat.browser_target = tool + "/lti/deep-linking/"
    plat.browser_message_type = "LtiDeepLinkingRequest"
    plat.browser_roles = [ROLE_INSTRUCTOR]
    plat.browser_storage = True
    with chromium_page(width=1100, height=900) as page:
        page.goto(plat.base_url + "/course/view.php")
        frame = page.frame_locator("#contentframe")
        frame.get_by_text("เลือกทรัพยากรสำหรับรายวิชาของท่าน").wait_for(timeout=20000)
        frame.locator("#course-field").select_option("F64-11")
        frame.get_by_role("button", name="บันทึกสำหรับรายวิชานี้").click()
        frame.get_by_text(simulator.title).wait_for(timeout=20000)
        frame.get_by_text("ให้คะแนน เต็ม 20").wait_for()
        screenshot(page, "lti-picker")
        frame.get_by_label(research.title).check()
        frame.get_by_label(simulator.title).check()
        frame.get_by_role("button", name="เพิ่มในรายวิชา").click()
        frame.locator("#done").wait_for(timeout=20000)
        assert page.console_errors == []
    (token,) = plat.deep_linking_responses
    claims = plat.read_deep_linking_response(token, keys.jwks())
    items = {i["title"]: i for i in claims[DL + "content_items"]}
    assert set(items) == {research.title, simulator.title}
    assert items[simulator.title]["lineItem"]["scoreMaximum"] == 20.0
    assert "lineItem" not in items[research.title]


# --- Simulators inside the course page, with the browser's cookie settings ---------------------

COOKIE_PREFERENCES = {
    "blocked": None,  # Debian's headless Chromium: third-party cookies blocked by default
    "allowed": {"profile": {"cookie_controls_mode": 0, "block_third_party_cookies": False}},
    "refused": {"profile": {"default_content_setting_values": {"cookies": 2}}},  # none at all
}


@contextmanager
def chromium_with_cookies(mode: str):
    """Chromium with a profile whose cookie preference is ``mode`` (as a user sets it)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with tempfile.TemporaryDirectory(prefix="ic-chromium-") as profile, sync_playwright() as pw:
        if COOKIE_PREFERENCES[mode]:
            os.makedirs(os.path.join(profile, "Default"))
            with open(os.path.join(profile, "Default", "Preferences"), "w") as handle:
                json.dump(COOKIE_PREFERENCES[mode], handle)
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1100, "height": 900},
        )
        context.set_default_timeout(20000)
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()
            if previous is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def plc_simulator(settings, tmp_path):
    """The demo's graded PLC simulator (a real HTML5 package, 10 points, highest score kept)."""
    from content.models import SimulatorPage
    from files.demo import demo_simulator_ensure

    settings.MEDIA_ROOT = str(tmp_path)
    demo_simulator_ensure(lambda message: None)
    return SimulatorPage.objects.get(slug="plc-start-stop-simulator")


def run_exercise(frame, *, full_marks: bool) -> str:
    """Click through the PLC exercise like a student; returns what the host page then says."""
    simulator = frame.frame_locator("iframe[data-ic-simulator]")
    simulator.locator("#stop-contact").select_option("no" if full_marks else "nc")
    simulator.locator("#start-contact").select_option("no")
    simulator.locator("#seal-contact").select_option("no")
    simulator.locator("#test").click()
    status = "[data-ic-simulator-status]"
    frame.locator(f"{status}[data-ic-state=saved], {status}[data-ic-state=unsaved]").wait_for()
    return frame.locator("[data-ic-simulator-status]").inner_text()


def scores_received(plat, count: int) -> list[float]:
    for _ in range(100):
        if len(plat.scores) >= count:
            break
        time.sleep(0.1)
    return [score["scoreGiven"] for score in plat.scores]


@pytest.mark.parametrize("cookies", ["blocked", "allowed"])
def test_a_simulator_score_reaches_the_platform_from_its_course_page(
    browser_platform, plc_simulator, cookies
):
    plat, tool = browser_platform
    plat.browser_target = tool + plc_simulator.url
    with chromium_with_cookies(cookies) as page:
        page.goto(plat.base_url + "/course/view.php")
        frame = page.frame_locator("#contentframe")
        assert "Score saved: 10 / 10" in run_exercise(frame, full_marks=True)
        assert scores_received(plat, 1) == [10.0]
        assert plat.scores[0]["gradingProgress"] == "FullyGraded"
        assert plat.scores[0]["activityProgress"] == "Completed"
        # a lower second attempt is kept by the tool, not sent: Moodle keeps 10 (highest)
        assert "Score saved: 6 / 10" in run_exercise(frame, full_marks=False)
        assert "6 / 10" in frame.locator("[data-ic-attempts]").inner_text()
        screenshot(page, f"lti-simulator-scored-{cookies}")
        assert ScoreOutbox.objects.filter(status=ScoreOutbox.Status.KEPT).count() == 1
        assert scores_received(plat, 2) == [10.0]
        # another student signs in to the platform in the same browser and opens it
        plat.browser_sub = "user-8"
        page.goto(plat.base_url + "/course/view.php")
        frame = page.frame_locator("#contentframe")
        attempts = frame.locator("[data-ic-attempts]")
        attempts.wait_for()
        assert "10 / 10" not in attempts.inner_text() and "6 / 10" not in attempts.inner_text()
    assert SimulatorAttempt.objects.filter(user__lti_identity__sub="user-7").count() == 2


def test_new_window_when_the_browser_refuses_every_cookie_of_the_tool(
    browser_platform, plc_simulator
):
    plat, tool = browser_platform
    plat.browser_target = tool + plc_simulator.url
    with chromium_with_cookies("refused") as page:
        page.goto(plat.base_url + "/course/view.php")
        frame = page.frame_locator("#contentframe")
        button = frame.get_by_role("button", name="เปิดในหน้าต่างใหม่ / Open in a new window")
        button.wait_for()
        with page.context.expect_page() as popup_info:
            button.click()
        window = popup_info.value
        assert "Score saved: 10 / 10" in run_exercise(window, full_marks=True)
        assert scores_received(plat, 1) == [10.0]
        screenshot(window, "lti-simulator-new-window")
        window.close()
        # the next student in this browser, in a new window too, sees only their own attempts
        plat.browser_sub = "user-8"
        page.goto(plat.base_url + "/course/view.php")
        button = page.frame_locator("#contentframe").get_by_role(
            "button", name="เปิดในหน้าต่างใหม่ / Open in a new window"
        )
        with page.context.expect_page() as popup_info:
            button.click()
        window = popup_info.value
        attempts = window.locator("[data-ic-attempts]")
        attempts.wait_for()
        assert "10 / 10" not in attempts.inner_text()


def test_teacher_deep_links_through_a_new_window(browser_platform, plc_simulator):
    """Every cookie of the tool refused: the picker opens in its own window, and its answer goes
    back through our page in the platform's frame, which posts it where the platform expects."""
    from tests.lti.platform import DL, ROLE_INSTRUCTOR

    plat, tool = browser_platform
    plat.browser_target = tool + "/lti/deep-linking/"
    plat.browser_message_type = "LtiDeepLinkingRequest"
    plat.browser_roles = [ROLE_INSTRUCTOR]
    with chromium_with_cookies("refused") as page:
        page.goto(plat.base_url + "/course/view.php")
        frame = page.frame_locator("#contentframe")
        button = frame.get_by_role("button", name="เปิดในหน้าต่างใหม่ / Open in a new window")
        with page.context.expect_page() as popup_info:
            button.click()
        picker = popup_info.value
        picker.locator("#course-field").select_option("F64-11")
        picker.get_by_role("button", name="บันทึกสำหรับรายวิชานี้").click()
        picker.get_by_label(plc_simulator.title).check()
        picker.get_by_role("button", name="เพิ่มในรายวิชา").click()
        frame.locator("#done").wait_for()
    (token,) = plat.deep_linking_responses
    claims = plat.read_deep_linking_response(token, keys.jwks())
    (item,) = claims[DL + "content_items"]
    assert item["title"] == plc_simulator.title and item["lineItem"]["scoreMaximum"] == 10.0
