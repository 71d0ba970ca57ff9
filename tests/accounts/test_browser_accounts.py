"""Done-when proof in headless Chromium: sign up, confirm by the e-mail in the outbox, sign in,
save three resources into a collection, share it by link and open the link signed out, then in
a Moodle course (the loopback platform, another site) link the Moodle identity from the Deep
Linking picker and pick the whole collection; sign in with the OpenID Connect test provider;
screenshots at 1366 and 390 px; axe on the new pages."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core import mail

from tests.browser import CHROMIUM, CHROMIUM_ARGS, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "Long-enough-pw-2567"  # noqa: S105


@contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
            if previous is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def new_page(chromium, *, width=1366, height=900, bypass_csp=False):
    context = chromium.new_context(
        viewport={"width": width, "height": height}, bypass_csp=bypass_csp
    )
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    return page


def serious_axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def three(db):
    from content.models import RESOURCE_TYPES, KnowledgeBankPage

    bank = KnowledgeBankPage.objects.get(field__code="F64-11")
    pages = []
    for key, title in (
        ("research", "งานวิจัยแขนกลอัจฉริยะ"),
        ("ebook", "ตำราหุ่นยนต์อุตสาหกรรม"),
        ("simulator", "จำลองเครื่อง CNC"),
    ):
        page = RESOURCE_TYPES[key](title=title, home_field=bank.field, summary="สรุป " + title)
        bank.add_child(instance=page)
        page.save_revision().publish()
        pages.append(page)
    return pages


def sign_up_and_confirm(page, site):
    page.goto(site + "/accounts/signup/")
    page.fill("#id_email", "kanya@college.ac.th")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_display_name", "ครูกัญญา")
    page.get_by_label("ครู", exact=True).check()
    page.select_option("#id_institution", index=1)
    page.get_by_label("ค้นหาสาขาวิชา").fill("F64-11 เมคคา")  # the filter above the check boxes
    shown = page.locator("#id_fields_of_study > div:visible")
    assert shown.count() == 1
    shown.get_by_role("checkbox").check()
    page.get_by_role("button", name="สมัครสมาชิก").click()
    page.wait_for_url("**/accounts/confirm-email/")
    link = re.search(r"(http://\S+/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_role("button", name=re.compile("ยืนยัน|Confirm")).click()
    page.wait_for_url("**/accounts/my-work/")


def sign_in(page, site):
    page.goto(site + "/accounts/login/")
    page.fill("#id_login", "kanya@college.ac.th")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ", exact=True).click()
    page.wait_for_url("**/accounts/my-work/")


def save_into(page, site, resource, *, new_title=""):
    page.goto(site + resource.url)
    page.locator(".bank-header .save-link").click()
    page.wait_for_url("**/collections/save/**")
    if new_title:
        page.fill("#new-title", new_title)
    else:
        page.get_by_label("หุ่นยนต์ ปวส.1").check()
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_url(site + resource.url)
    assert page.locator(".site-messages").inner_text() == "บันทึกไว้ใน “หุ่นยนต์ ปวส.1” แล้ว"
    assert page.locator(".bank-header .save-link").inner_text().startswith("✓")


def pick_collection_in_moodle(chromium, browser_platform, *, title: str) -> list[str]:
    """A teacher opens the resource picker from a Moodle course (the tool is framed from another
    site, third-party cookies blocked), links this Moodle identity to their account in the new
    window the picker opens, then adds the whole collection. Returns the activities' titles."""
    from lms_bridge import keys
    from tests.lti.platform import DL, ROLE_INSTRUCTOR

    plat, tool = browser_platform
    plat.browser_target = tool + "/lti/deep-linking/"
    plat.browser_message_type = "LtiDeepLinkingRequest"
    plat.browser_roles = [ROLE_INSTRUCTOR]
    plat.browser_storage = True
    page = new_page(chromium)
    page.goto(plat.base_url + "/course/view.php")
    frame = page.frame_locator("#contentframe")
    frame.get_by_text("เลือกทรัพยากรสำหรับรายวิชาของท่าน").wait_for(timeout=20000)
    screenshot(page, "lti-picker-link-account-1366")
    with page.expect_popup() as opened:
        frame.get_by_role("button", name="ลงชื่อเข้าใช้และเชื่อมบัญชี (เปิดหน้าต่างใหม่)").click()
    window = opened.value  # first-party: the tool's own site, where accounts sign in
    window.wait_for_url("**/accounts/login/**")
    window.fill("#id_login", "kanya@college.ac.th")
    window.fill("#id_password", PASSWORD)
    window.get_by_role("button", name="เข้าสู่ระบบ", exact=True).click()
    window.wait_for_url("**/accounts/moodle/link/")
    window.get_by_role("button", name="เชื่อมบัญชี Moodle นี้").click()
    window.wait_for_url("**/accounts/my-work/")
    assert "Moodle" in window.locator(".site-messages").inner_text()
    window.close()

    frame.get_by_role("link", name="เชื่อมแล้ว? แสดงคอลเลกชันของฉัน").click()
    frame.get_by_label(f"{title} (3)").check()
    screenshot(page, "lti-picker-collection-1366")
    frame.get_by_role("button", name="เพิ่มในรายวิชา").click()
    frame.locator("#done").wait_for(timeout=20000)
    assert page.console_errors == []
    (token,) = plat.deep_linking_responses
    claims = plat.read_deep_linking_response(token, keys.jwks())
    return [item["title"] for item in claims[DL + "content_items"]]


