"""The /search/ page (thin: parameters → query service → template)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .forms import query_from_params
from .labels import facet_titles
from .query import search_run


def _url(params: dict[str, list[str]]) -> str:
    pairs = [(k, v) for k, values in params.items() for v in values if v != ""]
    return "?" + urlencode(pairs) if pairs else "?"


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    query = query_from_params(request.GET, user=request.user)
    results = search_run(query=query) if (query.text.strip() or query.filters) else None
    base = {k: request.GET.getlist(k) for k in request.GET if k != "page"}

    def toggle(name: str, value: str) -> str:
        params = {k: list(v) for k, v in base.items()}
        values = params.setdefault(name, [])
        if value in values:
            values.remove(value)
        else:
            values.append(value)
        return _url(params)

    facet_groups = []
    if results:
        for name, values in results.facets.items():
            if values:
                facet_groups.append(
                    {
                        "name": name,
                        "title": facet_titles()[name],
                        "values": [{"facet": v, "url": toggle(name, v.value)} for v in values],
                    }
                )
    pages = {}
    if results:
        if results.page > 1:
            pages["previous"] = _url({**base, "page": [str(results.page - 1)]})
        if results.page < results.num_pages:
            pages["next"] = _url({**base, "page": [str(results.page + 1)]})
    sort_urls = {s: _url({**base, "sort": [s]}) for s in ("relevance", "newest")}
    suggestion_url = (
        _url({**base, "q": [results.suggestion]}) if results and results.suggestion else ""
    )
    return render(
        request,
        "search/search_page.html",
        {
            "query": query,
            "results": results,
            "facet_groups": facet_groups,
            "pages": pages,
            "sort_urls": sort_urls,
            "suggestion_url": suggestion_url,
            "filters": [(k, v) for k, vs in query.filters.items() for v in vs],
        },
    )
