import re

import pytest
from django.utils import translation

from content.models import FieldOfStudy

pytestmark = pytest.mark.django_db


def test_home_is_thai_at_the_root(client):
    response = client.get("/")
    assert response.status_code == 200
    # Headings carry Thai line-break markup (thai_wbr): compare the page's text.
    html = re.sub(r"<(?!html)[^>]+>", "", response.content.decode())
    assert '<html lang="th">' in html
    assert "คลังปัญญาอาชีวศึกษา" in html
    assert "สาขาวิชาเมคคาทรอนิกส์และหุ่นยนต์" in html
    # Fields are grouped under the ten target industries, with the interface in Thai.
    assert "ยานยนต์สมัยใหม่" in html
    assert "สาขาวิชาตามอุตสาหกรรมเป้าหมาย" in html
    assert "Fields of study by target industry" not in html


def test_home_is_english_under_en(client):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Mechatronics and Robotics" in html
    assert "Fields of study by target industry" in html
    # Links stay in English.
    assert 'href="/en/f64-11/"' in html


def test_every_field_page_renders_in_both_languages(client):
    for field in FieldOfStudy.objects.select_related("host_college"):
        slug = field.code.lower()
        thai = client.get(f"/{slug}/")
        assert thai.status_code == 200, field.code
        assert field.host_college.name_th in thai.content.decode()
    thai = client.get("/f64-11/").content.decode()
    assert "สถานศึกษาที่ตั้งศูนย์ (CVM)" in thai
    english = client.get("/en/f64-11/").content.decode()
    assert "Sattahip Technical College" in english
    assert "Host college (CVM)" in english


def test_fiscal_year_is_buddhist_era_in_thai_and_gregorian_in_english(client):
    assert "พ.ศ. 2564" in client.get("/f64-11/").content.decode()
    assert "2021" in client.get("/en/f64-11/").content.decode()


def test_language_switcher_links_to_the_same_page(client):
    html = client.get("/f66-17/").content.decode()
    assert 'href="/en/f66-17/"' in html
    with translation.override("en"):
        html = client.get("/en/f66-17/").content.decode()
    assert 'href="/f66-17/"' in html


def test_home_page_query_count_does_not_depend_on_field_count(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        client.get("/")


def test_pages_send_a_content_security_policy(client):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_unknown_page_is_404(client):
    assert client.get("/no-such-bank/").status_code == 404
