"""Files in the resources import: a record's ``file`` is read only from inside the import (the
command: the records file's folder; the admin: the uploaded zip), and the messages tell nothing
about what exists outside it. The attacks go through the real command and the real admin view."""

from __future__ import annotations

import html
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from wagtail.documents import get_document_model

from content.models import EBookPage
from tests.files.factories import thai_pdf_bytes

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/content/import/"


def _ebook(n: int, file: str) -> dict:
    return {
        "external_id": f"sec-{n}",
        "type": "ebook",
        "title": f"หนังสือ {n}",
        "field": "F64-11",
        "file": file,
    }


def _jsonl(records: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def _command(path: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_resources", str(path), stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, err.getvalue()
    return 0, err.getvalue()


@pytest.fixture
def folders(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    inside, outside = tmp_path / "import", tmp_path / "outside"
    inside.mkdir()
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(thai_pdf_bytes(1))
    return inside, outside


def _nothing_imported() -> bool:
    return (
        not EBookPage.objects.filter(external_id__startswith="sec-").exists()
        and not get_document_model().objects.exists()
    )


def _message(err: str) -> str:
    """The problem of line 1, with the name the record gave left out."""
    line = next(line for line in err.splitlines() if line.startswith("line 1"))
    return line.split(": ", 1)[1]


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink"])
def test_command_refuses_files_outside_the_import_folder(folders, how):
    inside, outside = folders
    names = {
        "absolute": (str(outside / "secret.pdf"), str(outside / "missing.pdf")),
        "dotdot": ("../outside/secret.pdf", "../outside/missing.pdf"),
        "symlink": ("link.pdf", "dangling.pdf"),
    }[how]
    (inside / "link.pdf").symlink_to(outside / "secret.pdf")
    (inside / "dangling.pdf").symlink_to(outside / "missing.pdf")
    existing = inside / "a.jsonl"
    existing.write_bytes(_jsonl([_ebook(1, names[0])]))
    code, err = _command(existing)
    assert code == 1
    assert "relative path inside the import's folder" in err, err
    assert _nothing_imported()
    # No oracle: a name outside that does not exist gets the very same answer.
    missing = inside / "b.jsonl"
    missing.write_bytes(_jsonl([_ebook(1, names[1])]))
    code, err_missing = _command(missing)
    assert code == 1
    assert _message(err).replace(names[0], "X") == _message(err_missing).replace(names[1], "X")


def test_command_takes_files_inside_the_folder_including_subfolders_and_inner_links(folders):
    inside, _outside = folders
    (inside / "books").mkdir()
    (inside / "books" / "เล่ม 1.pdf").write_bytes(thai_pdf_bytes(2))
    (inside / "same.pdf").symlink_to(inside / "books" / "เล่ม 1.pdf")
    path = inside / "ok.jsonl"
    path.write_bytes(_jsonl([_ebook(1, "books/เล่ม 1.pdf"), _ebook(2, "same.pdf")]))
    code, err = _command(path)
    assert code == 0, err
    books = {page.book_id for page in EBookPage.objects.filter(external_id__startswith="sec-")}
    assert len(books) == 1 and None not in books  # one file, stored once


# --- The admin ------------------------------------------------------------------------------------


def _zip(members: dict[str, bytes], *, links: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o120777 << 16) | 0  # a symbolic link
            archive.writestr(info, target)
    return buffer.getvalue()


def _post(client, name: str, data: bytes, action: str = "import") -> str:
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data), "action": action})
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def head(client, make_staff, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    client.force_login(make_staff("head", "F64-11"))
    return client


@pytest.mark.parametrize("how", ["absolute", "dotdot", "working-folder"])
def test_admin_records_file_alone_takes_no_files_at_all(head, tmp_path, monkeypatch, how):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(thai_pdf_bytes(1))
    monkeypatch.chdir(tmp_path)  # a name relative to the server's working folder is refused too
    file = {
        "absolute": str(secret),
        "dotdot": f"../{tmp_path.name}/secret.pdf",
        "working-folder": "secret.pdf",
    }
    page = _post(head, "a.jsonl", _jsonl([_ebook(1, file[how])]))
    assert "This import takes no files" in page
    assert _nothing_imported()


@pytest.mark.parametrize(
    "file", ["/etc/hostname", "/etc/no-such-file", "../x.pdf", "../../../../etc/hostname"]
)
def test_admin_zip_records_cannot_reach_out_of_the_zip(head, file):
    data = _zip({"records.jsonl": _jsonl([_ebook(1, file)])})
    page = _post(head, "upload.zip", data)
    assert "relative path inside the import's folder" in page
    assert "No such file" not in page and "not found" not in page
    assert _nothing_imported()


def test_admin_zip_with_a_symlink_is_refused(head):
    data = _zip(
        {"records.jsonl": _jsonl([_ebook(1, "book.pdf")])}, links={"book.pdf": "/etc/hostname"}
    )
    page = _post(head, "upload.zip", data)
    assert "symbolic link" in page
    assert _nothing_imported()


def test_admin_zip_slip_member_is_refused(head):
    data = _zip({"records.jsonl": _jsonl([_ebook(1, "book.pdf")]), "../book.pdf": b"%PDF-1.4"})
    page = _post(head, "upload.zip", data)
    assert "unsafe path" in page
    assert _nothing_imported()


def test_admin_zip_bomb_is_refused(head, settings):
    settings.FILES_LIMITS = {**settings.FILES_LIMITS, "IMPORT_ARCHIVE_MAX_UNCOMPRESSED_BYTES": 10}
    data = _zip({"records.jsonl": _jsonl([_ebook(1, "book.pdf")]), "book.pdf": b"0" * 4096})
    page = _post(head, "upload.zip", data)
    assert "zip bomb" in page
    assert _nothing_imported()


def test_admin_zip_needs_exactly_one_records_file(head):
    data = _zip({"a.jsonl": b"", "b.csv": b""})
    assert "exactly one records file" in _post(head, "upload.zip", data)


def test_admin_zip_with_records_and_files_imports_them(head):
    data = _zip(
        {
            "batch/records.jsonl": _jsonl([_ebook(1, "books/เล่ม.pdf")]),
            "batch/books/เล่ม.pdf": thai_pdf_bytes(2),
        }
    )
    _post(head, "upload.zip", data)
    page = EBookPage.objects.get(external_id="sec-1")
    assert page.book is not None and page.book.file.name.endswith(".pdf")
