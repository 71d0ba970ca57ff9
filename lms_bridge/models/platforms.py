"""Registered platforms (Moodle sites), their deployments, and the tool's own signing keys."""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Platform(models.Model):
    """One LTI 1.3 registration: an issuer and the client id it gave us."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Manual (admin or command)")
        DYNAMIC = "dynamic", _("Dynamic Registration")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    issuer = models.URLField(_("issuer (iss)"), max_length=500)
    client_id = models.CharField(_("client ID"), max_length=255)
    auth_login_url = models.URLField(_("authentication request URL"), max_length=500)
    auth_token_url = models.URLField(_("access token URL"), max_length=500)
    auth_audience = models.CharField(
        _("token audience"),
        max_length=500,
        blank=True,
        help_text=_("Audience of our client assertion; empty means the access token URL."),
    )
    jwks_url = models.URLField(_("public keyset URL"), max_length=500)
    is_active = models.BooleanField(_("active"), default=True)
    source = models.CharField(
        _("registered by"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("LTI platform")
        verbose_name_plural = _("LTI platforms")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "client_id"], name="lti_platform_iss_client")
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.issuer})"

    @property
    def origin(self) -> str:
        """The web origin Moodle frames us from (for CSP ``frame-ancestors``)."""
        parts = urlsplit(self.auth_login_url or self.issuer)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def token_audience(self) -> str:
        return self.auth_audience or self.auth_token_url


class Deployment(models.Model):
    platform = models.ForeignKey(
        Platform, on_delete=models.CASCADE, related_name="deployments", verbose_name=_("platform")
    )
    deployment_id = models.CharField(_("deployment ID"), max_length=255)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("LTI deployment")
        verbose_name_plural = _("LTI deployments")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "deployment_id"], name="lti_deployment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.platform.name} / {self.deployment_id}"


class ToolKeyQuerySet(models.QuerySet):
    def published(self):
        """Keys in our JWKS: the current one and retired ones still inside their grace period."""
        now = timezone.now()
        return self.filter(models.Q(retired_at__isnull=True) | models.Q(publish_until__gt=now))


class ToolKey(models.Model):
    """An RS256 key pair we sign with. Exactly one is current (``retired_at`` empty)."""

    kid = models.CharField(_("key ID"), max_length=64, unique=True)
    private_key_pem = models.TextField(_("private key (PEM)"))
    public_jwk = models.JSONField(_("public key (JWK)"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    publish_until = models.DateTimeField(_("published until"), null=True, blank=True)

    objects = ToolKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("tool signing key")
        verbose_name_plural = _("tool signing keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.kid


def _week_from_now():
    return timezone.now() + timedelta(days=7)


def _invite_token() -> str:
    return secrets.token_urlsafe(32)


class RegistrationInvite(models.Model):
    """A one-time Dynamic Registration URL that staff hand to a Moodle administrator."""

    token = models.CharField(max_length=64, unique=True, default=_invite_token, editable=False)
    note = models.CharField(_("for whom"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=_week_from_now)
    used_at = models.DateTimeField(_("used"), null=True, blank=True, editable=False)
    platform = models.ForeignKey(
        Platform, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )

    class Meta:
        verbose_name = _("Dynamic Registration invitation")
        verbose_name_plural = _("Dynamic Registration invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.note or str(self.created_at)

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()