def test_sign_up_confirm_sign_in_collect_three_share_and_pick_in_moodle(
    live_server, three, browser_platform
):
    from resource_collections.models import Collection

    site = live_server.url
    with browser() as chromium:
        page = new_page(chromium)
        sign_up_and_confirm(page, site)
        page.locator(".account-menu summary").click()
        page.get_by_role("button", name="ออกจากระบบ").click()
        sign_in(page, site)

        save_into(page, site, three[0], new_title="หุ่นยนต์ ปวส.1")
        save_into(page, site, three[1])
        save_into(page, site, three[2])

        collection = Collection.objects.get()
        page.goto(site + f"/collections/{collection.pk}/")
        page.get_by_label("ทุกคนที่มีลิงก์").check()
        page.get_by_role("button", name="บันทึก", exact=True).last.click()
        share_url = page.locator("#share-url").input_value()
        assert share_url.endswith(f"/collections/shared/{collection.share_token}/")
        assert page.console_errors == []

        visitor = new_page(chromium, width=390, height=844)  # a new context: signed out
        visitor.goto(share_url)
        items = visitor.locator(".collection-item h3").all_inner_texts()
        assert items == [p.title for p in three]
        assert visitor.get_by_role("link", name="เข้าสู่ระบบ").is_visible()
        screenshot(visitor, "collection-shared-390")
        assert visitor.console_errors == []

        titles = pick_collection_in_moodle(chromium, browser_platform, title="หุ่นยนต์ ปวส.1")
        assert titles == [p.title for p in three]  # one activity per item, in order


def test_oidc_sign_in_in_the_browser(live_server, oidc):
    site = live_server.url
    with browser() as chromium:
        page = new_page(chromium)
        page.goto(site + "/accounts/login/")
        page.get_by_role("link", name="เข้าสู่ระบบด้วย OVEC SSO").click()
        page.get_by_role("button").filter(has_text=re.compile("ดำเนินการต่อ|Continue")).click()
        try:
            page.wait_for_url("**/accounts/my-work/")
        finally:
            screenshot(page, "accounts-oidc-after-provider-1366")
        assert page.locator(".account-menu summary").is_visible()  # signed in
        assert "/token" in oidc.requests
        assert page.console_errors == []


SIGNED_OUT_PAGES = [
    ("/accounts/login/", "login"),
    ("/accounts/signup/", "signup"),
    ("/accounts/password/reset/", "password-reset"),
    ("/en/accounts/login/", "login-en"),
    ("/en/accounts/signup/", "signup-en"),
]
NEW_PAGES = [
    ("/accounts/my-work/", "my-work"),
    ("/accounts/profile/", "profile"),
    ("/collections/", "collections-mine"),
    ("{detail}", "collection-detail"),
    ("{save}", "collection-save"),
    ("{public}", "collection-public"),
    ("{people}", "profile-public"),
    ("/f64-11/", "bank-with-collections"),
]


def test_screenshots_and_axe_on_the_new_pages(live_server, three, django_user_model):
    from allauth.account.models import EmailAddress

    from accounts.models import Profile
    from resource_collections import services

    user = django_user_model.objects.create_user(
        "kanya", email="kanya@college.ac.th", password=PASSWORD
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    profile = Profile.objects.create(user=user, display_name="ครูกัญญา", role="teacher")
    collection = services.collection_create(owner=user, title="หุ่นยนต์ ปวส.1", visibility="public")
    for resource in three:
        services.collection_item_add(collection=collection, page=resource)
    from decimal import Decimal

    from accounts.services import reading_position_record
    from files.models import SimulatorAttempt

    for score in ("12", "18.5", "9"):
        SimulatorAttempt.objects.create(
            user=user, simulator=three[2], score=Decimal(score), max_score=Decimal("20")
        )
    reading_position_record(user=user, page=three[1], number=7)
    paths = {
        "detail": f"/collections/{collection.pk}/",
        "save": f"/collections/save/{three[0].pk}/",
        "public": f"/collections/public/{collection.pk}/",
        "people": f"/accounts/people/{profile.public_key}/",
    }
    site = live_server.url
    problems = {}
    with browser() as chromium:
        for width, height in ((1366, 900), (390, 844)):
            page = new_page(chromium, width=width, height=height, bypass_csp=True)
            for path, name in SIGNED_OUT_PAGES:
                response = page.goto(site + path)
                assert response.status == 200 and page.locator("#id_email, #id_login").count()
                screenshot(page, f"accounts-{name}-{width}")
                if width == 1366:
                    problems[name] = serious_axe_violations(page)
            page.goto(site + "/accounts/login/")
            page.fill("#id_login", "kanya@college.ac.th")
            page.fill("#id_password", PASSWORD)
            page.get_by_role("button", name="เข้าสู่ระบบ", exact=True).click()
            page.wait_for_url("**/accounts/my-work/")
            for path, name in NEW_PAGES:
                response = page.goto(site + path.format(**paths))
                assert response.status == 200, path
                screenshot(page, f"accounts-{name}-{width}")
                if width == 1366:
                    problems[name] = serious_axe_violations(page)
            page.context.close()
    assert {name: found for name, found in problems.items() if found} == {}
    assert len(problems) == len(SIGNED_OUT_PAGES) + len(NEW_PAGES)
