"""Any published change drops the anonymous page cache (intelligent_center.page_cache)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tasks.signals import task_finished
from wagtail.signals import page_published, page_unpublished, post_page_move

from .page_cache import page_cache_clear

# Saving these changes what public pages show (pages, privacy, sites, redirects, reference data,
# documents, images, search synonyms, workforce figures). Not: renditions, usage counters,
# attempts, index rows (the indexing task's end clears instead).
CACHE_RELEVANT_APPS = {"content", "wagtailcore", "wagtailredirects", "wagtaildocs", "workforce"}
CACHE_RELEVANT_MODELS = {"wagtailimages.image", "search.synonym", "taggit.tag"}
CACHE_IRRELEVANT_MODEL_PREFIXES = ("usage",)
# Background work whose result public pages show (search index, extracted text, checks).
CACHE_RELEVANT_TASK_MODULES = ("search.", "content.", "files.")


def _changes_public_pages(model) -> bool:
    meta = model._meta
    if meta.label_lower in CACHE_RELEVANT_MODELS:
        return True
    return meta.app_label in CACHE_RELEVANT_APPS and not meta.model_name.startswith(
        CACHE_IRRELEVANT_MODEL_PREFIXES
    )


@receiver(page_published, dispatch_uid="intelligent_center.page_published")
@receiver(page_unpublished, dispatch_uid="intelligent_center.page_unpublished")
@receiver(post_page_move, dispatch_uid="intelligent_center.page_moved")
def page_changed(sender, **kwargs):
    page_cache_clear()


@receiver(post_save, dispatch_uid="intelligent_center.model_saved")
@receiver(post_delete, dispatch_uid="intelligent_center.model_deleted")
def model_changed(sender, **kwargs):
    if _changes_public_pages(sender):
        page_cache_clear()


@receiver(task_finished, dispatch_uid="intelligent_center.task_finished")
def task_done(sender, task_result, **kwargs):
    if task_result.task.module_path.startswith(CACHE_RELEVANT_TASK_MODULES):
        page_cache_clear()
