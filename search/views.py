"""The /search/ page (thin: parameters → query service → template). Without words it browses
everything (newest first) with the facets."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .corrections import search_run_corrected
from .forms import EXACT_PARAM, correction_wanted, query_from_params
from .labels import browse_all_label, facet_titles


def _url(params: dict[str, list[str]]) -> str:
    pairs = [(k, v) for k, values in params.items() for v in values if v != ""]
    return "?" + urlencode(pairs) if pairs else "?"


def _facet_groups(results, base: dict[str, list[str]]) -> list[dict]:
    def toggle(name: str, value: str) -> str:
        params = {k: list(v) for k, v in base.items()}
        values = params.setdefault(name, [])
        if value in values:
            values.remove(value)
        else:
            values.append(value)
        return _url(params)

    return [
        {
            "name": name,
            "title": facet_titles()[name],
            "values": [{"facet": v, "url": toggle(name, v.value)} for v in values],
        }
        for name, values in results.facets.items()
        if values
    ]


def _heading(query) -> str:
    if query.text.strip():
        return _("Search the knowledge banks")
    types = query.filters.get("type", [])
    if len(types) == 1 and set(query.filters) == {"type"}:
        return browse_all_label(types[0])
    return _("Browse all resources")


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    query = query_from_params(request.GET, user=request.user)
    search = search_run_corrected(query=query, correct=correction_wanted(request.GET))
    results = search.results
    base = {k: request.GET.getlist(k) for k in request.GET if k != "page"}
    pages = {}
    if results.page > 1:
        pages["previous"] = _url({**base, "page": [str(results.page - 1)]})
    if results.page < results.num_pages:
        pages["next"] = _url({**base, "page": [str(results.page + 1)]})
    has_text = bool(query.text.strip())
    return render(
        request,
        "search/search_page.html",
        {
            "query": query,
            "heading": _heading(query),
            "has_text": has_text,
            "results": results,
            "correction": search,
            # The words as typed, with the same filters, never corrected.
            "exact_url": _url({**base, "q": [search.original], EXACT_PARAM: ["1"]}),
            "facet_groups": _facet_groups(results, base),
            "selected_filter_count": sum(len(v) for v in query.filters.values()),
            "pages": pages,
            "sort_urls": {s: _url({**base, "sort": [s]}) for s in ("relevance", "newest")},
            "suggestion_url": (
                _url({**base, "q": [search.suggestion], EXACT_PARAM: []})
                if search.suggestion
                else ""
            ),
            "filters": [(k, v) for k, vs in query.filters.items() for v in vs],
        },
    )
