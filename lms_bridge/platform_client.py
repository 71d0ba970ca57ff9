"""HTTP calls we make to a platform: OAuth2 client-credentials token, AGS, NRPS.

Every failure becomes :class:`PlatformUnavailable` (retry later) or :class:`PlatformRefused`
(a 4xx that retrying will not fix); 409 on a score is :class:`ScoreConflict`.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from urllib.parse import urlsplit, urlunsplit

import requests
from django.conf import settings
from django.core.cache import cache

from intelligent_center import outbound

from . import keys, protocol
from .models import Platform

LINEITEM_MEDIA = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEMS_MEDIA = "application/vnd.ims.lis.v2.lineitemcontainer+json"
SCORE_MEDIA = "application/vnd.ims.lis.v1.score+json"
NRPS_MEDIA = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
# One token for every grade call (Moodle grants both scopes to a tool that asked for them).
AGS_SCOPES = [protocol.SCOPE_LINEITEM, protocol.SCOPE_SCORE]


class PlatformUnavailable(Exception):
    """Network error or 5xx: try again later."""


class PlatformRefused(Exception):
    """A 4xx that will not succeed by retrying."""


class ScoreConflict(Exception):
    """409: the platform already holds a newer score."""


def _token_cache_key(platform: Platform, scopes: list[str]) -> str:
    raw = f"{platform.pk}:{platform.client_id}:{' '.join(sorted(scopes))}"
    return "lti:token:" + hashlib.sha256(raw.encode()).hexdigest()


def access_token(*, platform: Platform, scopes: list[str], refresh: bool = False) -> str:
    """A bearer token by client credentials with a signed JWT assertion, cached until expiry."""
    cache_key = _token_cache_key(platform, scopes)
    if not refresh and (token := cache.get(cache_key)):
        return token
    now = int(time.time())
    assertion = keys.jwt_sign(
        {
            "iss": platform.client_id,
            "sub": platform.client_id,
            "aud": platform.token_audience,
            "iat": now,
            "exp": now + 300,
            "jti": secrets.token_urlsafe(16),
        }
    )
    data = {
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion,
        "scope": " ".join(scopes),
    }
    response = _call("POST", platform.auth_token_url, data=data)
    try:
        body = response.json()
        token = body["access_token"]
        expires_in = int(body.get("expires_in", 3600))
    except (ValueError, KeyError, TypeError) as exc:
        raise PlatformRefused(f"token endpoint answered without a token: {exc}") from exc
    cache.set(cache_key, token, max(expires_in - 30, 1))
    return token


def _call(method: str, url: str, **kwargs) -> requests.Response:
    try:
        response = outbound.http_request(method, url, timeout=settings.LTI_HTTP_TIMEOUT, **kwargs)
    except requests.RequestException as exc:
        raise PlatformUnavailable(f"{method} {url}: {exc}") from exc
    if response.status_code == 409:
        raise ScoreConflict(f"{method} {url}: 409 {response.text[:200]}")
    if response.status_code >= 500 or response.status_code == 429:
        raise PlatformUnavailable(f"{method} {url}: {response.status_code} {response.text[:200]}")
    if response.status_code >= 400:
        raise PlatformRefused(f"{method} {url}: {response.status_code} {response.text[:200]}")
    return response


def authorized_call(
    *, platform: Platform, scopes: list[str], method: str, url: str, **kwargs
) -> requests.Response:
    """One call with a bearer token; a 401 drops the cached token and tries once more."""
    headers = kwargs.pop("headers", {})
    for refresh in (False, True):
        token = access_token(platform=platform, scopes=scopes, refresh=refresh)
        try:
            return _call(
                method, url, headers={**headers, "Authorization": f"Bearer {token}"}, **kwargs
            )
        except PlatformRefused as exc:
            if refresh or ": 401 " not in str(exc):
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def scores_url(lineitem_url: str) -> str:
    """``…/lineitems/7/lineitem?type_id=3`` → ``…/lineitems/7/lineitem/scores?type_id=3``."""
    parts = urlsplit(lineitem_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def lineitem_find_or_create(
    *,
    platform: Platform,
    lineitems_url: str,
    resource_id: str,
    resource_link_id: str,
    label: str,
    score_maximum: float,
) -> str:
    scopes = AGS_SCOPES
    response = authorized_call(
        platform=platform,
        scopes=scopes,
        method="GET",
        url=lineitems_url,
        params={"resource_id": resource_id, "resource_link_id": resource_link_id},
        headers={"Accept": LINEITEMS_MEDIA},
    )
    try:
        items = response.json()
    except ValueError as exc:
        raise PlatformRefused(f"line items are not JSON: {exc}") from exc
    for item in items if isinstance(items, list) else []:
        if str(item.get("resourceId", "")) == resource_id and item.get("id"):
            return item["id"]
    created = authorized_call(
        platform=platform,
        scopes=scopes,
        method="POST",
        url=lineitems_url,
        json={
            "scoreMaximum": score_maximum,
            "label": label,
            "resourceId": resource_id,
            "resourceLinkId": resource_link_id,
        },
        headers={"Content-Type": LINEITEM_MEDIA, "Accept": LINEITEM_MEDIA},
    )
    try:
        return created.json()["id"]
    except (ValueError, KeyError, TypeError) as exc:
        raise PlatformRefused(f"created line item has no id: {exc}") from exc


def score_post(*, platform: Platform, lineitem_url: str, score: dict) -> None:
    authorized_call(
        platform=platform,
        scopes=AGS_SCOPES,
        method="POST",
        url=scores_url(lineitem_url),
        json=score,
        headers={"Content-Type": SCORE_MEDIA},
    )


def memberships_all(*, platform: Platform, memberships_url: str, max_pages: int = 50) -> list[dict]:
    """Every member of the course, following the ``Link: <…>; rel="next"`` pages."""
    members: list[dict] = []
    url: str | None = memberships_url
    pages = 0
    while url and pages < max_pages:
        response = authorized_call(
            platform=platform,
            scopes=[protocol.SCOPE_NRPS],
            method="GET",
            url=url,
            headers={"Accept": NRPS_MEDIA},
        )
        try:
            members.extend(response.json().get("members", []))
        except (ValueError, AttributeError) as exc:
            raise PlatformRefused(f"roster is not JSON: {exc}") from exc
        url = response.links.get("next", {}).get("url")
        pages += 1
    return members
