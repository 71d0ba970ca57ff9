from django import template
from django.conf import settings
from django.contrib.auth import SESSION_KEY

from .. import selectors

register = template.Library()


@register.simple_tag
def signup_domains() -> list[str]:
    if settings.ACCOUNT_SIGNUP_MODE != "domains":
        return []
    return ["@" + domain for domain in settings.ACCOUNT_SIGNUP_DOMAINS]


@register.inclusion_tag("accounts/includes/header_account.html", takes_context=True)
def account_menu(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    # lms_bridge lends a launch's password-less user to an anonymous request; that browser is
    # not signed in to the public site (no session login).
    signed_in = bool(
        user and user.is_authenticated and request.session.get(SESSION_KEY) == str(user.pk)
    )
    return {
        "signed_in": signed_in,
        "name": selectors.display_name(user=user) if signed_in else "",
        "next": request.get_full_path() if request else "/",
    }


@register.inclusion_tag("accounts/includes/reading_tracker.html")
def reading_tracker(page):
    """On an e-book page: reports the reader's page to "Continue reading"."""
    return {"page": page}
