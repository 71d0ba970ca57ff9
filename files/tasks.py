"""Background work of the files app (django-tasks)."""

from __future__ import annotations

from django_tasks import task
from wagtail.documents import get_document_model

from intelligent_center.task_retry import retried


@task()
@retried()
def document_process_task(*, document_id: int) -> str:
    """Validate, extract text from (e-books) or unpack (simulators) one stored document."""
    from . import services

    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return "gone"
    return services.document_process(document=document).status


@task()
@retried()
def storage_tree_delete_task(*, prefix: str) -> int:
    from .storage_utils import storage_delete_tree

    return storage_delete_tree(prefix)


@task()
@retried()
def external_embed_check_task(*, url: str) -> bool:
    from .services_external import external_embed_check

    return external_embed_check(url=url)
