"""A document is public only when a live page uses it in its live revision and every such page is
public: fresh uploads and draft-only attachments stay private (through Wagtail's serve view and
our reader)."""

from __future__ import annotations

import pytest
from django.apps import apps
from wagtail.models import PageViewRestriction

from .factories import thai_pdf_bytes

pytestmark = pytest.mark.django_db


def reader_url(document) -> str:
    return f"/files/documents/{document.pk}/read/"


@pytest.fixture
def student(django_user_model):
    return django_user_model.objects.create_user("student-doc", password="pw-test-1234")


def test_a_fresh_upload_is_private_until_a_page_using_it_is_published(
    client, make_document, make_ebook_page
):
    document = make_document(thai_pdf_bytes(1), "fresh.pdf")
    assert client.get(document.url).status_code == 404
    assert client.get(reader_url(document)).status_code == 404
    make_ebook_page(document, slug="now-public")
    assert client.get(document.url).status_code == 200


def test_the_fields_editors_read_its_unpublished_upload_other_fields_do_not(
    client, make_document, make_staff
):
    from content.models import FieldOfStudy
    from content.services import field_collection_ensure

    document = make_document(thai_pdf_bytes(1), "draft-work.pdf")
    document.collection = field_collection_ensure(
        field_of_study=FieldOfStudy.objects.get(code="F64-11")
    )
    document.save()
    client.force_login(make_staff("cvm-other-field", "F66-17"))
    assert client.get(document.url).status_code == 404
    client.force_login(make_staff("cvm-doc-editor", "F64-11"))
    assert client.get(document.url).status_code == 200


def test_a_signed_in_student_cannot_read_an_unpublished_upload(client, make_document, student):
    document = make_document(thai_pdf_bytes(1), "not-yet.pdf")
    client.force_login(student)
    assert client.get(document.url).status_code == 404


def test_attached_to_a_restricted_page_only_in_a_draft_stays_private(
    client, make_document, make_ebook_page
):
    published = make_document(thai_pdf_bytes(1), "live-book.pdf")
    page = make_ebook_page(published, slug="restricted-book")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    drafted = make_document(thai_pdf_bytes(1), "draft-book.pdf")
    page.book = drafted
    page.save_revision()  # saved, not published: the live row still holds the first book
    assert apps.get_model("content", "EBookPage").objects.get(pk=page.pk).book_id == published.pk
    assert client.get(drafted.url).status_code == 404


def test_a_document_also_used_by_a_restricted_live_page_is_restricted(
    client, make_document, make_ebook_page
):
    document = make_document(thai_pdf_bytes(1), "shared.pdf")
    make_ebook_page(document, slug="open-copy")
    closed = make_ebook_page(document, slug="closed-copy", title="ฉบับสมาชิก")
    PageViewRestriction.objects.create(page=closed, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(document.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_unpublishing_the_only_page_makes_the_document_private_again(
    client, make_document, make_ebook_page
):
    document = make_document(thai_pdf_bytes(1), "withdrawn.pdf")
    page = make_ebook_page(document, slug="withdrawn")
    assert client.get(document.url).status_code == 200
    page.unpublish()
    assert client.get(document.url).status_code == 404


@pytest.fixture
def debug_urls(settings):
    """The URLs as ``make run`` (DEBUG) builds them, restored afterwards."""
    import importlib

    from django.urls import clear_url_caches

    import intelligent_center.urls

    settings.DEBUG = True
    importlib.reload(intelligent_center.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(intelligent_center.urls)
    clear_url_caches()


def test_development_media_url_never_bypasses_the_document_check(
    client, media_root, make_document, debug_urls
):
    from pathlib import Path

    document = make_document(thai_pdf_bytes(1), "private-dev.pdf")
    assert client.get(document.url).status_code == 404
    assert client.get(f"/media/{document.file.name}").status_code == 404
    # Images stay reachable in development, so the refusal is about documents.
    image = Path(media_root) / "images" / "x.txt"
    image.parent.mkdir()
    image.write_text("image")
    assert client.get("/media/images/x.txt").status_code == 200
