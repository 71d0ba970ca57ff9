"""Search API: ``/api/v1/search/`` and ``/api/v1/search/autocomplete/`` (both in the OpenAPI
schema). What the declared parameters constrain (enums, integer ranges) is checked against the
declarations (422, ``search.api_contract``); the rest is read leniently, never a 500."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Router, Schema, Status

from content.models import RESOURCE_TYPES

from .api_contract import declared_parameters, query_errors
from .corrections import search_run_corrected
from .forms import correction_wanted, query_from_params
from .suggest import suggestions_for

router = Router(tags=["search"])


class SearchResultOut(Schema):
    id: int = Field(description="Page id")
    external_id: str
    type: str = Field(
        description="research, ebook, elearning, econtent, simulator, expert, employer"
    )
    title: str
    url: str
    snippet: str = Field(description="HTML-escaped excerpt; matched words in <mark>")
    score: float


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class SearchOut(Schema):
    count: int
    results: list[SearchResultOut]
    facets: dict[str, list[FacetValueOut]] = Field(
        description="field, type, industry, level, language, year"
    )
    query: str = Field(description="The words the results are for (corrected_query if corrected)")
    original_query: str = Field(description="The words as typed")
    corrected_query: str | None = Field(
        None,
        description="Set when the words as typed found nothing and the results are for this "
        "corrected spelling instead; search again with exact=1 for the words as typed",
    )
    approximate: bool = Field(
        False,
        description="True when the words as typed found nothing and the results are for "
        "similar spellings; exact=1 turns this off",
    )
    suggestion: str | None = Field(
        None, description="'Did you mean' when nothing was found (never the query itself)"
    )


class AutocompleteItemOut(Schema):
    title: str
    title_en: str
    type: str
    type_label: str
    url: str


class AutocompleteTermOut(Schema):
    term: str
    alternatives: list[str] = Field(description="Its translation and other spellings")
    url: str = Field(description="The search page searching for the term")


class AutocompleteOut(Schema):
    query: str
    results: list[AutocompleteItemOut] = Field(description="Resources the user may see")
    terms: list[AutocompleteTermOut] = Field(description="Glossary terms (Thai ↔ English)")


class ParameterErrorOut(Schema):
    """A parameter outside what the OpenAPI document allows."""

    detail: list[dict] = Field(description="[{loc: ['query', name], msg}]")


def _absolute(request: HttpRequest, url: str) -> str:
    return request.build_absolute_uri(url) if url.startswith("/") else url


@router.get(
    "/search/",
    response={200: SearchOut, 422: ParameterErrorOut},
    url_name="search",
    summary="Search resources and profiles (Thai and English)",
    openapi_extra={
        "parameters": [
            {"in": "query", "name": name, "required": False, "schema": schema, "description": d}
            for name, schema, d in [
                ("q", {"type": "string"}, "Words to search for (Thai and/or English)"),
                (
                    "type",
                    {"type": "array", "items": {"type": "string", "enum": list(RESOURCE_TYPES)}},
                    "Resource type(s), repeated (type=a&type=b) or comma-separated",
                ),
                ("field", {"type": "string"}, "Field of study code(s), e.g. F64-11"),
                ("industry", {"type": "string"}, "Industry code(s)"),
                ("level", {"type": "string"}, "Level code(s)"),
                ("language", {"type": "string"}, "th and/or en"),
                ("year", {"type": "string"}, "Year(s), A.D. or B.E."),
                ("sort", {"type": "string", "enum": ["relevance", "newest"]}, "Order"),
                (
                    "exact",
                    {"type": "boolean"},
                    "Search the words as typed: no spelling correction, no similar spellings",
                ),
                ("page", {"type": "integer", "minimum": 1}, "Page number"),
                ("page_size", {"type": "integer", "minimum": 1, "maximum": 50}, "Results per page"),
            ]
        ]
    },
)
def search(request: HttpRequest):
    if errors := query_errors(request.GET, declared_parameters(router, "/search/")):
        return Status(422, {"detail": errors})
    corrected = search_run_corrected(
        query=query_from_params(request.GET, user=request.user),
        correct=correction_wanted(request.GET),
    )
    results = corrected.results
    return {
        "query": corrected.corrected or corrected.original,
        "original_query": corrected.original,
        "corrected_query": corrected.corrected,
        "approximate": corrected.approximate,
        "count": results.count,
        "results": [
            {
                "id": hit.page_id,
                "external_id": hit.external_id,
                "type": hit.type,
                "title": hit.title,
                "url": _absolute(request, hit.url),
                "snippet": str(hit.snippet),
                "score": hit.score,
            }
            for hit in results.hits
        ],
        "facets": {
            name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
            for name, values in results.facets.items()
        },
        "suggestion": corrected.suggestion,
    }


@router.get(
    "/search/autocomplete/",
    response={200: AutocompleteOut, 422: ParameterErrorOut},
    url_name="search_autocomplete",
    summary="Suggestions as the user types: glossary terms and titles of resources and profiles",
    openapi_extra={
        "parameters": [
            {
                "in": "query",
                "name": "q",
                "required": False,
                "schema": {"type": "string"},
                "description": "What was typed so far (at least 2 characters)",
            },
            {
                "in": "query",
                "name": "lang",
                "required": False,
                "schema": {"type": "string", "enum": ["th", "en"]},
                "description": "Language of titles, labels and links (default Thai)",
            },
        ]
    },
)
def autocomplete(request: HttpRequest):
    if errors := query_errors(request.GET, declared_parameters(router, "/search/autocomplete/")):
        return Status(422, {"detail": errors})
    text = str(request.GET.get("q", ""))[:10_000]
    language = request.GET.get("lang")
    if language not in ("th", "en"):
        language = translation.get_language() or "th"
    with translation.override(language):
        items = suggestions_for(text=text, user=request.user)
        return {
            "query": text[:200],
            "results": [
                {
                    "title": i.title,
                    "title_en": i.title_en,
                    "type": i.type,
                    "type_label": i.type_label,
                    "url": _absolute(request, i.url),
                }
                for i in items
                if i.kind == "resource"
            ],
            "terms": [
                {
                    "term": i.title,
                    "alternatives": list(i.alternatives),
                    "url": _absolute(request, i.url),
                }
                for i in items
                if i.kind == "term"
            ],
        }
