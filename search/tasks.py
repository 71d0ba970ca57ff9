"""Background work of the site search (django-tasks). Enqueued by
:func:`search.services.search_pages_schedule`.

Task names say which index they write: ``site_search_…`` is this app's index (the /search/ page
and API); ``content.tasks.admin_search_pages_index`` is Wagtail's own admin search index."""

from __future__ import annotations

from django_tasks import task

from intelligent_center.task_retry import retried


@task()
@retried()
def site_search_pages_index(*, page_ids: list[int]) -> dict:
    """Bring the site search index in line with ``page_ids`` (see ``search_pages_index``)."""
    from .services import search_pages_index

    run = search_pages_index(page_ids=page_ids)
    return {"indexed": run.indexed, "removed": run.removed}
