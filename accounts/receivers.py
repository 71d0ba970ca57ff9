"""Every new account gets a profile, whichever way it was made (password sign-up or SSO)."""

from allauth.account.signals import user_signed_up
from django.dispatch import receiver

from .services import profile_ensure


@receiver(user_signed_up, dispatch_uid="accounts.profile_on_signup")
def profile_on_signup(sender, request, user, **kwargs):
    profile_ensure(user=user)
