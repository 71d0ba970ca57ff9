"""Public views of the content app that are not Wagtail pages: the OAI-PMH endpoint."""

from __future__ import annotations

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
