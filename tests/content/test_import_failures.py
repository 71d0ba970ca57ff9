"""A failed import: a clear per-line error, never a traceback, and no stored file left behind
(on local disk and on S3, a moto server on loopback)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model

from content import importing
from content.models import EBookPage, KnowledgeBankPage
from tests.files.conftest import BUCKET, media_files
from tests.files.factories import thai_pdf_bytes

pytestmark = pytest.mark.django_db


def _ebook(n: int, field: str, file: str) -> dict:
    return {
        "external_id": f"fail-{n}",
        "type": "ebook",
        "title": f"ตำรา {n}",
        "field": field,
        "file": file,
    }


def _write(folder: Path, records: list[dict]) -> Path:
    for name in {r["file"] for r in records}:
        (folder / name).write_bytes(thai_pdf_bytes(1, lines=hash(name) % 5 + 1))
    path = folder / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


@pytest.fixture(params=["disk", "s3"])
def stored(request, settings, tmp_path):
    """Lists what storage holds, on local disk or on the S3 server."""
    if request.param == "disk":
        settings.MEDIA_ROOT = str(tmp_path / "media")
        return lambda: (
            media_files(settings.MEDIA_ROOT) if Path(settings.MEDIA_ROOT).exists() else []
        )
    client = request.getfixturevalue("s3_storage")
    return lambda: [i["Key"] for i in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_a_field_without_a_bank_is_a_clear_line_error_and_nothing_is_stored(tmp_path, stored):
    KnowledgeBankPage.objects.get(field__code="F66-17").delete()
    (tmp_path / "in").mkdir()
    path = _write(tmp_path / "in", [_ebook(1, "F64-11", "a.pdf"), _ebook(2, "F66-17", "b.pdf")])
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import_resources", str(path), stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 1
    assert "line 2 (fail-2): " in err.getvalue()
    assert "F66-17" in err.getvalue() and "has no knowledge bank" in err.getvalue()
    assert "ยังไม่มีคลังความรู้" in err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert not EBookPage.objects.filter(external_id__startswith="fail-").exists()
    assert stored() == []


def test_a_bank_deleted_after_validation_aborts_the_write_with_a_line_error(tmp_path, stored):
    (tmp_path / "in").mkdir()
    path = _write(tmp_path / "in", [_ebook(1, "F64-11", "a.pdf"), _ebook(2, "F66-17", "b.pdf")])
    rows = importing.records_read(stream=path.open(encoding="utf-8"), file_format="jsonl")
    records, errors = importing.records_validate(rows=rows, base_dir=path.parent)
    assert not errors
    KnowledgeBankPage.objects.get(field__code="F66-17").delete()
    report = importing.resources_import(records=records)
    assert [(e.line, e.external_id) for e in report.errors] == [(2, "fail-2")]
    assert "no knowledge bank" in report.errors[0].message
    assert stored() == []


def test_a_file_failing_after_others_were_stored_leaves_no_stored_file(tmp_path, stored):
    (tmp_path / "in").mkdir()
    path = _write(tmp_path / "in", [_ebook(1, "F64-11", "a.pdf"), _ebook(2, "F64-11", "b.pdf")])
    rows = importing.records_read(stream=path.open(encoding="utf-8"), file_format="jsonl")
    records, errors = importing.records_validate(rows=rows, base_dir=path.parent)
    assert not errors
    # The folder changes between validation and writing: a.pdf is stored (with its extracted
    # cover), then b.pdf cannot be read.
    (tmp_path / "in" / "b.pdf").unlink()
    report = importing.resources_import(records=records)
    assert [(e.line, e.external_id) for e in report.errors] == [(2, "fail-2")]
    assert "b.pdf" in report.errors[0].message
    assert report.created == 0
    assert not EBookPage.objects.filter(external_id__startswith="fail-").exists()
    assert not get_document_model().objects.exists()
    assert stored() == []
