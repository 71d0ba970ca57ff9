"""The OIDC login state, provisioned users, courses and the record of every launch."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .platforms import Deployment, Platform


def _token() -> str:
    return secrets.token_urlsafe(32)


class LoginState(models.Model):
    """One OIDC login initiation: state, nonce and the browser binding; deleted on use."""

    state = models.CharField(max_length=64, unique=True, default=_token)
    nonce = models.CharField(max_length=64, unique=True, default=_token)
    browser_token = models.CharField(max_length=64, default=_token)
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE)
    target_link_uri = models.URLField(max_length=1000)
    login_params = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("LTI login state")


class PlatformUser(models.Model):
    """A platform's user (``sub``) mapped to a password-less local account."""

    class Role(models.TextChoices):
        TEACHER = "teacher", _("Teacher")
        STUDENT = "student", _("Student")

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="users")
    sub = models.CharField(_("platform user ID (sub)"), max_length=255)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_identity"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    name = models.CharField(_("name"), max_length=300, blank=True)
    email = models.EmailField(_("email"), blank=True)
    last_launch_at = models.DateTimeField(_("last launch"), null=True, blank=True)

    class Meta:
        verbose_name = _("LTI user")
        verbose_name_plural = _("LTI users")
        constraints = [
            models.UniqueConstraint(fields=["platform", "sub"], name="lti_user_platform_sub")
        ]

    def __str__(self) -> str:
        return self.name or self.sub


class CourseLink(models.Model):
    """A Moodle course (LTI context) and the field of study its teacher linked it to."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="courses")
    context_id = models.CharField(_("course ID (context)"), max_length=255)
    title = models.CharField(_("course title"), max_length=500, blank=True)
    field = models.ForeignKey(
        "content.FieldOfStudy",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("field of study"),
    )
    memberships_url = models.URLField(max_length=1000, blank=True)
    lineitems_url = models.URLField(max_length=1000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Moodle course")
        verbose_name_plural = _("Moodle courses")
        constraints = [
            models.UniqueConstraint(fields=["platform", "context_id"], name="lti_course_unique")
        ]

    def __str__(self) -> str:
        return self.title or self.context_id


class Launch(models.Model):
    """A validated launch. Its ``token`` addresses the picker/roster pages of that launch."""

    class MessageType(models.TextChoices):
        RESOURCE = "LtiResourceLinkRequest", _("Resource link")
        DEEP_LINKING = "LtiDeepLinkingRequest", _("Deep Linking")

    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="launches")
    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="launches")
    platform_user = models.ForeignKey(
        PlatformUser, on_delete=models.CASCADE, related_name="launches"
    )
    course = models.ForeignKey(
        CourseLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="launches"
    )
    message_type = models.CharField(max_length=40, choices=MessageType.choices)
    roles = models.JSONField(default=list)
    resource_link_id = models.CharField(max_length=255, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_link_uri = models.URLField(max_length=1000)
    lineitem_url = models.URLField(max_length=1000, blank=True)
    lineitems_url = models.URLField(max_length=1000, blank=True)
    ags_scopes = models.JSONField(default=list, blank=True)
    deep_linking_settings = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("LTI launch")
        verbose_name_plural = _("LTI launches")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["platform_user", "page", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.message_type} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_teacher(self) -> bool:
        return self.platform_user.role == PlatformUser.Role.TEACHER


class LaunchTicket(models.Model):
    """A one-time, short-lived ticket that opens a validated launch in a window of its own
    (first-party), when the browser refused our cookies inside the platform's frame."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    launch = models.ForeignKey(Launch, on_delete=models.CASCADE, related_name="tickets")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("LTI new-window ticket")
