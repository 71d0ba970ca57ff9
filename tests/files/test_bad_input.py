"""Bad input: each gets a clear message, nothing is half-saved, storage holds no orphans."""

from __future__ import annotations

import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from files import services, validation
from files.forms import ValidatedDocumentForm
from files.models import SimulatorPackageBuild

from .conftest import media_files
from .factories import (
    encrypted_pdf_bytes,
    epub_bytes,
    image_bomb_bytes,
    simulator_zip_bytes,
    thai_pdf_bytes,
    zip_bomb_bytes,
    zip_bytes,
)


@pytest.fixture
def ovec(make_staff):
    return make_staff("ovec-files", "OVEC")


def _document_form(upload, user):
    from wagtail.documents.forms import get_document_form

    form_class = get_document_form(get_document_model())
    assert issubclass(form_class, ValidatedDocumentForm)
    from wagtail.models import Collection

    return form_class(
        data={"title": "ทดสอบ", "collection": Collection.get_first_root_node().pk},
        files={"file": upload},
        user=user,
    )


BAD_FILES = [
    ("html.pdf", b"<!DOCTYPE html><html><head></head><body>hello</body></html>", "not_pdf", "HTML"),
    ("locked.pdf", None, "encrypted", "encrypted"),
    ("broken.epub", None, "corrupt", "damaged or incomplete"),
    ("bomb.zip", None, "zip_bomb", "zip bomb"),
    ("escape.zip", None, "unsafe_path", ".."),
    ("link.zip", None, "symlink", "symbolic link"),
    ("noindex.zip", None, "no_index", "index.html"),
    ("exe.zip", None, "file_type", "not allowed"),
]


def _bad_bytes(name: str) -> bytes:
    if name == "locked.pdf":
        return encrypted_pdf_bytes()
    if name == "broken.epub":
        whole = epub_bytes()
        return whole[: len(whole) // 2]
    if name == "bomb.zip":
        return zip_bomb_bytes()
    if name == "escape.zip":
        return zip_bytes({"index.html": b"<html></html>", "../../etc/cron.d/evil.js": b"x"})
    if name == "link.zip":
        return zip_bytes({"index.html": b"<html></html>"}, symlinks=("assets/data.js",))
    if name == "noindex.zip":
        return zip_bytes({"main.html": b"<html></html>"})
    if name == "exe.zip":
        return simulator_zip_bytes({"tool.exe": b"MZ\x90\x00"})
    raise AssertionError(name)


@pytest.mark.parametrize(("name", "data", "code", "english"), BAD_FILES)
def test_bad_upload_is_refused_with_a_clear_message(
    db, media_root, ovec, name, data, code, english
):
    data = data if data is not None else _bad_bytes(name)
    with translation.override("en"):
        form = _document_form(SimpleUploadedFile(name, data), ovec)
        assert not form.is_valid()
        assert english in " ".join(form.errors["file"])
    with translation.override("th"):
        form = _document_form(SimpleUploadedFile(name, data), ovec)
        assert not form.is_valid()
        thai = " ".join(form.errors["file"])
        assert any("\u0e00" <= char <= "\u0e7f" for char in thai), thai
    with pytest.raises(ValidationError) as caught:
        validation.inspect_document(fileobj=io.BytesIO(data), name=name, size=len(data))
    assert caught.value.code == code
    assert get_document_model().objects.count() == 0
    assert media_files(media_root) == []


def test_two_gigabyte_file_is_refused_by_size_before_reading(db, media_root, tmp_path):
    path = tmp_path / "huge.pdf"
    with open(path, "wb") as handle:  # sparse: 2 GB on paper, nothing on disk
        handle.truncate(2 * 1024 * 1024 * 1024)
    os.chmod(path, 0)  # reading it would fail: the size check must come first
    try:
        with pytest.raises(ValidationError) as caught:
            services.document_create_from_path(path=path, title="huge")
    finally:
        os.chmod(path, 0o600)
    assert caught.value.code == "file_too_large"
    assert "2.0" in " ".join(caught.value.messages)
    assert get_document_model().objects.count() == 0
    assert media_files(media_root) == []


def test_two_gigabyte_upload_request_is_refused_from_its_content_length(client, ovec, media_root):
    client.force_login(ovec)
    body = b'--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nbig\r\n--x--\r\n'
    response = client.generic(
        "POST",
        reverse("wagtaildocs:add"),
        data=body,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(2 * 1024 * 1024 * 1024),
    )
    assert response.status_code == 413
    text = response.content.decode()
    # The whole request's limit (REQUEST_MAX_BYTES), in Thai and in English.
    assert "ไฟล์ที่อัปโหลดมีขนาด 2.0\xa0GB แต่อนุญาตสูงสุด 210.0\xa0MB" in text
    assert "This upload is 2.0\xa0GB; the largest allowed is 210.0\xa0MB" in text
    assert get_document_model().objects.count() == 0
    assert media_files(media_root) == []


def test_thai_file_name_with_spaces_is_accepted_and_served(client, ovec, media_root):
    client.force_login(ovec)
    from wagtail.models import Collection

    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "คู่มือ งานกลึง",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("คู่มือ งานกลึง เล่ม 1.pdf", thai_pdf_bytes(1)),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = get_document_model().objects.get()
    assert document.file_extension == "pdf"
    assert document.filename == "คู่มือ_งานกลึง_เล่ม_1.pdf"  # marks kept (Django drops them)
    download = client.get(document.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert len(media_files(media_root)) >= 1
    document.delete()


def test_admin_upload_of_a_fake_pdf_shows_the_message_and_saves_nothing(client, ovec, media_root):
    client.force_login(ovec)
    from wagtail.models import Collection

    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "fake",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("fake.pdf", b"<html><body>hi</body></html>"),
        },
        HTTP_ACCEPT_LANGUAGE="th",
    )
    assert response.status_code == 200
    assert "PDF" in response.content.decode()
    assert get_document_model().objects.count() == 0
    assert media_files(media_root) == []


