"""Site-wide responses that belong to no app."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# A refusal is read by whoever hit it, whatever the page language: Thai first, then English.
NOTICE_LANGUAGES = ("th", "en")


def rate_limited(request: HttpRequest, exception=None) -> HttpResponse:
    """django-ratelimit's refusal: a bilingual 429 page with the wait it asks for."""
    response = render(
        request, "rate_limited.html", {"notice_languages": NOTICE_LANGUAGES}, status=429
    )
    response["Retry-After"] = "60"
    return response


def account_locked(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """django-axes' refusal after too many wrong passwords: bilingual, with the wait in minutes."""
    from axes.helpers import get_client_username, get_cool_off, get_failure_limit

    cool_off = get_cool_off(request)
    context = {
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": round(cool_off.total_seconds() / 60) if cool_off else 0,
        "notice_languages": NOTICE_LANGUAGES,
    }
    locked = render(request, "account_locked.html", context, status=429)
    locked["Retry-After"] = str(context["cooloff_minutes"] * 60)
    return locked
