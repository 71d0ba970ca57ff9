"""Background work of the knowledge banks (django-tasks)."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django_tasks import task
from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from intelligent_center.task_retry import retried

BATCH = 500


@task()
@retried()
def admin_search_pages_index(*, page_ids: list[int]) -> int:
    """Puts bulk-imported pages into Wagtail's own (admin) search index, in bulk per type (the
    site search has its own task, ``search.tasks.site_search_pages_index``)."""
    by_type: dict[int, list[int]] = defaultdict(list)
    for pk, content_type_id in Page.objects.filter(pk__in=page_ids).values_list(
        "pk", "content_type_id"
    ):
        by_type[content_type_id].append(pk)
    backends = list(get_search_backends(with_auto_update=True))
    count = 0
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        for start in range(0, len(ids), BATCH):
            objs = list(
                model.get_indexed_objects()
                .filter(pk__in=ids[start : start + BATCH])
                .prefetch_related("keywords")
            )
            for backend in backends:
                backend.add_bulk(model, objs)
            count += len(objs)
    return count
