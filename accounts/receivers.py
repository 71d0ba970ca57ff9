"""Every new account gets a profile, whichever way it was made (password sign-up or SSO)."""

from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from .services import profile_ensure


def _name_from_provider(sociallogin) -> str:
    data = sociallogin.account.extra_data or {}
    for claims in (data.get("userinfo"), data.get("id_token"), data):
        if isinstance(claims, dict) and claims.get("name"):
            return str(claims["name"])[:150]
    return ""


@receiver(user_signed_up, dispatch_uid="accounts.profile_on_signup")
def profile_on_signup(sender, request, user, **kwargs):
    profile = profile_ensure(user=user)
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is not None and not profile.display_name:
        profile.display_name = _name_from_provider(sociallogin) or user.get_full_name()
        profile.save(update_fields=["display_name"])
