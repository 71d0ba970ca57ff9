"""Fixtures of the files tests: pages under the demo bank, a real S3 server (moto), media checks."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

BUCKET = "ic-test-media"


def media_files(root: str | os.PathLike) -> list[str]:
    """Every file under MEDIA_ROOT (what storage holds), relative names."""
    root = Path(root)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    Path(settings.MEDIA_ROOT).mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def bank(db):
    return apps.get_model("content", "KnowledgeBankPage").objects.get(field__code="F64-11")


@pytest.fixture
def make_document(db, django_capture_on_commit_callbacks):
    """A Wagtail document saved as the admin saves one; its after-commit processing runs."""

    def make(data: bytes, name: str, title: str = "เอกสารทดสอบ"):
        document = get_document_model()(title=title)
        document.file = ContentFile(data, name=name)
        document._set_document_file_metadata()
        with django_capture_on_commit_callbacks(execute=True):
            document.save()
        return document

    return make


@pytest.fixture
def make_ebook_page(bank):
    def make(document, *, slug="test-ebook", licence="cc-by", title="หนังสือเครื่องกล"):
        EBookPage = apps.get_model("content", "EBookPage")
        page = EBookPage(
            title=title, slug=slug, home_field=bank.field, book=document, licence=licence
        )
        bank.add_child(instance=page)
        page.save_revision().publish()
        return page

    return make


@pytest.fixture
def make_simulator_page(bank):
    def make(*, package=None, external_url="", slug="test-sim", max_score=10):
        SimulatorPage = apps.get_model("content", "SimulatorPage")
        page = SimulatorPage(
            title="จำลอง PLC",
            slug=slug,
            home_field=bank.field,
            package=package,
            external_url=external_url,
            is_graded=True,
            max_score=max_score,
        )
        bank.add_child(instance=page)
        page.save_revision().publish()
        return page

    return make


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def moto_endpoint():
    """A real S3 protocol server on loopback (moto in server mode), for the whole session."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_storage(settings, moto_endpoint, monkeypatch):
    """Media on the S3 server; returns a boto3 client to look inside the bucket."""
    import boto3

    from intelligent_center.settings.storage import s3_options

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    existing = [bucket["Name"] for bucket in client.list_buckets().get("Buckets", [])]
    if BUCKET not in existing:
        client.create_bucket(Bucket=BUCKET)
    else:
        for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=item["Key"])
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "files.storage.UnicodeNameS3Storage",
            "OPTIONS": s3_options(
                bucket_name=BUCKET,
                endpoint_url=moto_endpoint,
                region_name="us-east-1",
                access_key="testing",
                secret_key="testing",
            ),
        },
    }
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    return client


def bucket_keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))
