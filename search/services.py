"""Writes to the search index. Callers schedule work with :func:`search_pages_schedule`; the tasks
in :mod:`search.tasks` call :func:`search_pages_index` after the transaction commits."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction

from .backends import get_backend
from .index import document_from_page, indexable_pages_queryset, resource_models

logger = logging.getLogger("intelligent_center.search")
Progress = Callable[[int, int], None]


@dataclass
class IndexRun:
    indexed: int = 0
    removed: int = 0
    total: int = 0


def _resource_pages(page_ids: Iterable[int]) -> tuple[dict[int, object], set[int]]:
    """Live resource/profile pages among ``page_ids`` and their descendants (a move or a privacy
    change of a bank affects the resources under it)."""
    from wagtail.models import Page

    ids = set(page_ids)
    roots = list(Page.objects.filter(pk__in=ids))
    descendant_ids = set()
    for root in roots:
        descendant_ids.update(Page.objects.descendant_of(root).values_list("pk", flat=True))
    all_ids = ids | descendant_ids
    pages: dict[int, object] = {}
    for model in resource_models().values():
        for page in indexable_pages_queryset(model).filter(pk__in=all_ids):
            pages[page.pk] = page
    return pages, all_ids


def search_pages_index(*, page_ids: list[int]) -> IndexRun:
    """Bring the index in line with ``page_ids`` (and their descendants): live resources are
    (re)indexed, anything else (unpublished, deleted, private changes) is removed or updated."""
    pages, all_ids = _resource_pages(page_ids)
    backend = get_backend()
    documents = [document_from_page(page) for page in pages.values()]
    indexed = backend.index_documents(documents)
    gone = sorted(set(all_ids) - set(pages))
    removed = backend.delete_documents(gone) if gone else 0
    return IndexRun(indexed=indexed, removed=removed, total=len(all_ids))


def search_pages_schedule(*, page_ids: list[int]) -> None:
    """Queue re-indexing of pages once the current transaction commits."""
    from . import tasks

    ids = sorted({int(pk) for pk in page_ids})
    if ids:
        transaction.on_commit(lambda: tasks.index_pages.enqueue(ids))


def _iter_documents(batch_size: int):
    for model in resource_models().values():
        queryset = indexable_pages_queryset(model)
        last = 0
        while True:
            batch = list(queryset.filter(pk__gt=last)[:batch_size])
            if not batch:
                break
            last = batch[-1].pk
            yield [document_from_page(page) for page in batch]


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
    for documents in _iter_documents(batch_size):
        backend.rebuild_index(handle, documents)
        seen.update(d.page_id for d in documents)
        done += len(documents)
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

    synonyms_clear_cache()
