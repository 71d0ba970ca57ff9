"""Bounded queries of the busiest pages, whatever their size (pages rendered whole each time:
the anonymous page cache is off; what every visitor sees alike comes from the fragment cache,
so these are the counts of a page once it has been shown since the last publish)."""

from __future__ import annotations

import pytest

from tests.content.factories import ResourcePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_cached_pages_rendered(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_EXCLUDED_PREFIXES = ("/",)  # every page rendered, none served whole


@pytest.fixture
def full_bank():
    pages = []
    for kind in ("research", "ebook", "elearning", "econtent", "simulator", "expert", "employer"):
        for n in range(8):
            pages.append(ResourcePageFactory(type=kind, title=f"{kind} {n}", field="F64-11"))
    return pages


def _second_request(client, url, django_assert_max_num_queries, limit):
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response  # rendered, not served whole
    return response


def test_bank_page_at_most_15_queries(client, full_bank, django_assert_max_num_queries):
    _second_request(client, "/f64-11/", django_assert_max_num_queries, 15)


def test_resource_page_at_most_15_queries(client, full_bank, django_assert_max_num_queries):
    _second_request(client, full_bank[0].url, django_assert_max_num_queries, 15)


@pytest.mark.parametrize("size", [20, 100])
def test_api_list_at_most_10_queries(client, full_bank, django_assert_max_num_queries, size):
    response = _second_request(
        client, f"/api/v1/resources/?page_size={size}", django_assert_max_num_queries, 10
    )
    assert len(response.json()["results"]) == min(size, len(full_bank))


def test_publishing_shows_at_once_on_the_bank_page(client, full_bank):
    client.get("/f64-11/")
    ResourcePageFactory(type="research", title="งานวิจัยที่เพิ่งเผยแพร่", field="F64-11")
    assert "งานวิจัยที่เพิ่งเผยแพร่" in client.get("/f64-11/?type=research").content.decode()
