"""Backup and restore round trip (deploy/backup.sh → deploy/restore.sh) into a fresh PostgreSQL
database and an empty media folder: the restored site has the resources, their files and search."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from wagtail.documents import get_document_model

from tests.content.factories import ResourcePageFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").split(":", 1)[0] not in {"postgres", "postgresql"},
        reason="pg_dump / pg_restore round trip: needs PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHECK = """
import json
from content.models import RESOURCE_TYPES
from search.query import SearchQuery, search_run
from wagtail.documents import get_document_model
doc = get_document_model().objects.get(title="คู่มือสำรองข้อมูล")
print(json.dumps({
    "resources": sum(m.objects.live().count() for m in RESOURCE_TYPES.values()),
    "file": doc.file.open("rb").read().decode(),
    "found": [h.title for h in search_run(query=SearchQuery(text="เครื่องกลึงซีเอ็นซี")).hits],
}, ensure_ascii=False))
"""


def _url(name: str) -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _run(args, **env):
    full_env = {
        **os.environ,
        # The development layer reads MEDIA_ROOT from the environment (tests make their own).
        "DJANGO_SETTINGS_MODULE": "intelligent_center.settings.dev",
        "PYTHON": sys.executable,
        **env,
    }
    result = subprocess.run(
        args, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture
def fresh_database():
    name = f"restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_round_trip_restores_resources_files_and_search(settings, tmp_path, fresh_database):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    document = get_document_model()(title="คู่มือสำรองข้อมูล")
    document.file = ContentFile(b"backup me", name="manual.txt")
    document._ic_skip_processing = True
    document.save()
    ResourcePageFactory(type="ebook", title="คู่มือเครื่องกลึงซีเอ็นซี", book=document)
    expected = sum(
        model.objects.live().count()
        for model in __import__(
            "content.models", fromlist=["RESOURCE_TYPES"]
        ).RESOURCE_TYPES.values()
    )

    backup = tmp_path / "backup"
    _run(
        ["deploy/backup.sh", str(backup)],
        DATABASE_URL=_url(connection.settings_dict["NAME"]),
        MEDIA_ROOT=settings.MEDIA_ROOT,
    )
    restored_media = tmp_path / "restored-media"
    restored = {"DATABASE_URL": _url(fresh_database), "MEDIA_ROOT": str(restored_media)}
    _run(["deploy/restore.sh", str(backup)], **restored)

    check = _run([sys.executable, "manage.py", "shell", "-c", CHECK], **restored)
    found = json.loads(check.stdout.strip().splitlines()[-1])
    assert found["resources"] == expected
    assert found["file"] == "backup me"
    assert "คู่มือเครื่องกลึงซีเอ็นซี" in found["found"]
