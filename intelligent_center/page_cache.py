"""Anonymous pages from the cache, with every cached page dropped when anything is published.

A visitor without a session cookie gets the same page as every other such visitor, so GET answers
to them are kept (``PAGE_CACHE_SECONDS``) under a *generation* number. Publishing, unpublishing,
moving or deleting a page, saving a snippet, image or document (intelligent_center.receivers) starts
a new generation: the next request renders afresh. Only 200 answers without cookies, not marked
private, are kept; signed-in users, the admin, per-user files and health checks always pass through.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

from .signals import cached_page_served

logger = logging.getLogger("intelligent_center.page_cache")

GENERATION_KEY = "page_cache:generation"
CACHED_HEADER = "X-Page-Cache"


# Each process asks the shared cache for the generation at most once a second: a publish on one
# node reaches every node's visitors within a second, and a cached page costs one cache read.
GENERATION_RECHECK_SECONDS = 1.0
_known_generation: dict[str, float] = {"value": 0, "checked_at": float("-inf")}


def page_cache_generation() -> int:
    now = time.monotonic()
    if now - _known_generation["checked_at"] < GENERATION_RECHECK_SECONDS:
        return int(_known_generation["value"])
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, timeout=None)
    _known_generation.update(value=int(generation), checked_at=now)
    return int(generation)


def page_cache_clear() -> None:
    """Start a new generation: every page cached so far is stale."""
    try:
        generation = cache.incr(GENERATION_KEY)
    except ValueError:
        generation = 2
        cache.set(GENERATION_KEY, generation, timeout=None)
    _known_generation.update(value=int(generation), checked_at=time.monotonic())


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # signed in, or an LTI launch: pages can differ per person
    return not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)


def _cacheable_response(response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _key(request: HttpRequest, host: str, generation: int) -> str:
    # The language comes from the path (/ Thai, /en/ English); the cookie matters for the rest.
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    raw = f"{host}|{request.get_full_path()}|{language}"
    return f"page_cache:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return self.get_response(request)
        try:
            host = request.get_host()
        except DisallowedHost:
            return self.get_response(request)  # CommonMiddleware answers 400
        try:
            key = _key(request, host, page_cache_generation())
            cached = cache.get(key)
        except Exception as exc:  # the cache is down: serve uncached, say so once per request
            logger.warning("page cache unavailable: %s", exc.__class__.__name__)
            return self.get_response(request)
        if cached is not None:
            response, page_id = cached
            response[CACHED_HEADER] = "hit"
            if page_id:
                cached_page_served.send(type(self), page_id=page_id, request=request)
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            response[CACHED_HEADER] = "miss"
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            try:
                page_id = getattr(request, "page_cache_page_id", None)
                cache.set(key, (response, page_id), settings.PAGE_CACHE_SECONDS)
            except Exception as exc:
                logger.warning("page cache unavailable: %s", exc.__class__.__name__)
        return response
