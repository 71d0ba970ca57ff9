"""Public views of the content app that are not Wagtail pages: OAI-PMH and robots.txt."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .oai import Provider


@csrf_exempt  # OAI-PMH allows harvesters to POST; the endpoint is read-only.
@require_http_methods(["GET", "POST"])
def oai_pmh(request: HttpRequest) -> HttpResponse:
    args = request.POST if request.method == "POST" else request.GET
    provider = Provider(base_url=request.build_absolute_uri(request.path), request=request)
    body = provider.respond({key: args.getlist(key) for key in args})
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


# Pages no search engine should crawl: staff tools, LTI (Moodle's frames) and search results.
ROBOTS_DISALLOW = ("/admin/", "/django-admin/", "/lti/", "/search/", "/en/search/", "/files/")


def robots_txt(request: HttpRequest) -> HttpResponse:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {base}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
