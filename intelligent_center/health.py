"""Health endpoints for a load balancer: ``/healthz`` (the process answers) and ``/readyz`` (it can
serve: database, cache, storage and task queue reachable; 503 with the failing part otherwise).

Cheap enough to be called every second: one ``SELECT 1``, one cache round trip, a queue count on
the database queue; the storage probe (a remote call on S3) is remembered for a few seconds.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger("intelligent_center.health")

STORAGE_PROBE_SECONDS = 10
_storage_probe: dict[str, float | bool] = {"checked_at": 0.0, "ok": False}


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    cache.set("readyz:probe", 1, 30)
    if cache.get("readyz:probe") != 1:
        raise RuntimeError("cache does not keep what is written")


def _storage() -> None:
    now = time.monotonic()
    if now - float(_storage_probe["checked_at"]) > STORAGE_PROBE_SECONDS:
        try:
            default_storage.exists("readyz-probe")  # a HEAD on S3, a stat on disk
            _storage_probe["ok"] = True
        except Exception:
            _storage_probe["ok"] = False
        _storage_probe["checked_at"] = now
    if not _storage_probe["ok"]:
        raise RuntimeError("storage unreachable")


def _task_queue() -> None:
    from django_tasks import default_task_backend

    backend = default_task_backend
    path = f"{type(backend).__module__}.{type(backend).__name__}"
    if path.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(status="READY").exists()
    elif path.startswith("django_tasks_rq"):
        import django_rq

        django_rq.get_connection("default").ping()


CHECKS = {"database": _database, "cache": _cache, "storage": _storage, "task_queue": _task_queue}


def _problem(exc: Exception) -> str:
    text = str(exc).strip()
    return f"{exc.__class__.__name__}: {text.splitlines()[0] if text else ''}"


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:
            results[name] = _problem(exc)
    ready = all(value == "ok" for value in results.values())
    if not ready:
        logger.warning("not ready: %s", {k: v for k, v in results.items() if v != "ok"})
    return JsonResponse({"ready": ready, "checks": results}, status=200 if ready else 503)
