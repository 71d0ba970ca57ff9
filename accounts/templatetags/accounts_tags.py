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
        "messages": context.get("messages"),
    }


@register.inclusion_tag("accounts/includes/reading_tracker.html", takes_context=True)
def reading_tracker(context, page):
    """On an e-book page: reports the reader's page to "Continue reading" of a signed-in account.
    Not inside an LMS frame: the launch is no account, and a third-party frame has no CSRF cookie
    (every report was a 403 there)."""
    request = context.get("request")
    tracked = (
        request is not None
        and request.user.is_authenticated
        and getattr(request, "lti_launch", None) is None
    )
    return {"page": page, "tracked": tracked}
