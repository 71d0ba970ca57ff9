"""/healthz and /readyz: what a load balancer asks, every second."""

from __future__ import annotations

import pytest

REDIS_DOWN = "redis://127.0.0.1:8159/0"  # nothing listens there (the production tests' range)


@pytest.mark.django_db
def test_healthz_answers_without_asking_anything_else(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")


@pytest.mark.django_db
def test_readyz_reports_each_part_ready(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "ready": True,
        "checks": {"database": "ok", "cache": "ok", "storage": "ok", "task_queue": "ok"},
    }


@pytest.mark.django_db
def test_readyz_is_503_and_names_the_cache_when_redis_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_DOWN,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["ready"] is False
    assert body["checks"]["cache"].startswith("ConnectionError")
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_checks_the_database_queue_when_tasks_are_persistent(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client.get("/readyz")
    assert response.json()["checks"]["task_queue"] == "ok"
