"""Background indexing (django-tasks). Enqueued by :func:`search.services.search_pages_schedule`."""

from __future__ import annotations

from django_tasks import task

from intelligent_center.task_retry import retried


@task()
@retried()
def index_pages(page_ids: list[int]) -> dict:
    from .services import search_pages_index

    run = search_pages_index(page_ids=page_ids)
    return {"indexed": run.indexed, "removed": run.removed}
