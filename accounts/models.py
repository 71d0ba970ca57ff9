"""Who a public user is (profile, role), how they were invited, the LTI identity they linked and
where they stopped reading each e-book."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    STUDENT = "student", _("Student")


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ic_profile"
    )
    display_name = models.CharField(_("name shown to others"), max_length=150, blank=True)
    role = models.CharField(_("I am a"), max_length=10, choices=Role.choices, blank=True)
    institution = models.ForeignKey(
        "content.Institution",
        verbose_name=_("college"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fields_of_study = models.ManyToManyField(
        "content.FieldOfStudy", verbose_name=_("fields of study"), blank=True, related_name="+"
    )
    # The public profile's address: not the e-mail or the username (those stay private).
    public_key = models.SlugField(max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.display_name or f"#{self.user_id}"

    def save(self, *args, **kwargs):
        if not self.public_key:
            self.public_key = secrets.token_hex(8)
        super().save(*args, **kwargs)


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """Sign-up by invitation (ACCOUNT_SIGNUP_MODE=invitation): one address, one link."""

    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email


class LtiIdentityLink(models.Model):
    """A Moodle (LTI) identity its owner linked to their account while signed in to both.

    ``lti_user`` is the password-less local user lms_bridge keeps for that platform user; the
    platform's name and ``sub`` are copied for display (lms_bridge owns the identity itself).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ic_lti_links"
    )
    lti_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ic_lti_owner"
    )
    platform_name = models.CharField(_("platform"), max_length=300, blank=True)
    sub = models.CharField(_("platform user ID (sub)"), max_length=255)
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        verbose_name = _("linked LTI identity")
        verbose_name_plural = _("linked LTI identities")

    def __str__(self) -> str:
        return f"{self.user_id} ← {self.platform_name} {self.sub}"


class ReadingPosition(models.Model):
    """The page (PDF) or chapter (EPUB) last open in one e-book."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ic_reading_positions"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(_("page or chapter"))
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="accounts_reading_one_per_book")
        ]
        verbose_name = _("reading position")
        verbose_name_plural = _("reading positions")

    def __str__(self) -> str:
        return f"{self.user_id} {self.page_id} p.{self.number}"


class ApiToken(models.Model):
    """A personal token for the API (``Authorization: Bearer <token>``); only its hash is kept."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ic_api_token"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user_id} ({self.created_at:%Y-%m-%d})"
