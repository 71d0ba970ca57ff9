"""May an external simulator site be shown in a frame? (Asked once, remembered a week.)"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache

from intelligent_center import outbound

logger = logging.getLogger("intelligent_center.files")
CACHE_SECONDS = 7 * 24 * 60 * 60


def _cache_key(url: str) -> str:
    import hashlib

    return f"files:embeddable:{hashlib.sha256(url.encode()).hexdigest()}"


def frame_allowed_by_headers(headers) -> bool:
    """False when ``X-Frame-Options`` or CSP ``frame-ancestors`` forbid other sites framing it."""
    xfo = (headers.get("X-Frame-Options") or "").strip().lower()
    if xfo in {"deny", "sameorigin"} or xfo.startswith("allow-from"):
        return False
    csp = headers.get("Content-Security-Policy") or ""
    for directive in csp.split(";"):
        parts = directive.strip().split()
        if parts and parts[0].lower() == "frame-ancestors":
            sources = [source.lower() for source in parts[1:]]
            site = settings.WAGTAILADMIN_BASE_URL.rstrip("/").lower()
            return "*" in sources or site in sources
    return True


def external_embed_check(*, url: str) -> bool:
    """Fetch the page's headers now and remember whether it may be framed."""
    import requests

    if not url.startswith(("https://", "http://")):
        return False
    try:
        response = outbound.http_request(
            "GET", url, timeout=settings.FILES_LIMITS["EXTERNAL_CHECK_TIMEOUT"], headers_only=True
        )
        allowed = response.ok and frame_allowed_by_headers(response.headers)
    except requests.RequestException as exc:
        logger.info("external simulator %s not reachable: %s", url, exc)
        allowed = False
    cache.set(_cache_key(url), allowed, CACHE_SECONDS)
    return allowed


def external_embed_allowed(*, url: str) -> bool:
    """What the last check found (not yet checked: no, open in a new tab)."""
    return bool(cache.get(_cache_key(url), False))
