"""Wagtail's own admin page search finds Thai words inside sentences."""

import pytest
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from search.wagtail_backend import thai_segmented

pytestmark = pytest.mark.django_db


def test_configured_backend_segments_thai(settings):
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == "search.wagtail_backend"
    backend = get_search_backend()
    assert type(backend).__name__.startswith("Thai")


def test_thai_word_inside_a_title_is_found(publish):
    page = publish(title="คู่มือการบำรุงรักษาเครื่องจักรกลเกษตร", external_id="agri")
    backend = get_search_backend()
    backend.add(page)
    found = list(backend.search("บำรุงรักษา", Page.objects.all()))
    assert page.pk in [p.pk for p in found]
    autocomplete = list(backend.autocomplete("เครื่องจักร", Page.objects.all()))
    assert page.pk in [p.pk for p in autocomplete]


def test_admin_page_search_view(client, publish, make_staff):
    page = publish(title="ระบบสูบน้ำพลังงานแสงอาทิตย์", external_id="solar")
    get_search_backend().add(page)
    staff = make_staff("ovec-admin", "OVEC")
    client.force_login(staff)
    response = client.get("/admin/pages/search/", {"q": "พลังงาน"})
    assert response.status_code == 200
    assert "ระบบสูบน้ำพลังงานแสงอาทิตย์" in response.content.decode()


def test_segmentation_helper():
    assert thai_segmented("ระบบควบคุม") == "ระบบ ควบคุม"
