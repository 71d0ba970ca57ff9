"""Moderation of public collections in Wagtail's admin: the staff of a field see the public
collections holding that field's resources, reported ones first, and hide or restore them."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from content.selectors import fields_managed_by

from . import selectors, services
from .models import Collection


def _is_field_staff(user) -> bool:
    managed = fields_managed_by(user=user)
    return managed.every or bool(managed.add)


def moderation_index(request):
    if not _is_field_staff(request.user):
        raise PermissionDenied
    context = {"collections": selectors.moderation_queue(user=request.user)}
    return render(request, "resource_collections/admin/moderation.html", context)


@require_POST
def moderation_action(request, pk: int, action: str):
    collection = get_object_or_404(Collection, pk=pk)
    if not selectors.can_moderate(user=request.user, collection=collection):
        raise PermissionDenied
    if action == "hide":
        services.collection_hide(
            collection=collection, by=request.user, reason=request.POST.get("reason", "")
        )
    elif action == "restore":
        services.collection_unhide(collection=collection)
    elif action == "dismiss":
        services.collection_reports_dismiss(collection=collection)
    else:
        raise PermissionDenied
    return redirect("collections_moderation")


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("collections-moderation/", moderation_index, name="collections_moderation"),
        path(
            "collections-moderation/<int:pk>/<slug:action>/",
            moderation_action,
            name="collections_moderation_action",
        ),
    ]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return _is_field_staff(request.user)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        _("Public collections"),
        reverse("collections_moderation"),
        icon_name="folder-open-inverse",
        order=270,
    )
