"""Error pages in Thai and English that need neither the database nor a request context.

``handler500`` answers 503 (page, or JSON under /api/) when the failure is the database or the cache
being unreachable: the site comes back by itself once they are (connections are health-checked on
every request), and a load balancer or browser is told to retry rather than that the site broke.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

RETRY_AFTER_SECONDS = 30

UNAVAILABLE_MESSAGE = {
    "th": "ระบบขัดข้องชั่วคราว กรุณาลองใหม่อีกครั้งในอีกสักครู่",
    "en": "The service is temporarily unavailable. Please try again in a moment.",
}
SERVER_ERROR_MESSAGE = {
    "th": "เกิดข้อผิดพลาดในระบบ เราได้บันทึกไว้แล้ว กรุณาลองใหม่อีกครั้ง",
    "en": "Something went wrong on our side. It has been logged; please try again.",
}


def _unavailable_exceptions() -> tuple[type[BaseException], ...]:
    kinds: list[type[BaseException]] = [OperationalError, InterfaceError]
    try:  # the Redis cache's client errors (connection refused, timeout)
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        kinds += [RedisConnectionError, RedisTimeoutError]
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    return tuple(kinds)


UNAVAILABLE_EXCEPTIONS = _unavailable_exceptions()


def is_service_unavailable(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, UNAVAILABLE_EXCEPTIONS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(settings.ERROR_PAGE_JSON_PREFIXES)


def _static_page(template: str, status: int) -> HttpResponse:
    # No RequestContext: context processors (site settings, the user) would query the database.
    html = loader.get_template(template).render({"static_url": settings.STATIC_URL})
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")


def service_unavailable(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        response = JsonResponse(
            {"detail": UNAVAILABLE_MESSAGE["en"], "detail_th": UNAVAILABLE_MESSAGE["th"]},
            status=503,
        )
    else:
        response = _static_page("503.html", 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: 503 while a backing service is down, otherwise the static 500 page."""
    if is_service_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    if _wants_json(request):
        return JsonResponse(
            {"detail": SERVER_ERROR_MESSAGE["en"], "detail_th": SERVER_ERROR_MESSAGE["th"]},
            status=500,
        )
    return _static_page("500.html", 500)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """``handler404``: the site's header and a bilingual explanation with a way on."""
    if _wants_json(request):
        return JsonResponse({"detail": "Not found", "detail_th": "ไม่พบข้อมูล"}, status=404)
    from django.shortcuts import render

    from .views import NOTICE_LANGUAGES

    return render(request, "404.html", {"notice_languages": NOTICE_LANGUAGES}, status=404)
