"""Object storage against a real S3 protocol server on loopback (moto in server mode)."""

from __future__ import annotations

import urllib.error
import urllib.request

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from wagtail.models import PageViewRestriction

from files.models import DocumentText, SimulatorPackageBuild

from .conftest import BUCKET, bucket_keys
from .factories import simulator_zip_bytes, thai_pdf_bytes


def _http_get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_upload_read_and_delete(s3_storage):
    name = default_storage.generate_filename("tests/ภาษาไทย มีช่องว่าง.txt")
    assert name == "tests/ภาษาไทย_มีช่องว่าง.txt"  # Thai marks kept, spaces → _
    name = default_storage.save(name, ContentFile("สวัสดี".encode()))
    assert name in bucket_keys(s3_storage)
    with default_storage.open(name) as handle:
        assert handle.read().decode() == "สวัสดี"
    default_storage.delete(name)
    assert bucket_keys(s3_storage) == []


def test_presigned_url_downloads_over_http_and_expires_soon(s3_storage):
    name = default_storage.save("tests/book.pdf", ContentFile(b"%PDF-1.7 test"))
    url = default_storage.url(name)
    assert "X-Amz-Signature=" in url or "Signature=" in url
    assert "X-Amz-Expires=300" in url or "Expires=" in url
    status, body = _http_get(url)
    assert (status, body) == (200, b"%PDF-1.7 test")
    default_storage.delete(name)


def test_document_on_s3_is_extracted_served_by_redirect_and_deleted(
    s3_storage, make_document, make_ebook_page, client
):
    document = make_document(thai_pdf_bytes(2), "ตำรา เครื่องกล.pdf")
    assert document.file.name in bucket_keys(s3_storage)
    assert DocumentText.objects.filter(document=document).count() == 2
    make_ebook_page(document)
    response = client.get(document.url)
    assert response.status_code == 302
    status, body = _http_get(response["Location"])
    assert status == 200 and body.startswith(b"%PDF-")
    reader = client.get(f"/files/documents/{document.pk}/read/")
    assert reader.status_code == 200
    assert b"".join(reader.streaming_content).startswith(b"%PDF-")
    keys_before = bucket_keys(s3_storage)
    assert any(key.startswith("original_images/cover-document") for key in keys_before)
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        document.delete()
    remaining = [key for key in bucket_keys(s3_storage) if not key.startswith("images/")]
    assert remaining == [], remaining


def test_restricted_page_document_is_refused(
    s3_storage, make_document, make_ebook_page, client, django_user_model
):
    document = make_document(thai_pdf_bytes(1), "private.pdf")
    page = make_ebook_page(document, slug="private-book")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    assert restriction.pk
    anonymous = client.get(document.url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert "X-Amz" not in anonymous["Location"]
    reader = client.get(f"/files/documents/{document.pk}/read/")
    assert reader.status_code == 302 and "login" in reader["Location"]
    PageViewRestriction.objects.filter(pk=restriction.pk).update(
        restriction_type=PageViewRestriction.GROUPS
    )
    user = django_user_model.objects.create_user("student", password="pw-test-1234")
    client.force_login(user)
    assert client.get(document.url).status_code == 403
    assert client.get(f"/files/documents/{document.pk}/read/").status_code == 403


def test_simulator_package_unpacked_on_s3_and_served_from_the_sandbox(
    s3_storage, make_document, make_simulator_page, client
):
    document = make_document(simulator_zip_bytes(), "จำลอง PLC.zip")
    build = SimulatorPackageBuild.objects.get(document=document)
    keys = bucket_keys(s3_storage)
    assert f"{build.prefix}index.html" in keys and f"{build.prefix}css/style.css" in keys
    page = make_simulator_page(package=document)
    html = client.get(page.url).content.decode()
    assert f"/files/simulators/{build.key}/" in html
    from files import selectors

    view = selectors.simulator_view(page=page, request=client.get(page.url).wsgi_request)
    response = client.get(view.frame_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"<!DOCTYPE html>")
    assert BUCKET


def test_settings_choose_s3_from_the_environment(monkeypatch):
    from intelligent_center.settings import env, storage

    monkeypatch.setattr(env, "AWS_STORAGE_BUCKET_NAME", "ic-media")
    monkeypatch.setattr(env, "AWS_S3_ENDPOINT_URL", "https://minio.college.ac.th:9000")
    monkeypatch.setattr(env, "AWS_S3_CUSTOM_DOMAIN", "")
    settings_s3 = storage.storages_settings(manifest_static=True)
    assert settings_s3["default"]["BACKEND"] == "files.storage.UnicodeNameS3Storage"
    options = settings_s3["default"]["OPTIONS"]
    assert options["bucket_name"] == "ic-media"
    assert options["endpoint_url"] == "https://minio.college.ac.th:9000"
    assert options["querystring_auth"] is True and options["querystring_expire"] == 300
    # Static files stay on the web nodes (WhiteNoise), never in the bucket.
    assert settings_s3["staticfiles"]["BACKEND"] == (
        "intelligent_center.staticfiles.GzipManifestStaticFilesStorage"
    )
    assert storage.media_origins() == ["https://minio.college.ac.th:9000"]
    monkeypatch.setattr(env, "AWS_STORAGE_BUCKET_NAME", "")
    local = storage.storages_settings(manifest_static=False)
    assert local["default"]["BACKEND"] == "files.storage.UnicodeNameFileSystemStorage"
    assert storage.media_origins() == []
