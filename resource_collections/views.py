"""Collections pages: mine, one of mine (order, notes, sharing), saving a resource, a collection
opened by its link or publicly, copy, export and report."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import account_required

from . import exports, selectors, services
from .forms import CollectionForm, ReportForm

EXPORTS = {
    "ris": ("application/x-research-info-systems; charset=utf-8", exports.collection_ris),
    "bib": ("application/x-bibtex; charset=utf-8", exports.collection_bibtex),
}


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _owned(request: HttpRequest, pk: int):
    collection = selectors.collection_for_owner(user=request.user, pk=pk)
    if collection is None:
        raise Http404
    return collection


@account_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    context = {
        "collections": selectors.collections_of_user(user=request.user),
        "form": CollectionForm(),
    }
    return render(request, "resource_collections/mine.html", context)


@account_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    form = CollectionForm(request.POST)
    if form.is_valid():
        try:
            collection = services.collection_create(owner=request.user, **form.cleaned_data)
        except services.CollectionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect("resource_collections:detail", pk=collection.pk)
    context = {"collections": selectors.collections_of_user(user=request.user), "form": form}
    return render(request, "resource_collections/mine.html", context, status=400)


def _detail_context(request, collection, *, mode: str, form=None) -> dict:
    items = selectors.collection_items(collection=collection, user=request.user)
    share_url = request.build_absolute_uri(
        reverse("resource_collections:shared", args=[collection.share_token])
    )
    return {
        "collection": collection,
        "items": items,
        "mode": mode,  # "owner", "shared" or "public"
        "form": form,
        "share_url": share_url if collection.visibility != "private" else "",
        "owner_profile": getattr(collection.owner, "ic_profile", None),
    }


@account_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    collection = _owned(request, pk)
    form = CollectionForm(
        initial={
            "title": collection.title,
            "description": collection.description,
            "visibility": collection.visibility,
        }
    )
    return render(
        request,
        "resource_collections/detail.html",
        _detail_context(request, collection, mode="owner", form=form),
    )


@account_required
@require_POST
def update(request: HttpRequest, pk: int) -> HttpResponse:
    collection = _owned(request, pk)
    form = CollectionForm(request.POST)
    if form.is_valid():
        try:
            services.collection_update(collection=collection, **form.cleaned_data)
        except services.CollectionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The collection is saved."))
            return redirect("resource_collections:detail", pk=pk)
    context = _detail_context(request, collection, mode="owner", form=form)
    return render(request, "resource_collections/detail.html", context, status=400)


@account_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.collection_delete(collection=_owned(request, pk))
    messages.success(request, _("The collection is deleted."))
    return redirect("resource_collections:mine")


@account_required
@require_POST
def reset_link(request: HttpRequest, pk: int) -> HttpResponse:
    services.collection_share_token_reset(collection=_owned(request, pk))
    messages.success(request, _("The collection has a new link; the old one no longer opens it."))
    return redirect("resource_collections:detail", pk=pk)


@account_required
@require_POST
def item_action(request: HttpRequest, pk: int, item_id: int, action: str) -> HttpResponse:
    collection = _owned(request, pk)
    if action == "up":
        services.collection_item_move(collection=collection, item_id=item_id, offset=-1)
    elif action == "down":
        services.collection_item_move(collection=collection, item_id=item_id, offset=1)
    elif action == "remove":
        services.collection_item_remove(collection=collection, item_id=item_id)
    elif action == "note":
        services.collection_item_annotate(
            collection=collection, item_id=item_id, note=request.POST.get("note", "")
        )
        messages.success(request, _("The note is saved."))
    else:
        raise Http404
    return redirect(reverse("resource_collections:detail", args=[pk]) + f"#item-{item_id}")


@account_required
@require_http_methods(["GET", "POST"])
def save(request: HttpRequest, page_id: int) -> HttpResponse:
    page = selectors.page_for_saving(page_id=page_id, user=request.user)
    if page is None:
        raise Http404
    back = _safe_next(request, page.url)
    error = ""
    if request.method == "POST":
        try:
            chosen = services.collection_saves_set(
                user=request.user,
                page=page,
                collection_ids=[v for v in request.POST.getlist("collection") if v.isdigit()],
                new_title=request.POST.get("new_title", ""),
            )
        except services.CollectionRefused as refusal:
            error = refusal.message
        else:
            if chosen:
                names = ", ".join(f"“{c.title}”" for c in chosen)
                messages.success(request, _("Saved in %(names)s.") % {"names": names})
            else:
                messages.success(request, _("Removed from your collections."))
            return redirect(back)
    context = {
        "page": page,
        "choices": selectors.save_choices(user=request.user, page=page),
        "next": back,
        "error": error,
    }
    return render(request, "resource_collections/save.html", context, status=400 if error else 200)


@require_GET
def shared(request: HttpRequest, token: str) -> HttpResponse:
    collection = selectors.collection_for_token(token=token)
    if collection is None:
        raise Http404
    context = _detail_context(request, collection, mode="shared")
    response = render(request, "resource_collections/detail.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"  # the token stays out of Referer headers
    return response


@require_GET
def public(request: HttpRequest, pk: int) -> HttpResponse:
    collection = selectors.collection_public(pk=pk)
    if collection is None:
        raise Http404
    return render(
        request,
        "resource_collections/detail.html",
        _detail_context(request, collection, mode="public"),
    )


def _readable(request, *, pk=None, token=None):
    if token is not None:
        collection = selectors.collection_for_token(token=token)
    elif request.user.is_authenticated and selectors.collection_for_owner(user=request.user, pk=pk):
        collection = selectors.collection_for_owner(user=request.user, pk=pk)
    else:
        collection = selectors.collection_public(pk=pk)
    if collection is None:
        raise Http404
    return collection


@require_GET
def export(request: HttpRequest, fmt: str, pk: int | None = None, token: str | None = None):
    collection = _readable(request, pk=pk, token=token)
    items = selectors.collection_items(collection=collection, user=request.user)
    if fmt == "json":
        body = exports.collection_json(collection=collection, items=items, request=request)
        content_type = "application/json; charset=utf-8"
    elif fmt in EXPORTS:
        content_type, build = EXPORTS[fmt]
        body = build(items=items, request=request)
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="collection-{collection.pk}.{fmt}"'
    return response


@account_required
@require_POST
def copy(request: HttpRequest, pk: int | None = None, token: str | None = None) -> HttpResponse:
    original = _readable(request, pk=pk, token=token)
    visible = [
        view.page.pk for view in selectors.collection_items(collection=original, user=request.user)
    ]
    try:
        new = services.collection_copy(collection=original, user=request.user, pages=visible)
    except services.CollectionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("resource_collections:mine")
    messages.success(request, _("A private copy is now in your collections."))
    return redirect("resource_collections:detail", pk=new.pk)


@account_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    collection = selectors.collection_public(pk=pk)
    if collection is None:
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.collection_report(
            collection=collection, reporter=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Thank you. The field's staff will look at this collection."))
        return redirect("resource_collections:public", pk=pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "resource_collections/report.html",
        {"collection": collection, "form": form},
        status=status,
    )
