"""Background tasks (indexing, text extraction, URL checks, grade passback) via django-tasks.

Production keeps them in a persistent queue served by its own worker process (`make serve` starts
it): the database (django-tasks-db, ``manage.py db_worker``) by default, or Redis through RQ
(``TASKS_BACKEND=rq``, ``manage.py rqworker``). Development and tests run them immediately.
"""

from django.core.exceptions import ImproperlyConfigured

from . import env

IMMEDIATE_BACKEND = "django_tasks.backends.immediate.ImmediateBackend"
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"
RQ_BACKEND = "django_tasks_rq.RQBackend"
BACKEND_NAMES = {"immediate": IMMEDIATE_BACKEND, "database": DATABASE_BACKEND, "rq": RQ_BACKEND}
QUEUE_NAME = "default"


def tasks_backend(default: str) -> str:
    name = env.TASKS_BACKEND or default
    return BACKEND_NAMES.get(name, name)


def tasks_settings(default: str = "immediate") -> dict:
    backend = tasks_backend(default)
    if backend == RQ_BACKEND and not env.REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL (see .env.example).")
    return {"default": {"BACKEND": backend, "QUEUES": [QUEUE_NAME]}}


def rq_queues() -> dict:
    """django-rq's queues (used only when TASKS_BACKEND=rq)."""
    url = env.REDIS_URL or "redis://127.0.0.1:6379/0"
    return {QUEUE_NAME: {"URL": url, "DEFAULT_TIMEOUT": 900}}
