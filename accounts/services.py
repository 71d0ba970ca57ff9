"""Writes of the accounts app."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Invitation, LtiIdentityLink, Profile, ReadingPosition


@transaction.atomic
def profile_ensure(*, user) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def profile_update(
    *, user, display_name: str, role: str, institution=None, fields_of_study=()
) -> Profile:
    profile = profile_ensure(user=user)
    profile.display_name = display_name.strip()[:150]
    profile.role = role
    profile.institution = institution
    profile.save()
    profile.fields_of_study.set(fields_of_study)
    return profile


def _invitation_email(invitation: Invitation) -> None:
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "accounts:invitation", args=[invitation.token]
    )
    body = render_to_string("accounts/email/invitation.txt", {"url": url})
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Invitation to the Intelligent Center"),
        body,
        None,
        [invitation.email],
    )


@transaction.atomic
def invitation_create(*, email: str, invited_by=None) -> Invitation:
    invitation = Invitation.objects.create(email=email.strip().lower(), invited_by=invited_by)
    invitation_send(invitation=invitation)
    return invitation


def invitation_send(*, invitation: Invitation) -> None:
    transaction.on_commit(lambda: _invitation_email(invitation))


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> None:
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )


class LinkRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def lti_identity_link(*, user, identity) -> LtiIdentityLink:
    """Link the LTI identity this browser launched with to ``user`` (signed in with a password
    or SSO). Only ever on the owner's explicit request, never by matching e-mail addresses."""
    if identity is None:
        raise LinkRefused(_("This browser has no Moodle launch to link."))
    if identity.user.pk == user.pk:
        raise LinkRefused(_("Sign in with your own account first, then link the Moodle identity."))
    existing = LtiIdentityLink.objects.select_for_update().filter(lti_user=identity.user).first()
    if existing is not None and existing.user_id != user.pk:
        raise LinkRefused(_("This Moodle identity is already linked to another account."))
    if existing is not None:
        return existing
    return LtiIdentityLink.objects.create(
        user=user, lti_user=identity.user, platform_name=identity.platform_name, sub=identity.sub
    )


@transaction.atomic
def lti_identity_unlink(*, user, link_id: int) -> int:
    deleted, _rows = LtiIdentityLink.objects.filter(user=user, pk=link_id).delete()
    return deleted


@transaction.atomic
def reading_position_record(*, user, page, number: int) -> ReadingPosition:
    position, _created = ReadingPosition.objects.update_or_create(
        user=user, page=page, defaults={"number": max(1, int(number))}
    )
    return position


def _token_hash(raw: str) -> str:
    import hashlib

    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, user) -> str:
    """A new personal API token (the previous one stops working); shown once, stored hashed."""
    import secrets

    from .models import ApiToken

    raw = "ic_" + secrets.token_urlsafe(32)
    ApiToken.objects.update_or_create(user=user, defaults={"token_hash": _token_hash(raw)})
    return raw


@transaction.atomic
def api_token_revoke(*, user) -> None:
    from .models import ApiToken

    ApiToken.objects.filter(user=user).delete()
