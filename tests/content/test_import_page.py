"""The admin import page: check, then import the checked upload without choosing it again; the
templates and the help sheet come from the importer's own column definitions."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from content.importing import records, staging
from content.models import RESOURCE_TYPES, ResearchPage

pytestmark = pytest.mark.django_db
URL = "/admin/content/import/"


def _record(n: int, **extra) -> dict:
    return {
        "external_id": f"page-{n}",
        "type": "research",
        "title": f"งานวิจัย {n}",
        "field": "F64-11",
        **extra,
    }


def _check(client, records_, *, draft=False) -> str:
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records_).encode()
    payload = {"file": SimpleUploadedFile("batch.jsonl", data), "action": "preview"}
    if draft:
        payload["draft"] = "on"
    return html.unescape(client.post(URL, payload).content.decode())


def _token(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def _confirm(client, token: str) -> str:
    return html.unescape(client.post(URL, {"action": "confirm", "token": token}).content.decode())


@pytest.fixture
def head(client, make_staff):
    client.force_login(make_staff("head", "F64-11"))
    return client


def test_a_checked_upload_is_imported_on_confirm_without_uploading_again(head):
    page = _check(head, [_record(1), _record(2)], draft=True)
    assert "นำเข้าไฟล์ที่ตรวจแล้ว" in page  # "Import the checked file"
    assert not ResearchPage.objects.filter(external_id__startswith="page-").exists()
    token = _token(page)
    _confirm(head, token)
    imported = ResearchPage.objects.filter(external_id__startswith="page-")
    assert imported.count() == 2 and not any(p.live for p in imported)  # the draft choice kept
    # Used once: the same token again imports nothing and says the file is gone.
    assert "ไม่มีไฟล์ที่ตรวจแล้ว" in _confirm(head, token)


def test_a_checked_upload_is_kept_private_and_removed_after_the_import(head, settings):
    page = _check(head, [_record(1)])
    (staged_path,) = list(staging.staging_root().glob(f"{_token(page)}*"))
    assert not str(staged_path).startswith(str(settings.MEDIA_ROOT))
    assert stat.S_IMODE(staged_path.stat().st_mode) == 0o600
    _confirm(head, _token(page))
    assert not staged_path.exists()


def test_another_user_cannot_import_someone_elses_checked_upload(head, client, make_staff):
    token = _token(_check(head, [_record(1)]))
    from django.test import Client

    other = Client()
    other.force_login(make_staff("other-head", "F64-11"))
    assert "ไม่มีไฟล์ที่ตรวจแล้ว" in _confirm(other, token)
    assert not ResearchPage.objects.filter(external_id="page-1").exists()


def test_an_expired_checked_upload_is_not_imported(head, monkeypatch):
    token = _token(_check(head, [_record(1)]))
    monkeypatch.setattr(staging, "STAGING_TTL", -1)
    assert "ไม่มีไฟล์ที่ตรวจแล้ว" in _confirm(head, token)
    assert not ResearchPage.objects.filter(external_id="page-1").exists()


def test_the_page_links_the_help_sheet_and_templates_not_the_readme(head):
    page = head.get(URL).content.decode()
    assert "README" not in page
    for target in (
        "/admin/content/import/help/",
        "download/template.csv",
        "download/template.jsonl",
    ):
        assert target in page


def test_the_help_sheet_describes_every_column_in_thai_and_english(head):
    page = html.unescape(head.get("/admin/content/import/help/").content.decode())
    for column in records.COLUMN_SPECS:
        assert f'id="column-{column.key}"' in page
    assert "รหัสสาขาวิชาหลัก" in page and "Home field code" in page
    assert "robotics" in page  # the allowed codes come from the database
    rows = list(
        csv.reader(
            io.StringIO(
                head.get("/admin/content/import/download/help.csv").content.decode("utf-8-sig")
            )
        )
    )
    assert [row[0] for row in rows[1:]] == list(records.COLUMNS)


@pytest.mark.parametrize("name", ["template.csv", "template.jsonl"])
def test_each_template_passes_the_import_check_as_it_is(head, tmp_path, name):
    response = head.get(f"/admin/content/import/download/{name}")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    path = tmp_path / name
    path.write_bytes(response.content)
    out = io.StringIO()
    call_command("import_resources", str(path), "--dry-run", stdout=out, stderr=io.StringIO())
    assert f"{len(RESOURCE_TYPES)} records valid (dry run)" in out.getvalue()


def test_templates_and_help_need_a_bank_to_import_into(client, django_user_model):
    from django.contrib.auth.models import Permission

    nobody = django_user_model.objects.create_user("nobody", password="x-123456789")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    # Wagtail's admin answers a PermissionDenied with a redirect to its dashboard.
    for url in ("/admin/content/import/download/template.csv", "/admin/content/import/help/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
