"""The signed-in user's collections in the API: session (with CSRF) or a personal token
(``Authorization: Bearer ic_…``, made on the profile page)."""

from __future__ import annotations

from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from accounts.selectors import user_for_api_token

from . import exports, selectors, services


class PersonalToken(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_api_token(raw=token)
        if user is not None:
            request.user = user
        return user


router = Router(tags=["collections"], auth=[PersonalToken(), django_auth])


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict]


# What every operation may answer besides its success (documented in the OpenAPI document):
# 401 without a token or session; 403 a session POST without its CSRF token; 422 a malformed
# parameter or body.
READ_ERRORS = {401: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}


class CollectionSummary(Schema):
    id: int
    title: str
    description: str
    visibility: str
    item_count: int
    updated_at: str


class CollectionItemOut(Schema):
    position: int
    page_id: int
    external_id: str
    type: str
    title: str
    title_en: str
    url: str
    note: str


class CollectionOut(Schema):
    id: int
    title: str
    description: str
    visibility: str
    updated_at: str
    items: list[CollectionItemOut]


class CollectionIn(Schema):
    title: str
    description: str = ""
    visibility: str = "private"


class ItemIn(Schema):
    page_id: int


def _summary(collection) -> dict:
    return {
        "id": collection.pk,
        "title": collection.title,
        "description": collection.description,
        "visibility": collection.visibility,
        "item_count": collection.item_count,
        "updated_at": collection.updated_at.isoformat(),
    }


@router.get(
    "/me/collections/",
    response={200: list[CollectionSummary], **READ_ERRORS},
    summary="My collections",
)
def my_collections(request):
    return [_summary(c) for c in selectors.collections_of_user(user=request.user)]


@router.get(
    "/me/collections/{collection_id}/",
    response={200: CollectionOut, 404: ErrorOut, **READ_ERRORS},
    summary="One of my collections (or a public one) with its items in order",
)
def my_collection(request, collection_id: int):
    collection = selectors.collection_readable(user=request.user, pk=collection_id)
    if collection is None:
        raise HttpError(404, "No such collection. / ไม่พบคอลเลกชันนี้")
    items = selectors.collection_items(collection=collection, user=request.user)
    return exports.collection_data(collection=collection, items=items, request=request)


@router.post(
    "/me/collections/",
    response={201: CollectionSummary, **WRITE_ERRORS},
    summary="Create a collection",
)
def collection_create(request, payload: CollectionIn):
    try:
        collection = services.collection_create(owner=request.user, **payload.dict())
    except services.CollectionRefused as refusal:
        raise HttpError(400, refusal.message) from refusal
    collection.item_count = 0
    return Status(201, _summary(collection))


@router.post(
    "/me/collections/{collection_id}/items/",
    response={201: dict, 404: ErrorOut, **WRITE_ERRORS},
    summary="Add a resource to one of my collections",
)
def collection_item_add(request, collection_id: int, payload: ItemIn):
    collection = selectors.collection_for_owner(user=request.user, pk=collection_id)
    if collection is None:
        raise HttpError(404, "No such collection of yours. / ไม่พบคอลเลกชันนี้ของคุณ")
    page = selectors.page_for_saving(page_id=payload.page_id, user=request.user)
    if page is None:
        raise HttpError(404, "No such resource. / ไม่พบทรัพยากรนี้")
    try:
        item = services.collection_item_add(collection=collection, page=page)
    except services.CollectionRefused as refusal:
        raise HttpError(400, refusal.message) from refusal
    return Status(201, {"id": item.pk, "page_id": page.pk, "position": item.position})
