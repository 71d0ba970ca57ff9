"""Reads of collections: a user's own, shared by link, public ones (profile, bank page), the
save control's choices, moderation lists and the Deep Linking picker's choices."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from wagtail.models import Page

from content.selectors import bank_for_field, fields_managed_by, hidden_pages_q

from .models import Collection, CollectionItem, Visibility

LISTED = Q(visibility=Visibility.PUBLIC, hidden_at__isnull=True)


def _with_counts(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("owner__ic_profile").annotate(item_count=Count("items"))


def collections_of_user(*, user) -> list[Collection]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(_with_counts(Collection.objects.filter(owner=user)))


def collection_for_owner(*, user, pk) -> Collection | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Collection.objects.filter(owner=user, pk=pk).first()


def collection_for_token(*, token: str) -> Collection | None:
    """A collection opened by its share link: shared by link or public, not hidden by staff."""
    if not token:
        return None
    return (
        Collection.objects.select_related("owner__ic_profile")
        .filter(share_token=token, hidden_at__isnull=True)
        .exclude(visibility=Visibility.PRIVATE)
        .first()
    )


def collection_public(*, pk) -> Collection | None:
    return Collection.objects.select_related("owner__ic_profile").filter(LISTED, pk=pk).first()


def collection_readable(*, user, pk) -> Collection | None:
    """For the API: the user's own collection, or a public one."""
    mine = collection_for_owner(user=user, pk=pk)
    return mine or collection_public(pk=pk)


def public_collections_of_user(*, user) -> list[Collection]:
    return list(_with_counts(Collection.objects.filter(LISTED, owner=user)))


def public_collections_for_bank(*, bank, limit: int = 12) -> list[Collection]:
    """Public collections holding at least one resource of this field's bank."""
    ids = (
        CollectionItem.objects.filter(
            page__path__startswith=bank.path, collection__in=Collection.objects.filter(LISTED)
        )
        .values_list("collection_id", flat=True)
        .distinct()
    )
    return list(_with_counts(Collection.objects.filter(pk__in=ids))[:limit])


@dataclass
class ItemView:
    item: CollectionItem
    page: Page
    title: str
    type_key: str
    type_label: str
    url: str


def collection_items(*, collection: Collection, user) -> list[ItemView]:
    """The items ``user`` may see, in order: live pages not restricted from them."""
    items = list(collection.items.order_by("position", "id"))
    visible = (
        Page.objects.live()
        .filter(pk__in=[item.page_id for item in items])
        .exclude(hidden_pages_q(user=user))
        .specific()
    )
    pages = {page.pk: page for page in visible}
    views = []
    for item in items:
        page = pages.get(item.page_id)
        if page is None:
            continue
        views.append(
            ItemView(
                item=item,
                page=page,
                title=getattr(page, "display_title", page.title),
                type_key=getattr(page, "resource_type", ""),
                type_label=str(getattr(page, "type_label", "")),
                url=page.url,
            )
        )
    return views


def page_for_saving(*, page_id, user) -> Page | None:
    """A live resource page the user may see (only resources go into collections)."""
    page = Page.objects.live().filter(pk=page_id).exclude(hidden_pages_q(user=user)).first()
    if page is None or not getattr(page.specific_class, "resource_type", ""):
        return None
    return page.specific


@dataclass
class SaveChoice:
    collection: Collection
    checked: bool


def save_choices(*, user, page) -> list[SaveChoice]:
    holding = set(
        CollectionItem.objects.filter(collection__owner=user, page=page).values_list(
            "collection_id", flat=True
        )
    )
    return [
        SaveChoice(collection=c, checked=c.pk in holding)
        for c in Collection.objects.filter(owner=user).order_by("title")
    ]


def saved_page_ids(*, user) -> set[int]:
    """Pages the user has in any collection (the save control says "saved")."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        CollectionItem.objects.filter(collection__owner=user).values_list("page_id", flat=True)
    )


# --- Moderation --------------------------------------------------------------------------------


def _bank_paths_managed_by(user) -> list[str] | None:
    """The bank paths whose public collections the user moderates; ``None``: every bank."""
    managed = fields_managed_by(user=user)
    if managed.every:
        return None
    banks = [bank_for_field(code=code) for code in sorted(managed.add)]
    return [bank.path for bank in banks if bank is not None]


def can_moderate(*, user, collection: Collection) -> bool:
    paths = _bank_paths_managed_by(user)
    if paths is None:
        return True
    if not paths:
        return False
    in_banks = Q()
    for path in paths:
        in_banks |= Q(page__path__startswith=path)
    return collection.items.filter(in_banks).exists()


def moderation_queue(*, user) -> list[Collection]:
    """Public (or hidden) collections of the user's fields: reported ones first."""
    paths = _bank_paths_managed_by(user)
    collections = Collection.objects.exclude(visibility=Visibility.PRIVATE)
    if paths is not None:
        if not paths:
            return []
        in_banks = Q()
        for path in paths:
            in_banks |= Q(page__path__startswith=path)
        ids = CollectionItem.objects.filter(in_banks).values_list("collection_id", flat=True)
        collections = collections.filter(pk__in=ids)
    collections = (
        collections.exclude(visibility=Visibility.LINK)
        .select_related("owner__ic_profile")
        .annotate(
            open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)),
            item_count=Count("items", distinct=True),
        )
        .prefetch_related("reports")
        .order_by("-open_reports", "-updated_at")
    )
    return list(collections[:200])


# --- Moodle Deep Linking --------------------------------------------------------------------------


def collections_for_picker(*, user) -> list[Collection]:
    """The collections a teacher may hand to Moodle: those of the account their LTI identity is
    linked to (or of the LTI user itself), with at least one item."""
    from accounts.selectors import account_for_lti_user

    owner = account_for_lti_user(lti_user=user)
    return [c for c in collections_of_user(user=owner) if c.item_count]


def collection_pages_for_picker(*, user, pk, pickable_types) -> list[Page]:
    """The pages of one of the teacher's collections, in order, that may go into a course."""
    from accounts.selectors import account_for_lti_user

    owner = account_for_lti_user(lti_user=user)
    collection = collection_for_owner(user=owner, pk=pk)
    if collection is None:
        return []
    # Only public resources go into a course (its students are not the owner).
    return [
        view.page
        for view in collection_items(collection=collection, user=None)
        if view.type_key in pickable_types
    ]
