"""/search/: the page, facets in the URL, Thai and English, query count, CSP."""

from __future__ import annotations

import pytest

from search.backends import get_backend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_index(db):
    get_backend().clear()


def test_search_page_thai(client, publish):
    publish(
        type="research",
        title="การออกแบบระบบไฮดรอลิกส์",
        summary="การคำนวณแรงดันในระบบไฮดรอลิกส์ของเครื่องจักร",
        external_id="h1",
        year=2024,
    )
    response = client.get("/search/", {"q": "ไฮดรอลิกส์"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "การออกแบบระบบไฮดรอลิกส์" in html
    assert "<mark>" in html
    assert "type-research" in html
    assert "Content-Security-Policy" in response.headers


def test_search_page_english(client, publish):
    publish(type="research", title="ไฮดรอลิกส์", title_en="Hydraulics design", external_id="h1")
    response = client.get("/en/search/", {"q": "hydraulics"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hydraulics design" in html
    assert 'lang="en"' in html


def test_facet_links_keep_filters_in_the_url(client, publish):
    publish(type="research", title="หุ่นยนต์ A", external_id="a")
    publish(type="ebook", title="หุ่นยนต์ B", external_id="b")
    html = client.get("/search/", {"q": "หุ่นยนต์", "type": "ebook"}).content.decode()
    assert 'name="type" value="ebook"' in html  # the search box keeps the filter
    assert "?q=%E0%B8%AB%E0%B8%B8%E0%B9%88%E0%B8%99%E0%B8%A2%E0%B8%99%E0%B8%95%E0%B9%8C" in html
    assert 'aria-current="true"' in html


def test_no_results_and_suggestion(client, publish):
    publish(title="เครื่องยนต์", summary="engine maintenance", external_id="e")
    html = client.get("/search/", {"q": "maintenence"}).content.decode()
    assert "maintenance" in html  # did you mean


def test_empty_page_offers_an_empty_search_box(client):
    html = client.get("/search/").content.decode()
    assert '<input id="search-q" type="search" name="q" value=""' in html


def test_listing_query_count_is_bounded(client, publish, django_assert_max_num_queries):
    for n in range(12):
        publish(type="ebook", title=f"การเกษตรอัจฉริยะ เล่ม {n}", external_id=f"a{n}", year=2024)
    with django_assert_max_num_queries(15):
        response = client.get("/search/", {"q": "เกษตร", "page": 2})
    assert response.status_code == 200


def _queries_for(client, params) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/search/", params).content.decode()
    assert "Save to a collection" in html or "บันทึกลงคอลเลกชัน" in html
    return len(queries.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_save_control_on_hits_costs_no_query_per_hit(client, publish, make_staff, signed_in):
    for n in range(12):
        publish(type="ebook", title=f"การเกษตรอัจฉริยะ เล่ม {n}", external_id=f"a{n}", year=2024)
    if signed_in:
        client.force_login(make_staff("teacher", "F64-11"))
    _queries_for(client, {"q": "เกษตร", "page": 2})  # sessions, sites: first-request caches
    # Ten hits on page 1 cost no more queries than two on page 2 (page 2 counts the pages).
    assert _queries_for(client, {"q": "เกษตร"}) <= _queries_for(client, {"q": "เกษตร", "page": 2})


def test_post_is_refused(client):
    assert client.post("/search/", {"q": "x"}).status_code == 405


def test_related_resources_tag(rf, publish):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    a = publish(title="การเชื่อมไฟฟ้าด้วยลวดเชื่อม", summary="ลวดเชื่อม กระแสไฟ", external_id="a")
    publish(title="ลวดเชื่อมและกระแสไฟในงานเชื่อม", external_id="b")
    request = rf.get("/")
    request.user = AnonymousUser()
    html = Template("{% load search_tags %}{% related_resources page %}").render(
        Context({"page": a, "request": request})
    )
    assert "ลวดเชื่อมและกระแสไฟในงานเชื่อม" in html
    assert "การเชื่อมไฟฟ้าด้วยลวดเชื่อม" not in html
