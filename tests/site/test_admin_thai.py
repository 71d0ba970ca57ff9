"""The admin a CVM editor or head uses all day speaks Thai, and loads nothing from other sites."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("english", "thai"),
    [
        ("Request changes", "ขอให้แก้ไข"),
        ("Approve with comment", "อนุมัติพร้อมความคิดเห็น"),
        ("Awaiting your review", "รอการตรวจของคุณ"),
        ("Reports", "รายงาน"),
        ("Pages", "หน้า"),  # the menu, not "number of pages"
        ("Workflow", "เวิร์กโฟลว์"),
        ("Locked pages", "หน้าที่ถูกล็อก"),
    ],
)
def test_wagtail_strings_of_the_editors_day_are_thai(english, thai):
    with translation.override("th"):
        assert gettext(english) == thai


def test_wagtail_plurals_and_django_time_since_are_thai():
    with translation.override("th"):
        assert ngettext("%(num)d minute", "%(num)d minutes", 26) % {"num": 26} == "26 นาที"


def test_the_admin_shows_thai_menus_and_no_gravatar(client, make_staff):
    client.force_login(make_staff("editor", "F64-11"))
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "gravatar.com" not in html
    assert "Reports" not in html  # the sidebar menu (JSON props) is translated
