"""Background tasks (indexing, text extraction, grade passback) via django-tasks."""

from . import env

IMMEDIATE_BACKEND = "django_tasks.backends.immediate.ImmediateBackend"


def tasks_settings(default_backend: str = IMMEDIATE_BACKEND) -> dict:
    return {"default": {"BACKEND": env.TASKS_BACKEND or default_backend}}
