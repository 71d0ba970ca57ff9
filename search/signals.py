"""Keep the index current: Wagtail's page events → an indexing task after commit (thin)."""

from __future__ import annotations

import threading

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from content.signals import resources_imported

from .models import Synonym

# Pages of a bulk import are indexed together (``resources_imported``, a few large tasks); the
# ``page_published`` the import then sends for each of them is skipped. Other events within one
# transaction are coalesced by ``search_pages_schedule``.
_batched = threading.local()


def _schedule(page_ids):
    from .services import search_pages_schedule

    search_pages_schedule(page_ids=list(page_ids))


@receiver(resources_imported)
def on_resources_imported(sender, page_ids, published=True, **kwargs):
    if published:
        _batched.ids = getattr(_batched, "ids", set()) | set(page_ids)
        _schedule(page_ids)


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    pending = getattr(_batched, "ids", set())
    if instance.pk in pending:
        pending.discard(instance.pk)
        return
    _schedule([instance.pk])


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    _schedule([instance.pk])


@receiver(post_page_move)
def on_page_moved(sender, instance, **kwargs):
    _schedule([instance.pk])


@receiver(post_delete)
def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and type(instance) is Page:
        # Fired once for the base row; the task finds the page gone and drops it from the index.
        _schedule([instance.pk])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_privacy_changed(sender, instance, **kwargs):
    _schedule([instance.page_id])


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def on_synonyms_changed(sender, instance, **kwargs):
    from .services import synonyms_changed

    synonyms_changed()


def on_document_text_extracted(sender, document, **kwargs):
    """An e-book's text was (re-)extracted: reindex the pages that use that file."""
    from files.selectors import pages_using_document

    _schedule([page.pk for page in pages_using_document(document)])


def connect_optional_receivers() -> None:
    from django.apps import apps

    if apps.is_installed("files"):
        from files.signals import document_text_extracted

        document_text_extracted.connect(
            on_document_text_extracted, dispatch_uid="search-document-text-extracted"
        )
