"""Many new Wagtail pages below one parent, written in bulk.

Wagtail's ``add_child`` writes one page at a time (a path look-up, three inserts, a parent update),
far too slow for ten thousand records. This module is the only place that leans on treebeard's and
Django's private API to do it in bulk (``Page._str2int``, ``Page._get_path``, ``Page.steplen``,
``InsertQuery`` and ``_state.adding``); ``tests/content/test_bulk_pages.py`` checks the tree and the
rows it leaves, so an upgrade of either library that changes them fails there first.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.db.models.sql import InsertQuery
from wagtail.models import Page, Revision

BATCH_SIZE = 250


class ChildPaths:
    """Tree paths for new children of ``parent``, after its existing children. The parent row is
    locked (``select_for_update``) until the transaction ends, so two imports into one bank
    cannot hand out the same path; call :meth:`close` to add the new children to ``numchild``."""

    def __init__(self, parent: Page):
        self.parent = Page.objects.select_for_update().get(pk=parent.pk)
        self.depth = self.parent.depth + 1
        last_child = (
            Page.objects.filter(path__startswith=self.parent.path, depth=self.depth)
            .order_by("-path")
            .first()
        )
        self.step = Page._str2int(last_child.path[-Page.steplen :]) if last_child else 0
        self.added = 0

    def next(self) -> str:
        self.step += 1
        self.added += 1
        return Page._get_path(self.parent.path, self.depth, self.step)

    def close(self) -> None:
        Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + self.added)
        self.added = 0


def rows_insert(model, objs: list, fields: list, *, returning: bool = False) -> list[int]:
    """INSERT the given fields of ``objs`` into ``model``'s own table, in batches (Django's
    ``bulk_create`` refuses multi-table models, and Wagtail pages are multi-table)."""
    ids: list[int] = []
    returning_fields = [model._meta.pk] if returning else None
    for start in range(0, len(objs), BATCH_SIZE):
        query = InsertQuery(model)
        query.insert_values(fields, objs[start : start + BATCH_SIZE])
        rows = query.get_compiler(connection=connection).execute_sql(
            returning_fields=returning_fields
        )
        if returning:
            ids += [row[0] for row in rows]
    if returning and len(ids) != len(objs):
        raise RuntimeError("The database did not return the new page ids.")
    return ids


def pages_insert(pages: list[Page]) -> list[int]:
    """Inserts new page instances of any specific types (paths, depth and content type set):
    the ``wagtailcore_page`` rows first, then each type's own rows. The instances get their pk
    and count as saved (a later ``save()`` updates them)."""
    page_ids = rows_insert(
        Page, pages, [f for f in Page._meta.concrete_fields if not f.primary_key], returning=True
    )
    by_model: dict[type, list[Page]] = defaultdict(list)
    for page, pk in zip(pages, page_ids, strict=True):
        page.pk = page.page_ptr_id = page.id = pk
        page._state.adding = False
        by_model[type(page)].append(page)
    for model, model_pages in by_model.items():
        rows_insert(model, model_pages, list(model._meta.local_concrete_fields))
    return page_ids


def revisions_link(*, page_ids: list[int], content_type, publish: bool) -> None:
    """Points each page at its newest revision (and, when publishing, makes it the live one)
    with one UPDATE per batch."""
    latest = (
        Revision.objects.filter(
            base_content_type=content_type, object_id=Cast(OuterRef("pk"), CharField())
        )
        .order_by("-pk")
        .values("pk")[:1]
    )
    for start in range(0, len(page_ids), 1000):
        pages = Page.objects.filter(pk__in=page_ids[start : start + 1000])
        pages.update(latest_revision=Subquery(latest))
        if publish:
            pages.update(live_revision=F("latest_revision"))
