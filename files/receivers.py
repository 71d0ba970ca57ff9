"""Keep the files app's data in step with Wagtail's documents (thin: the work is in services)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.signals import page_published

from . import services, tasks
from .models import DocumentInfo, SimulatorPackageBuild


@receiver(post_save, sender=get_document_model(), dispatch_uid="files.document_saved")
def document_saved(sender, instance, **kwargs):
    if getattr(instance, "_ic_skip_processing", False):
        return
    info = DocumentInfo.objects.filter(document=instance).only("file_hash", "status").first()
    if info is None or info.file_hash != instance.file_hash:
        services.document_process_later(document=instance)


@receiver(pre_delete, sender=get_document_model(), dispatch_uid="files.document_deleting")
def document_deleting(sender, instance, **kwargs):
    build = SimulatorPackageBuild.objects.filter(document=instance).first()
    if build is not None:
        prefix = build.prefix
        transaction.on_commit(lambda: tasks.storage_tree_delete_task.enqueue(prefix=prefix))
    info = DocumentInfo.objects.filter(document=instance).select_related("cover").first()
    if info is not None and info.cover is not None:
        cover = info.cover
        transaction.on_commit(cover.delete)


@receiver(page_published, dispatch_uid="files.external_embed_check")
def page_published_check_external(sender, instance, **kwargs):
    url = getattr(instance, "external_url", "") or ""
    if url and hasattr(instance, "is_graded"):
        transaction.on_commit(lambda: tasks.external_embed_check_task.enqueue(url=url))
