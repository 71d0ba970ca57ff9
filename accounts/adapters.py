"""allauth adapters: who may sign up (open, listed e-mail domains, or invitation only)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.utils.translation import gettext as _

from intelligent_center import outbound

from .selectors import invitation_for_token

INVITATION_SESSION_KEY = "accounts_invitation"


def email_domain_allowed(email: str) -> bool:
    domain = email.rsplit("@", 1)[-1].strip().lower()
    return any(
        domain == allowed or domain.endswith("." + allowed)
        for allowed in settings.ACCOUNT_SIGNUP_DOMAINS
    )


def session_invitation(request):
    token = request.session.get(INVITATION_SESSION_KEY, "") if request else ""
    return invitation_for_token(token=token) if token else None


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        if settings.ACCOUNT_SIGNUP_MODE == "invitation":
            return session_invitation(request) is not None
        return True

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        mode = settings.ACCOUNT_SIGNUP_MODE
        if mode == "domains" and not email_domain_allowed(email):
            domains = ", ".join("@" + d for d in settings.ACCOUNT_SIGNUP_DOMAINS)
            raise forms.ValidationError(
                _("Sign-up is open to addresses at %(domains)s only.") % {"domains": domains}
            )
        if mode == "invitation":
            invitation = session_invitation(self.request)
            if invitation is None or invitation.email.lower() != email.lower():
                raise forms.ValidationError(
                    _("Use the e-mail address your invitation was sent to.")
                )
        return email

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        invitation = session_invitation(request)
        if commit and invitation is not None:
            from .services import invitation_accept

            invitation_accept(invitation=invitation, user=user)
            request.session.pop(INVITATION_SESSION_KEY, None)
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_requests_session(self):
        # The provider is reached through the project's one outbound client: an identity
        # provider on a private network must be listed in OUTBOUND_ALLOWED_HOSTS.
        return outbound.OutboundSession()

    def is_open_for_signup(self, request, sociallogin) -> bool:
        # The identity provider vouches for its users (OVEC's or a college's): an account is made
        # at first sign-in whatever ACCOUNT_SIGNUP_MODE says; the e-mail domain rule still holds.
        if settings.ACCOUNT_SIGNUP_MODE == "domains":
            email = sociallogin.user.email or ""
            return bool(email) and email_domain_allowed(email)
        return True
