"""Keep the index current: Wagtail's page events and the other apps' signals → an indexing task
after commit (thin). Connected in ``SearchConfig.ready()``; the search app sends no signals."""

from __future__ import annotations

import threading

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from content.signals import resources_imported
from files.signals import document_text_extracted

from .models import Synonym

# Pages of a bulk import are indexed together (``resources_imported``, a few large tasks); the
# ``page_published`` the import then sends for each of them is skipped. Other events within one
# transaction are coalesced by ``search_pages_schedule``.
_batched = threading.local()


def _schedule(page_ids):
    from .services import search_pages_schedule

    search_pages_schedule(page_ids=list(page_ids))


@receiver(resources_imported, dispatch_uid="search-resources-imported")
def on_resources_imported(sender, page_ids, published=True, **kwargs):
    if published:
        _batched.ids = getattr(_batched, "ids", set()) | set(page_ids)
        _schedule(page_ids)


@receiver(page_published, dispatch_uid="search-page-published")
def on_page_published(sender, instance, **kwargs):
    pending = getattr(_batched, "ids", set())
    if instance.pk in pending:
        pending.discard(instance.pk)
        return
    _schedule([instance.pk])


@receiver(page_unpublished, dispatch_uid="search-page-unpublished")
def on_page_unpublished(sender, instance, **kwargs):
    _schedule([instance.pk])


@receiver(post_page_move, dispatch_uid="search-page-moved")
def on_page_moved(sender, instance, **kwargs):
    _schedule([instance.pk])


@receiver(post_delete, dispatch_uid="search-page-deleted")
def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and type(instance) is Page:
        # Fired once for the base row; the task finds the page gone and drops it from the index.
        _schedule([instance.pk])


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="search-privacy-saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="search-privacy-deleted")
def on_privacy_changed(sender, instance, **kwargs):
    _schedule([instance.page_id])


@receiver(post_save, sender=Synonym, dispatch_uid="search-synonym-saved")
@receiver(post_delete, sender=Synonym, dispatch_uid="search-synonym-deleted")
def on_synonyms_changed(sender, instance, **kwargs):
    from .services import synonyms_changed

    synonyms_changed()


@receiver(document_text_extracted, dispatch_uid="search-document-text-extracted")
def on_document_text_extracted(sender, document, **kwargs):
    """An e-book's text was (re-)extracted: reindex the pages that use that file."""
    from files.selectors import pages_using_document

    _schedule([page.pk for page in pages_using_document(document)])
