"""A single sign-on start that cannot reach the identity provider gets a page, not a 500.

allauth turns a provider that fails during the callback into its "sign-in failed" page, but
the start (which first reads the provider's discovery document) lets the error through: with
the provider down or refused by the outbound policy every click on "Sign in with …" was a 500.
"""

from __future__ import annotations

import logging

import requests
from django.shortcuts import render

logger = logging.getLogger("intelligent_center.accounts")
SSO_URL_NAMES = {"openid_connect_login", "openid_connect_callback"}


class SsoUnreachableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = getattr(request, "resolver_match", None)
        if not isinstance(exception, requests.RequestException) or (
            match is None or match.url_name not in SSO_URL_NAMES
        ):
            return None
        logger.warning("single sign-on provider unreachable: %s", exception)
        context = {"provider_name": _provider_name(request, match.kwargs.get("provider_id", ""))}
        return render(request, "accounts/sso_unavailable.html", context, status=503)


def _provider_name(request, provider_id: str) -> str:
    from allauth.socialaccount.adapter import get_adapter

    try:
        return get_adapter().get_provider(request, provider_id).name
    except Exception:  # noqa: BLE001 - only a label: the page is shown whatever happens here
        return "SSO"
