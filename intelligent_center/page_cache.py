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

from .errors import is_service_unavailable
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
    """Start a new generation: every page cached so far is stale. A cache that is down does not
    fail the save that asked (an editor's publish): nothing is served from it meanwhile."""
    try:
        try:
            generation = cache.incr(GENERATION_KEY)
        except ValueError:
            generation = 2
            cache.set(GENERATION_KEY, generation, timeout=None)
    except Exception as exc:
        if not is_service_unavailable(exc):
            raise
        logger.warning("page cache not cleared, the cache is unreachable: %s", exc)
        return
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


def _key(request: HttpRequest, host: str) -> str:
    # The language comes from the path (/ Thai, /en/ English); the cookie matters for the rest.
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    raw = f"{host}|{request.get_full_path()}|{language}"
    return f"page_cache:{hashlib.sha256(raw.encode()).hexdigest()}"


# After a publish, one request per page renders it afresh; the others get the previous copy for
# the few moments that takes, rather than all rendering it at once (a stampede under load).
RENDER_LOCK_SECONDS = 10


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
            key = _key(request, host)
            generation = page_cache_generation()
            cached = cache.get(key)
            fresh = cached is not None and cached[0] == generation
            if (
                cached is not None
                and not fresh
                and cache.add(f"{key}:render", 1, RENDER_LOCK_SECONDS)
            ):
                cached = None  # this request renders the new copy
        except Exception as exc:  # the cache is down: serve uncached, say so once per request
            logger.warning("page cache unavailable: %s", exc.__class__.__name__)
            return self.get_response(request)
        if cached is not None:
            _, response, page_id = cached
            response[CACHED_HEADER] = "hit" if fresh else "stale"
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
                cache.set(key, (generation, response, page_id), settings.PAGE_CACHE_SECONDS)
                cache.delete(f"{key}:render")
            except Exception as exc:
                logger.warning("page cache unavailable: %s", exc.__class__.__name__)
        else:
            # Gone, restricted or failing now: no one may be given the older copy any more.
            try:
                cache.delete_many([key, f"{key}:render"])
            except Exception as exc:
                logger.warning("page cache unavailable: %s", exc.__class__.__name__)
        return response


def generation_cached(key: str, build: Callable[[], object], *, seconds: int | None = None):
    """``build()``'s result kept until anything is published (the page cache's generation).

    For what a page shows to every visitor alike (a bank's sections, a resource's neighbours):
    signed-in visitors, whose pages are not cached whole, get these parts from the cache too.
    A cache outage only costs the rebuild.
    """
    seconds = settings.PAGE_CACHE_SECONDS if seconds is None else seconds
    if not seconds:
        return build()
    try:
        digest = hashlib.sha256(key.encode()).hexdigest()
        full_key = f"fragment:{page_cache_generation()}:{digest}"
        value = cache.get(full_key)
    except Exception as exc:
        logger.warning("page cache unavailable: %s", exc.__class__.__name__)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(full_key, value, seconds)
        except Exception as exc:
            logger.warning("page cache unavailable: %s", exc.__class__.__name__)
    return value
