"""Writes to the site search index. Callers schedule work with :func:`search_pages_schedule`; the
task :func:`search.tasks.site_search_pages_index` calls :func:`search_pages_index` after the
transaction commits."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction

from .backends import get_backend
from .index import documents_from_pages, indexable_pages_queryset, resource_models

logger = logging.getLogger("intelligent_center.search")
Progress = Callable[[int, int], None]


@dataclass
class IndexRun:
    indexed: int = 0
    removed: int = 0
    total: int = 0


# Pages turned into documents at a time: bounds memory, while the queries per batch stay fixed.
INDEX_BATCH_SIZE = 250
# Page ids per background task: a bulk import becomes a few large tasks, not one per page.
TASK_CHUNK_SIZE = 2000


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _affected_page_ids(page_ids: Iterable[int]) -> list[int]:
    """``page_ids`` and their descendants (a move or a privacy change of a bank affects the
    resources under it), sorted."""
    from wagtail.models import Page

    ids = set(page_ids)
    descendants: set[int] = set()
    for chunk in _chunks(sorted(ids), 500):
        # Only pages with children have descendants (banks; resources have no subpages).
        for root in Page.objects.filter(pk__in=chunk, numchild__gt=0).only("path", "depth"):
            descendants.update(Page.objects.descendant_of(root).values_list("pk", flat=True))
    return sorted(ids | descendants)


def _live_resource_pages(page_ids: list[int]) -> list:
    """Live resource/profile pages among ``page_ids``, specific and prefetched, one queryset per
    page type present."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    models = {
        ContentType.objects.get_for_model(model).pk: model for model in resource_models().values()
    }
    present = set(
        Page.objects.filter(pk__in=page_ids, live=True, content_type_id__in=models)
        .values_list("content_type_id", flat=True)
        .distinct()
    )
    pages: list = []
    for content_type_id in sorted(present):
        pages += indexable_pages_queryset(models[content_type_id]).filter(pk__in=page_ids)
    return pages


def search_pages_index(*, page_ids: list[int], batch_size: int = INDEX_BATCH_SIZE) -> IndexRun:
    """Bring the index in line with ``page_ids`` (and their descendants): live resources are
    (re)indexed, anything else (unpublished, deleted, private changes) is removed or updated.
    Works ``batch_size`` pages at a time."""
    all_ids = _affected_page_ids(page_ids)
    backend = get_backend()
    run = IndexRun(total=len(all_ids))

    def batches():
        for chunk in _chunks(all_ids, batch_size):
            pages = _live_resource_pages(chunk)
            gone = sorted(set(chunk) - {page.pk for page in pages})
            if gone:
                run.removed += backend.delete_documents(gone)
            if pages:
                yield documents_from_pages(pages)

    # The engine may analyse the next batch while it writes this one (index_stream).
    for indexed in backend.index_stream(batches()):
        run.indexed += indexed
    return run


class _PendingIndex:
    """Page ids scheduled during one transaction, enqueued together when it commits."""

    def __init__(self) -> None:
        self.ids: set[int] = set()
        self.done = False
        self.position = -1

    def __call__(self) -> None:
        from . import tasks

        self.done = True
        for chunk in _chunks(sorted(self.ids), TASK_CHUNK_SIZE):
            tasks.site_search_pages_index.enqueue(page_ids=chunk)


_pending = threading.local()


def search_pages_schedule(*, page_ids: list[int]) -> None:
    """Queue re-indexing of pages once the current transaction commits. Everything scheduled in
    one transaction (e.g. the pages an import or a bulk publish touches) goes into one on-commit
    callback, so a few large tasks instead of one per page."""
    ids = {int(pk) for pk in page_ids}
    if not ids:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        pending = _PendingIndex()
        pending.ids = ids
        pending()
        return
    pending = getattr(_pending, "current", None)
    if pending is None or pending.done or not _still_registered(connection, pending):
        # First schedule of this transaction, or the previous one committed or rolled back.
        pending = _PendingIndex()
        transaction.on_commit(pending)
        pending.position = len(connection.run_on_commit) - 1
        _pending.current = pending
    pending.ids |= ids


def _still_registered(connection, pending: _PendingIndex) -> bool:
    # A rollback empties or filters the connection's callback list, so the callback is still
    # pending only if it sits where it was put (O(1), unlike scanning the list).
    callbacks = connection.run_on_commit
    return 0 <= pending.position < len(callbacks) and callbacks[pending.position][1] is pending


def _iter_documents(batch_size: int):
    for model in resource_models().values():
        queryset = indexable_pages_queryset(model)
        last = 0
        while True:
            batch = list(queryset.filter(pk__gt=last)[:batch_size])
            if not batch:
                break
            last = batch[-1].pk
            yield documents_from_pages(batch)


def search_index_count_pages() -> int:
    return sum(indexable_pages_queryset(m).count() for m in resource_models().values())


def search_index_rebuild(*, batch_size: int = 200, progress: Progress | None = None) -> IndexRun:
    """Rebuild the whole index without the search going down: the embedded engine replaces
    documents batch by batch, Elasticsearch fills a new versioned index and swaps the alias."""
    backend = get_backend()
    total = search_index_count_pages()
    handle = backend.rebuild_begin()
    seen: set[int] = set()
    done = 0

    def batches():
        for documents in _iter_documents(batch_size):
            seen.update(d.page_id for d in documents)
            yield documents

    for indexed in backend.rebuild_stream(handle, batches()):
        done += indexed
        if progress:
            progress(done, total)
    before = backend.indexed_page_ids() if backend.name == "embedded" else set()
    backend.rebuild_finish(handle, seen_page_ids=seen)
    return IndexRun(indexed=done, removed=len(before - seen), total=total)


def search_index_update(*, batch_size: int = 200, progress: Progress | None = None) -> IndexRun:
    """Index live resources missing from the index and drop indexed pages that are gone."""
    backend = get_backend()
    indexed = backend.indexed_page_ids()
    live: set[int] = set()
    for model in resource_models().values():
        live.update(indexable_pages_queryset(model).values_list("pk", flat=True))
    missing = sorted(live - indexed)
    stale = sorted(indexed - live)
    done = 0
    for start in range(0, len(missing), batch_size):
        run = search_pages_index(page_ids=missing[start : start + batch_size])
        done += run.indexed
        if progress:
            progress(done, len(missing))
    removed = 0
    for start in range(0, len(stale), batch_size):
        removed += backend.delete_documents(stale[start : start + batch_size])
    return IndexRun(indexed=done, removed=removed, total=len(live))


def synonyms_changed() -> None:
    from .query import synonyms_clear_cache
    from .suggest import glossary_clear_cache

    synonyms_clear_cache()
    glossary_clear_cache()
