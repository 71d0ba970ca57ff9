"""The anonymous page cache: a second visitor gets the stored page; publishing anything shows at
once; signed-in visitors and per-user answers are never stored; cached views are still counted."""

from __future__ import annotations

import pytest

from tests.content.factories import ResourcePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_second_anonymous_visit_is_served_from_the_cache(client, django_assert_max_num_queries):
    assert client.get("/f64-11/")["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(0):
        response = client.get("/f64-11/")
    assert response["X-Page-Cache"] == "hit"


def test_publishing_starts_afresh(client):
    client.get("/f64-11/")
    ResourcePageFactory(type="research", title="งานวิจัยใหม่ล่าสุด", field="F64-11")
    response = client.get("/f64-11/")
    assert response["X-Page-Cache"] == "miss"
    assert "งานวิจัยใหม่ล่าสุด" in response.content.decode()


def test_unpublishing_starts_afresh(client):
    page = ResourcePageFactory(type="research", title="งานวิจัยที่จะถอน", field="F64-11")
    assert client.get(page.url).status_code == 200
    page.unpublish()
    assert client.get(page.url).status_code == 404


def test_signed_in_visitors_always_get_a_fresh_page(client, admin_user):
    client.force_login(admin_user)
    client.get("/f64-11/")
    assert "X-Page-Cache" not in client.get("/f64-11/")


def test_admin_and_health_are_never_cached(client):
    client.get("/readyz")
    assert "X-Page-Cache" not in client.get("/readyz")


def test_a_cached_view_is_still_counted(client, django_capture_on_commit_callbacks):
    from workforce.models import UsageDaily

    page = ResourcePageFactory(type="research", field="F64-11")
    with django_capture_on_commit_callbacks(execute=True):
        client.get(page.url)
        client.get(page.url)
    assert client.get(page.url)["X-Page-Cache"] == "hit"
    views = UsageDaily.objects.filter(page_id=page.pk, kind="view")
    assert sum(views.values_list("count", flat=True)) == 2


def test_one_request_renders_after_a_publish_the_others_get_the_previous_copy(client):
    from intelligent_center.page_cache import page_cache_clear

    client.get("/f64-11/")
    page_cache_clear()
    rendering = client.get("/f64-11/")  # takes the render turn (and stores the new copy)
    assert rendering["X-Page-Cache"] == "miss"
    assert client.get("/f64-11/")["X-Page-Cache"] == "hit"


def test_a_page_that_went_away_is_not_served_from_an_older_copy(client):

    page = ResourcePageFactory(type="research", field="F64-11")
    client.get(page.url)
    page.unpublish()
    # the first request after unpublishing renders (404) and drops the older copy for all
    assert client.get(page.url).status_code == 404
    assert client.get(page.url).status_code == 404


def test_while_another_request_renders_the_previous_copy_is_served(client):
    from django.core.cache import cache
    from django.test import RequestFactory

    from intelligent_center.page_cache import _key, page_cache_clear

    client.get("/f64-11/")
    page_cache_clear()
    cache.add(_key(RequestFactory().get("/f64-11/"), "testserver") + ":render", 1, 10)
    assert client.get("/f64-11/")["X-Page-Cache"] == "stale"


def test_publishing_while_the_cache_is_down_still_publishes(monkeypatch, caplog):
    """An editor's publish must not fail because Redis (or the cache table) is unreachable."""
    from django.core.cache import cache
    from django.db import OperationalError

    def down(*args, **kwargs):
        raise OperationalError("the cache is unreachable")

    monkeypatch.setattr(cache, "incr", down)
    page = ResourcePageFactory(type="research", title="งานวิจัยตอนแคชล่ม", field="F64-11")
    assert page.live
    assert "page cache not cleared" in caplog.text


def test_a_bug_in_clearing_the_cache_is_not_hidden(monkeypatch):
    from django.core.cache import cache

    from intelligent_center.page_cache import page_cache_clear

    def bug(*args, **kwargs):
        raise TypeError("a bug")

    monkeypatch.setattr(cache, "incr", bug)
    with pytest.raises(TypeError):
        page_cache_clear()
