"""The whole flow in headless Chromium: a Moodle-like course page frames the tool (cross-site:
127.0.0.1 frames localhost), real OIDC redirects and form posts. Chromium refuses our
third-party state cookie inside the frame, so these checks exercise the two fallbacks: LTI
platform storage (postMessage) when the platform offers it, else "open in a new window"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lms_bridge import keys, services
from lms_bridge.models import Launch
from tests.browser import chromium_page, screenshot
from tests.lti.platform import ROLE_LEARNER, Platform

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser_platform(live_server, settings):
    tool = live_server.url.replace("127.0.0.1", "localhost")
    settings.LTI_TOOL_BASE_URL = tool
    plat = Platform()
    services.platform_register(
        name="Moodle (browser)",
        issuer=plat.issuer,
        client_id=plat.client_id,
        auth_login_url=plat.auth_url,
        auth_token_url=plat.token_url,
        jwks_url=plat.jwks_url,
        deployment_ids=[plat.deployment_id],
    )
    plat.tool_jwks = keys.jwks()
    plat.browser_tool_login = tool + "/lti/login/"
    plat.browser_roles = [ROLE_LEARNER]
    yield plat, tool
    plat.stop()


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


def test_without_cookie_or_storage_offers_a_new_window(browser_platform, make_resource):
    plat, tool = browser_platform
    resource = make_resource("research")
    plat.browser_target = tool + resource.url
    plat.browser_storage = False
    with chromium_page(width=1100, height=800) as page:
        page.goto(plat.base_url + "/course/view.php")
        frame = page.frame_locator("#contentframe")
        link = frame.get_by_text("เปิดในหน้าต่างใหม่ / Open in a new window")
        link.wait_for(timeout=20000)
        assert frame.get_by_text("LTI-").count() >= 1
        screenshot(page, "lti-moodle-frame-new-window")
        assert not Launch.objects.exists()
        # The top-level window accepts our cookie: the activity opens there.
        with page.context.expect_page() as popup_info:
            link.click()
        popup = popup_info.value
        popup.get_by_text(resource.title).first.wait_for(timeout=20000)
        screenshot(popup, "lti-new-window")
    assert Launch.objects.get().page_id == resource.pk


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
