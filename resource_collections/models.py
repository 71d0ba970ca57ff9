"""Named collections of resource pages that teachers and students keep and share."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def share_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits: the link is the only key to a shared collection


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Private (only me)")
    LINK = "link", _("Anyone with the link")
    PUBLIC = "public", _("Public (listed on my profile and the field's bank page)")


class Collection(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="ic_collections",
    )
    title = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    visibility = models.CharField(
        _("who can see it"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    share_token = models.CharField(max_length=64, unique=True, default=share_token, editable=False)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    # Moderation: field staff hide a public collection whose title or notes do not belong there.
    hidden_at = models.DateTimeField(_("hidden by staff"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        indexes = [models.Index(fields=["visibility", "hidden_at"], name="collection_listed")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)
    note = models.TextField(_("teacher's note"), blank=True, max_length=2000)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "page"], name="collection_page_once")
        ]
        verbose_name = _("collection item")
        verbose_name_plural = _("collection items")

    def __str__(self) -> str:
        return f"{self.collection_id}:{self.page_id}"


class CollectionReport(models.Model):
    """A user's report that a public collection's title or notes do not belong on the site."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("what is wrong"), max_length=2000)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("collection report")
        verbose_name_plural = _("collection reports")

    def __str__(self) -> str:
        return f"{self.collection_id}: {self.reason[:40]}"
