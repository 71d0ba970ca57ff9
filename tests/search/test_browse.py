"""/search/ without words browses everything with the facets (newest first); the header links to
it and to each type's listing ("All e-books" → /search/?type=ebook)."""

from __future__ import annotations

import re

import pytest

from content.models import RESOURCE_TYPES
from search.backends import get_backend

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_index(db):
    get_backend().clear()


def _hit_titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="[^"]*">([^<]*)</a></h2>', html)


def test_search_without_words_lists_everything_newest_first(client, publish):
    publish(type="research", title="งานวิจัยเก่า", external_id="old")
    publish(type="ebook", title="หนังสือใหม่", external_id="new")
    html = client.get("/search/").content.decode()
    assert _hit_titles(html) == ["หนังสือใหม่", "งานวิจัยเก่า"]
    assert 'class="facets"' in html and 'href="?type=ebook"' in html
    assert "เรียกดูสื่อและข้อมูลทั้งหมด" in html
    assert "เรียงจากใหม่ไปเก่า" in html
    assert 'aria-label="เรียงลำดับ"' not in html  # nothing to rank by relevance


def test_one_type_listing_is_titled_all_of_that_type(client, publish):
    publish(type="research", title="งานวิจัย ก", external_id="r")
    publish(type="simulator", title="สื่อจำลอง ข", external_id="s")
    html = client.get("/en/search/", {"type": "simulator"}).content.decode()
    assert _hit_titles(html) == ["สื่อจำลอง ข"]
    assert '<h1 id="search-heading">All simulators</h1>' in html


def test_header_links_every_type_listing(client):
    html = client.get("/").content.decode()
    menu = html.split('<details class="browse-menu">')[1].split("</details>")[0]
    assert 'href="/search/"' in menu
    for key in RESOURCE_TYPES:
        assert f'href="/search/?type={key}"' in menu
    assert "งานวิจัยทั้งหมด" in menu
    english = client.get("/en/").content.decode()
    assert 'href="/en/search/?type=ebook">All e-books</a>' in english


def test_browsing_query_count_is_bounded(client, publish, django_assert_max_num_queries):
    for n in range(12):
        publish(type="ebook", title=f"หนังสือเล่ม {n}", external_id=f"b{n}")
    with django_assert_max_num_queries(15):
        assert client.get("/search/", {"page": 2}).status_code == 200
