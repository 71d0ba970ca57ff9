"""Local media with DEBUG off, in every mode: /media/ serves images only; documents go through
their permission check; with X-Accel-Redirect configured nginx sends the bytes, never unchecked."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from tests.content.factories import ResourcePageFactory

ACCEL = "/protected-media/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "original_images").mkdir()
    (tmp_path / "original_images" / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n-image-")
    return tmp_path


@pytest.fixture
def document(media, db):
    doc = get_document_model()(title="คู่มือ")
    doc.file = ContentFile(PDF, name="manual.pdf")
    doc._ic_skip_processing = True
    doc.save()
    return doc


def test_images_are_served_from_media(client, media):
    response = client.get("/media/original_images/cover.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG\r\n\x1a\n-image-"


def test_images_are_handed_to_nginx_when_configured(client, media, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = ACCEL
    response = client.get("/media/original_images/cover.png")
    assert response["X-Accel-Redirect"] == "/protected-media/original_images/cover.png"
    assert response.content == b""


@pytest.mark.django_db
def test_documents_are_never_served_from_media(client, document):
    assert Path(document.file.path).is_file()
    assert client.get(f"/media/{document.file.name}").status_code == 404


@pytest.mark.django_db
def test_climbing_out_of_images_reaches_nothing(client, document):
    assert client.get(f"/media/images/../{document.file.name}").status_code == 404


@pytest.mark.django_db
def test_unpublished_document_is_404_with_nothing_for_nginx(client, document, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = ACCEL
    response = client.get(document.url)
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


@pytest.mark.django_db
def test_published_document_is_checked_then_sent_by_nginx(client, document, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = ACCEL
    ResourcePageFactory(type="ebook", book=document)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"{ACCEL}{document.file.name}"


@pytest.mark.django_db
def test_published_document_is_streamed_without_nginx(client, document):
    ResourcePageFactory(type="ebook", book=document)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
