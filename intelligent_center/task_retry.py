"""Retry with backoff for background tasks that meet a service being down (storage, search, an
external site). The failed attempt stays FAILED in the task admin with its traceback; a new attempt
is queued to run later, doubling the wait each time, up to ``attempts`` in all.

Used under ``@task()``::

    @task()
    @retried()
    def index_pages(page_ids): ...

Only backends that can defer (the database and Redis queues) retry; the immediate backend of
development and tests records the failure once.
"""

from __future__ import annotations

import functools
import importlib
import logging
from datetime import timedelta

from django.utils import timezone

logger = logging.getLogger("intelligent_center.tasks")

RETRY_ATTEMPT_KWARG = "retry_attempt"


def retry_delay(attempt: int, *, base_seconds: int, max_seconds: int) -> timedelta:
    return timedelta(seconds=min(base_seconds * 2 ** (attempt - 1), max_seconds))


def retried(*, attempts: int = 5, base_seconds: int = 30, max_seconds: int = 3600):
    def decorate(func):
        @functools.wraps(func)
        def run(*args, **kwargs):
            attempt = kwargs.pop(RETRY_ATTEMPT_KWARG, 1)
            try:
                return func(*args, **kwargs)
            except Exception as exc:
                # The Task object that wraps ``run`` (module attribute of the same name).
                task = getattr(importlib.import_module(run.__module__), run.__name__)
                if attempt < attempts and task.get_backend().supports_defer:
                    delay = retry_delay(attempt, base_seconds=base_seconds, max_seconds=max_seconds)
                    task.using(run_after=timezone.now() + delay).enqueue(
                        *args, **kwargs, **{RETRY_ATTEMPT_KWARG: attempt + 1}
                    )
                    logger.warning(
                        "task %s failed (attempt %s of %s, %s); retrying in %ss",
                        run.__qualname__,
                        attempt,
                        attempts,
                        exc.__class__.__name__,
                        int(delay.total_seconds()),
                    )
                raise

        return run

    return decorate
