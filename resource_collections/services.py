"""Writes of collections: create, save resources into them, order, annotate, share, copy, report,
and staff moderation."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Collection, CollectionItem, CollectionReport, Visibility, share_token

MAX_COLLECTIONS_PER_USER = 200
MAX_ITEMS_PER_COLLECTION = 500


class CollectionRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())[:200]
    if not title:
        raise CollectionRefused(_("Give the collection a name."))
    return title


@transaction.atomic
def collection_create(
    *, owner, title: str, description: str = "", visibility: str = Visibility.PRIVATE
) -> Collection:
    if Collection.objects.filter(owner=owner).count() >= MAX_COLLECTIONS_PER_USER:
        raise CollectionRefused(_("You have too many collections; delete one first."))
    if visibility not in Visibility.values:
        raise CollectionRefused(_("Choose who can see the collection."))
    return Collection.objects.create(
        owner=owner,
        title=_clean_title(title),
        description=description.strip(),
        visibility=visibility,
    )


@transaction.atomic
def collection_update(*, collection: Collection, title: str, description: str, visibility: str):
    if visibility not in Visibility.values:
        raise CollectionRefused(_("Choose who can see the collection."))
    collection.title = _clean_title(title)
    collection.description = description.strip()
    collection.visibility = visibility
    collection.save(update_fields=["title", "description", "visibility", "updated_at"])
    return collection


@transaction.atomic
def collection_delete(*, collection: Collection) -> None:
    collection.delete()


@transaction.atomic
def collection_share_token_reset(*, collection: Collection) -> Collection:
    """A new link: whoever had the old one loses access."""
    collection.share_token = share_token()
    collection.save(update_fields=["share_token", "updated_at"])
    return collection


def _item_add(collection: Collection, page) -> CollectionItem:
    item = CollectionItem.objects.filter(collection=collection, page=page).first()
    if item is not None:
        return item
    if collection.items.count() >= MAX_ITEMS_PER_COLLECTION:
        raise CollectionRefused(_("A collection holds at most %(n)s resources.") % {"n": 500})
    last = collection.items.aggregate(last=Max("position"))["last"]
    item = CollectionItem.objects.create(collection=collection, page=page, position=(last or 0) + 1)
    Collection.objects.filter(pk=collection.pk).update(updated_at=timezone.now())
    return item


@transaction.atomic
def collection_item_add(*, collection: Collection, page) -> CollectionItem:
    return _item_add(collection, page)


@transaction.atomic
def collection_saves_set(*, user, page, collection_ids, new_title: str = "") -> list[Collection]:
    """Make ``page`` a member of exactly the user's collections in ``collection_ids`` (plus a new
    one named ``new_title``); the user's other collections lose it. Returns the chosen ones."""
    wanted = {int(pk) for pk in collection_ids}
    mine = list(Collection.objects.select_for_update().filter(owner=user))
    chosen = [c for c in mine if c.pk in wanted]
    if new_title.strip():
        chosen.append(collection_create(owner=user, title=new_title))
    for collection in chosen:
        _item_add(collection, page)
    CollectionItem.objects.filter(collection__owner=user, page=page).exclude(
        collection__in=chosen
    ).delete()
    return chosen


@transaction.atomic
def collection_item_remove(*, collection: Collection, item_id: int) -> int:
    deleted, _rows = CollectionItem.objects.filter(collection=collection, pk=item_id).delete()
    return deleted


@transaction.atomic
def collection_item_move(*, collection: Collection, item_id: int, offset: int) -> None:
    """Move an item ``offset`` places (-1 up, +1 down); positions are renumbered 1..n."""
    items = list(collection.items.select_for_update().order_by("position", "id"))
    index = next((i for i, item in enumerate(items) if item.pk == item_id), None)
    if index is None:
        return
    target = max(0, min(len(items) - 1, index + offset))
    items.insert(target, items.pop(index))
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def collection_item_annotate(*, collection: Collection, item_id: int, note: str) -> int:
    return CollectionItem.objects.filter(collection=collection, pk=item_id).update(
        note=note.strip()[:2000]
    )


@transaction.atomic
def collection_copy(*, collection: Collection, user, pages=None) -> Collection:
    """A private copy for ``user`` of a collection they may see, with its order and notes.
    ``pages``: the item page ids the copier may see (restricted resources are not copied)."""
    copy = collection_create(
        owner=user,
        title=_("Copy of %(title)s") % {"title": collection.title},
        description=collection.description,
    )
    copy.copied_from = collection
    copy.save(update_fields=["copied_from"])
    items = collection.items.order_by("position", "id")
    if pages is not None:
        items = items.filter(page_id__in=pages)
    CollectionItem.objects.bulk_create(
        CollectionItem(collection=copy, page_id=item.page_id, position=n, note=item.note)
        for n, item in enumerate(items, start=1)
    )
    return copy


@transaction.atomic
def collection_report(*, collection: Collection, reporter, reason: str) -> CollectionReport:
    reason = reason.strip()[:2000]
    if not reason:
        raise CollectionRefused(_("Say briefly what is wrong with this collection."))
    return CollectionReport.objects.create(collection=collection, reporter=reporter, reason=reason)


@transaction.atomic
def collection_hide(*, collection: Collection, by, reason: str = "") -> Collection:
    collection.hidden_at = timezone.now()
    collection.hidden_by = by
    collection.hidden_reason = reason.strip()[:300]
    collection.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    collection.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    return collection


@transaction.atomic
def collection_unhide(*, collection: Collection) -> Collection:
    collection.hidden_at = None
    collection.hidden_by = None
    collection.hidden_reason = ""
    collection.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return collection


@transaction.atomic
def collection_reports_dismiss(*, collection: Collection) -> int:
    return collection.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