def test_image_bomb_is_refused(client, ovec, media_root):
    client.force_login(ovec)
    from wagtail.models import Collection

    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "bomb",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("bomb.png", image_bomb_bytes(), content_type="image/png"),
        },
    )
    assert response.status_code == 200
    # The admin speaks Thai: Wagtail's own message, in the project's Thai translation.
    assert "ไฟล์นี้มีจำนวนพิกเซลมากเกินไป" in response.content.decode()
    assert get_image_model().objects.count() == 0
    assert media_files(media_root) == []


def test_failed_unpack_leaves_no_files(db, media_root, make_document, monkeypatch):
    document = make_document(simulator_zip_bytes(), "sim.zip")
    assert SimulatorPackageBuild.objects.filter(document=document).exists()
    before = media_files(media_root)

    from django.core.files.storage import default_storage

    real_save = default_storage.save
    calls = {"n": 0}

    def failing_save(name, content, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real_save(name, content, *args, **kwargs)

    monkeypatch.setattr(default_storage, "save", failing_save)
    with pytest.raises(OSError):
        services.simulator_package_build(document=document)
    assert media_files(media_root) == before


def test_refused_document_gives_one_reason_not_a_bogus_extension_message(client, ovec):
    from wagtail.models import Collection

    client.force_login(ovec)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "ไม่ใช่ PDF",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("html.pdf", b"<!DOCTYPE html><html></html>"),
        },
    )
    text = response.content.decode()
    assert "ไม่ใช่ PDF แม้ชื่อจะลงท้ายด้วย .pdf" in text
    assert "File extension “” is not allowed" not in text
    assert get_document_model().objects.count() == 0


def test_file_that_only_starts_like_a_gif_is_a_form_error(client, ovec, media_root):
    from wagtail.models import Collection

    client.force_login(ovec)
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "junk",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(
                "junk.gif", b"GIF89a" + b"\x00junk" * 50, content_type="image/gif"
            ),
        },
    )
    assert response.status_code == 200  # the form again, with its error; once a 500
    assert "ไฟล์ที่อัพโหลดไปไม่ใช่รูป หรือรูปเสียหาย" in response.content.decode()
    assert get_image_model().objects.count() == 0
    assert media_files(media_root) == []
