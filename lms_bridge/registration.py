"""LTI Advantage Dynamic Registration, as Moodle 4.x/5.x runs it ("Tool URL" → "Add LTI Advantage").

Moodle opens ``<our registration URL>?openid_configuration=…&registration_token=…`` in its admin.
We read the platform's configuration, post our client registration, store the platform and its
deployment. The registration URL carries a one-time invitation made by our staff, so nobody can
register a platform we did not invite.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from intelligent_center import outbound

from . import protocol, services
from .errors import LtiError
from .models import Platform, RegistrationInvite

TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"


def tool_registration_request() -> dict:
    """The client registration we post (RFC 7591 + the LTI tool configuration)."""
    urls = services.tool_urls()
    base = settings.LTI_TOOL_BASE_URL.rstrip("/")
    return {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": urls["login_url"],
        "redirect_uris": [urls["launch_url"]],
        "client_name": settings.LTI_TOOL_TITLE,
        "jwks_uri": urls["jwks_url"],
        "logo_uri": base + "/static/favicon.svg",
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(protocol.ALL_SCOPES),
        TOOL_CONFIGURATION: {
            "domain": urlsplit(base).netloc,
            "description": "คลังปัญญาอาชีวศึกษา — knowledge bank resources for vocational courses",
            "target_link_uri": base + "/",
            "custom_parameters": {},
            "claims": ["iss", "sub", "name", "given_name", "family_name", "email"],
            "messages": [
                {
                    "type": "LtiDeepLinkingRequest",
                    "target_link_uri": urls["deep_linking_url"],
                    "label": "คลังปัญญาอาชีวศึกษา (Intelligent Center)",
                }
            ],
        },
    }


def _get_json(url: str, token: str) -> dict:
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        response = outbound.http_request(
            "GET", url, headers=headers, timeout=settings.LTI_HTTP_TIMEOUT
        )
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise LtiError("registration_failed", detail=f"{url}: {exc}") from exc
    if not isinstance(data, dict):
        raise LtiError("registration_failed", detail=f"{url}: not a JSON object")
    return data


def _same_host(url: str, issuer: str) -> bool:
    theirs, ours = urlsplit(url), urlsplit(issuer)
    return theirs.scheme in ("https", "http") and (theirs.hostname, theirs.port) == (
        ours.hostname,
        ours.port,
    )


def dynamic_register(
    *, invite_token: str, openid_configuration: str, registration_token: str
) -> Platform:
    invite = RegistrationInvite.objects.filter(token=invite_token).first()
    if invite is None or not invite.is_usable:
        raise LtiError("registration_invalid", detail="unknown, expired or used invitation")
    if not openid_configuration.startswith(("https://", "http://")):
        raise LtiError("bad_request", detail="openid_configuration missing")
    config = _get_json(openid_configuration, registration_token)
    issuer = str(config.get("issuer", ""))
    # The configuration must come from the issuer's own site (spec §3.5.1).
    if not issuer or not openid_configuration.startswith(issuer.rstrip("/")):
        raise LtiError("registration_failed", detail=f"issuer {issuer!r} vs {openid_configuration}")
    required = ("authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint")
    missing = [key for key in required if not config.get(key)]
    if missing:
        raise LtiError("registration_failed", detail=f"configuration lacks {missing}")
    # Every endpoint we will call or trust lives on the issuer's own host.
    foreign = [key for key in required if not _same_host(str(config[key]), issuer)]
    if foreign:
        raise LtiError("registration_failed", detail=f"{foreign} not on the issuer's host")
    try:
        response = outbound.http_request(
            "POST",
            config["registration_endpoint"],
            json=tool_registration_request(),
            headers={"Authorization": f"Bearer {registration_token}"} if registration_token else {},
            timeout=settings.LTI_HTTP_TIMEOUT,
        )
        response.raise_for_status()
        answer = response.json()
        client_id = str(answer["client_id"])
    except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
        raise LtiError("registration_failed", detail=f"registration endpoint: {exc}") from exc
    tool_config = answer.get(TOOL_CONFIGURATION) or {}
    deployment_id = str(tool_config.get("deployment_id") or "")
    product = (config.get(PLATFORM_CONFIGURATION) or {}).get("product_family_code", "")
    name = f"{product or 'LTI'} — {urlsplit(issuer).netloc}"
    with transaction.atomic():
        platform = services.platform_register(
            name=name,
            issuer=issuer,
            client_id=client_id,
            auth_login_url=config["authorization_endpoint"],
            auth_token_url=config["token_endpoint"],
            auth_audience=str(config.get("authorization_server") or ""),
            jwks_url=config["jwks_uri"],
            deployment_ids=[deployment_id] if deployment_id else [],
            source=Platform.Source.DYNAMIC,
        )
        updated = RegistrationInvite.objects.filter(pk=invite.pk, used_at__isnull=True).update(
            used_at=timezone.now(), platform=platform
        )
        if not updated:
            raise LtiError("registration_invalid", detail="invitation used concurrently")
    return platform


@transaction.atomic
def invite_create(*, note: str = "", days: int = 7, user=None) -> RegistrationInvite:
    return RegistrationInvite.objects.create(
        note=note, created_by=user, expires_at=timezone.now() + timedelta(days=days)
    )


def invite_url(invite: RegistrationInvite) -> str:
    return services.tool_url("lms_bridge:register", invite=invite.token)
