"""Thai slugs keep their vowels and tone marks, in the admin and in code."""

import io
from urllib.parse import unquote

import pytest

from content.models import ResearchPage
from content.slugs import thai_slugify

from .test_workflow import _add_url, _form

TITLE = "คู่มือการบำรุงรักษา เครื่อง CNC"
FULL = "คู่มือการบำรุงรักษา-เครื่อง-cnc"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (TITLE, FULL),
        ("น้ำมันหล่อลื่น", "น้ำมันหล่อลื่น"),  # ำ stays one character (NFC), not ํ + า
        ("ผู้เชี่ยวชาญ: ระบบ PLC (ขั้นสูง)", "ผู้เชี่ยวชาญ-ระบบ-plc-ขั้นสูง"),
        ("  --ก่อน   หลัง--  ", "ก่อน-หลัง"),
    ],
)
def test_thai_slugify_keeps_every_thai_character(title, slug):
    assert thai_slugify(title) == slug


@pytest.mark.django_db
def test_a_page_added_in_the_admin_keeps_the_marks_its_title_has(client, make_staff):
    client.force_login(make_staff("head-slug", "F64-11"))
    lossy = "คมอการบำรงรกษา-เครอง-cnc"  # what Wagtail's admin puts in the slug field
    response = client.post(
        _add_url("F64-11"),
        _form(TITLE, slug=lossy, external_id="slug-test", **{"action-publish": "publish"}),
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    page = ResearchPage.objects.get(external_id="slug-test")
    assert page.slug == FULL
    assert client.get(f"/f64-11/{FULL}/").status_code == 200


@pytest.mark.django_db
def test_a_slug_the_editor_typed_is_left_alone(client, make_staff):
    client.force_login(make_staff("head-slug2", "F64-11"))
    response = client.post(
        _add_url("F64-11"),
        _form(TITLE, slug="cnc-maintenance", external_id="slug-typed", **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    assert ResearchPage.objects.get(external_id="slug-typed").slug == "cnc-maintenance"


@pytest.mark.django_db
def test_restoring_an_old_lossy_slug_keeps_its_old_address_working(
    client, django_capture_on_commit_callbacks
):
    from django.core.management import call_command
    from wagtail.models import Page

    from .factories import ResourcePageFactory

    page = ResourcePageFactory(title=TITLE, external_id="slug-old")
    lossy = "คมอการบำรงรกษา-เครอง-cnc"  # a slug made before slugs kept their marks
    Page.objects.filter(pk=page.pk).update(slug=lossy, url_path=f"/home/f64-11/{lossy}/")
    page.latest_revision.content["slug"] = lossy
    page.latest_revision.save(update_fields=["content"])

    with django_capture_on_commit_callbacks(execute=True):
        call_command("restore_thai_slugs", stdout=io.StringIO())

    page.refresh_from_db()
    assert page.slug == FULL
    response = client.get(f"/f64-11/{lossy}/")
    assert response.status_code == 301
    assert unquote(response["Location"]).endswith(f"/f64-11/{FULL}/")
