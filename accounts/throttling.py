"""The account name django-axes counts wrong passwords against, for both sign-in forms."""

from __future__ import annotations


def username_tried(request, credentials: dict | None) -> str:
    """Wagtail's admin login sends ``username``; allauth's public form ``login`` (an e-mail
    address, passed on to backends as ``email``). Lower-cased so case does not reset the count."""
    credentials = credentials or {}
    data = getattr(request, "POST", {}) or {}
    for value in (
        credentials.get("username"),
        credentials.get("email"),
        data.get("login"),
        data.get("username"),
    ):
        if value:
            return str(value).strip().lower()
    return ""
