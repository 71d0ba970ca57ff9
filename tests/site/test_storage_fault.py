"""S3 (a moto server of our own) stops and starts again: /readyz names the storage while it is
down and is ready again on its own once it answers (no restart)."""

from __future__ import annotations

import socket

import pytest

from intelligent_center import health
from intelligent_center.settings.storage import s3_options

pytestmark = pytest.mark.django_db
BUCKET = "ic-readyz-fault"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(port: int):
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_bucket(Bucket=BUCKET)
    return server


def test_readyz_follows_s3_down_and_back(client, settings, monkeypatch):
    port = _free_port()
    monkeypatch.setattr(health, "STORAGE_PROBE_SECONDS", 0)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "files.storage.UnicodeNameS3Storage",
            "OPTIONS": s3_options(
                bucket_name=BUCKET,
                endpoint_url=f"http://127.0.0.1:{port}",
                region_name="us-east-1",
                access_key="testing",
                secret_key="testing",
                # A stopped server answers nothing: give up quickly rather than retry for long.
                client_config=__import__("botocore.config").config.Config(
                    connect_timeout=1, read_timeout=1, retries={"max_attempts": 1}
                ),
            ),
        },
    }
    server = _start(port)
    assert client.get("/readyz").json()["checks"]["storage"] == "ok"

    server.stop()
    down = client.get("/readyz")
    assert down.status_code == 503
    assert down.json()["checks"]["storage"].startswith("RuntimeError: storage unreachable")
    assert client.get("/f64-11/").status_code == 200  # pages do not need the storage

    server = _start(port)
    try:
        assert client.get("/readyz").status_code == 200
    finally:
        server.stop()
