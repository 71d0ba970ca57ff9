"""One "Related resources" section on resource pages: ranked by similarity (title, keywords and
text; the same fields first), weak matches and restricted resources left out."""

from __future__ import annotations

import re

import pytest
from wagtail.models import PageViewRestriction

from search.backends import get_backend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_index(db):
    get_backend().clear()


def _related_titles(html: str) -> list[str]:
    if 'id="related-heading"' not in html:
        return []
    section = html.split('id="related-heading"')[1].split("</section>")[0]
    return re.findall(r'<h3><a href="[^"]*">([^<]*)</a></h3>', section)


@pytest.fixture
def robots(publish):
    page = publish(
        title="หุ่นยนต์แขนกลในงานเชื่อมโลหะ",
        summary="การโปรแกรมหุ่นยนต์แขนกลสำหรับงานเชื่อมในโรงงาน",
        external_id="arm",
    )
    publish(
        type="ebook",
        title="การบำรุงรักษาหุ่นยนต์แขนกล",
        summary="ตรวจเช็กหุ่นยนต์แขนกลและงานเชื่อม",
        external_id="arm-care",
    )
    publish(type="ebook", title="การบัญชีเบื้องต้นสำหรับร้านค้า", external_id="accounts")
    return page


def test_one_section_with_one_heading_id(client, robots):
    html = client.get(robots.url).content.decode()
    assert html.count('id="related-heading"') == 1
    assert html.count('class="type-section related-resources"') == 1


def test_similar_resources_listed_unrelated_ones_not(client, robots):
    titles = _related_titles(client.get(robots.url).content.decode())
    assert titles == ["การบำรุงรักษาหุ่นยนต์แขนกล"]


def test_same_field_ranks_before_another_field(client, publish, robots):
    publish(
        field="F64-06",
        title="การบำรุงรักษาหุ่นยนต์แขนกล ฉบับโรงแรม",
        summary="ตรวจเช็กหุ่นยนต์แขนกลและงานเชื่อม",
        external_id="arm-care-other",
    )
    titles = _related_titles(client.get(robots.url).content.decode())
    assert titles[0] == "การบำรุงรักษาหุ่นยนต์แขนกล"


def test_restricted_resources_never_listed(client, robots, after_commit, make_staff):
    from wagtail.models import Page

    with after_commit():
        PageViewRestriction.objects.create(
            page=Page.objects.get(slug="arm-care"), restriction_type=PageViewRestriction.LOGIN
        )
    assert _related_titles(client.get(robots.url).content.decode()) == []
    client.force_login(make_staff("someone", "F64-11"))
    assert _related_titles(client.get(robots.url).content.decode()) == []


def test_english_page_shows_english_titles(client, publish, robots):
    publish(
        title="หุ่นยนต์แขนกลเชื่อมโลหะขั้นสูง",
        title_en="Advanced robot-arm welding",
        summary="หุ่นยนต์แขนกลสำหรับงานเชื่อม",
        external_id="arm-adv",
    )
    titles = _related_titles(client.get("/en" + robots.url).content.decode())
    assert "Advanced robot-arm welding" in titles
