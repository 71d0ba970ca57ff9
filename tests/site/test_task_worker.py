"""The persistent task queue with its real worker process (`manage.py tasks_worker`), against the
real PostgreSQL test database: what the web enqueues, the worker does; a failure shows in the
task admin and comes back later (backoff); running the same work twice changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from tests.content.factories import ResourcePageFactory

from .worker_tasks import RETRY_BASE_SECONDS, always_fails

ROOT = Path(__file__).resolve().parents[2]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").split(":", 1)[0] not in {"postgres", "postgresql"},
        reason="the worker is a second process: it needs the PostgreSQL test database",
    ),
    # Committed rows (the worker reads them); the banks come back after each flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_worker() -> subprocess.CompletedProcess:
    """One pass of the real worker over what is due, as `make serve` runs it (`--batch`)."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "TASKS_BACKEND": "database",
        "DJANGO_SETTINGS_MODULE": "intelligent_center.settings.test",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "tasks_worker", "--batch"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects


def test_publishing_queues_indexing_and_the_worker_does_it(database_queue):
    from search.models import SearchDocument

    page = ResourcePageFactory(title="หุ่นยนต์อุตสาหกรรมสำหรับงานเชื่อม")
    assert not SearchDocument.objects.filter(page_id=page.pk).exists()  # queued, not done
    queued = database_queue.filter(status="READY", task_path="search.tasks.site_search_pages_index")
    assert queued.exists()

    run_worker()

    assert SearchDocument.objects.filter(page_id=page.pk).exists()
    assert not database_queue.exclude(status="SUCCESSFUL").exists()


def test_indexing_twice_leaves_one_entry(database_queue):
    from search.models import SearchDocument
    from search.tasks import site_search_pages_index

    page = ResourcePageFactory(title="ระบบควบคุมอัตโนมัติ")
    site_search_pages_index.enqueue(page_ids=[page.pk])
    site_search_pages_index.enqueue(page_ids=[page.pk])
    run_worker()

    assert SearchDocument.objects.filter(page_id=page.pk).count() == 1


def test_a_failure_shows_in_the_admin_and_is_retried_later(database_queue, admin_client):
    always_fails.enqueue(what="storage")
    before = timezone.now()
    run_worker()

    failed = database_queue.get(status="FAILED")
    assert failed.exception_class_path == "builtins.ConnectionError"
    retry = database_queue.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"what": "storage", "retry_attempt": 2}
    delay = retry.run_after - before
    assert (
        timedelta(seconds=RETRY_BASE_SECONDS - 5)
        < delay
        < timedelta(seconds=RETRY_BASE_SECONDS + 60)
    )

    listing = admin_client.get("/django-admin/django_tasks_database/dbtaskresult/?status=FAILED")
    assert "always_fails" in listing.content.decode()
