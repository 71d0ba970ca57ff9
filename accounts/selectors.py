"""Reads of the accounts app: profiles, invitations, linked LTI identities, "my work"."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from .models import Invitation, LtiIdentityLink, Profile, ReadingPosition


def profile_for_user(*, user) -> Profile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Profile.objects.select_related("institution")
        .prefetch_related("fields_of_study")
        .filter(user=user)
        .first()
    )


def profile_for_key(*, key: str) -> Profile | None:
    return (
        Profile.objects.select_related("institution", "user")
        .prefetch_related("fields_of_study")
        .filter(public_key=key, user__is_active=True)
        .first()
    )


def profile_initial(*, profile: Profile | None) -> dict:
    if profile is None:
        return {}
    return {
        "display_name": profile.display_name,
        "role": profile.role,
        "institution": profile.institution,
        "fields_of_study": list(profile.fields_of_study.all()),
    }


def display_name(*, user) -> str:
    profile = profile_for_user(user=user)
    return (profile.display_name if profile else "") or user.get_username()


def invitation_for_token(*, token: str) -> Invitation | None:
    return Invitation.objects.filter(token=token, accepted_at__isnull=True).first()


def lti_links_of_user(*, user) -> list[LtiIdentityLink]:
    return list(
        LtiIdentityLink.objects.filter(user=user).select_related("lti_user").order_by("linked_at")
    )


def account_for_lti_user(*, lti_user):
    """The account an LTI identity's owner linked it to, else the LTI user itself."""
    link = LtiIdentityLink.objects.select_related("user").filter(lti_user=lti_user).first()
    return link.user if link else lti_user


def lti_user_is_linked(*, lti_user) -> bool:
    return LtiIdentityLink.objects.filter(lti_user=lti_user).exists()


def users_acting_as(*, user) -> list:
    """``user`` and every LTI identity linked to it (their attempts are the user's too)."""
    ids = [user.pk, *LtiIdentityLink.objects.filter(user=user).values_list("lti_user", flat=True)]
    return list(get_user_model().objects.filter(pk__in=ids))


@dataclass
class ContinueReading:
    page: object
    number: int
    url: str
    updated_at: object


def continue_reading(*, user, limit: int = 20) -> list[ContinueReading]:
    """The page last open in each e-book, most recent first (live pages only)."""
    from files.selectors import reader_location_url

    rows = (
        ReadingPosition.objects.filter(user=user, page__live=True)
        .select_related("page")
        .order_by("-updated_at")[:limit]
    )
    return [
        ContinueReading(
            page=row.page,
            number=row.number,
            url=reader_location_url(row.page, row.number),
            updated_at=row.updated_at,
        )
        for row in rows
    ]


def user_for_api_token(*, raw: str):
    """The active user a personal API token belongs to, or ``None``."""
    from .models import ApiToken
    from .services import _token_hash

    if not raw or not raw.startswith("ic_"):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_token_hash(raw), user__is_active=True)
        .first()
    )
    return token.user if token else None


def has_api_token(*, user) -> bool:
    from .models import ApiToken

    return ApiToken.objects.filter(user=user).exists()
