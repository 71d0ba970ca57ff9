"""Reading search parameters from a query string (the page and the API share this)."""

from __future__ import annotations

from django.http import QueryDict

from .index import FACETS
from .query import MAX_PAGE, MAX_PAGE_SIZE, SORTS, SearchQuery


def _int(value, default: int, lowest: int, highest: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return min(max(number, lowest), highest)


def query_from_params(params: QueryDict, *, user, page_size_default: int = 10) -> SearchQuery:
    """A :class:`SearchQuery` from GET parameters; bad values fall back to defaults, never fail.
    Repeated (``type=a&type=b``) and comma-separated (``type=a,b``) filter values both work."""
    filters: dict[str, list[str]] = {}
    for name in FACETS:
        values: list[str] = []
        for raw in params.getlist(name):
            values += [v.strip() for v in str(raw).split(",") if v.strip()]
        if values:
            filters[name] = values
    text = str(params.get("q", ""))[:10_000]
    # Without words there is nothing to rank: browsing lists the newest first.
    default_sort = "relevance" if text.strip() else "newest"
    sort = params.get("sort") or default_sort
    return SearchQuery(
        text=text,
        filters=filters,
        page=_int(params.get("page"), 1, 1, MAX_PAGE),
        page_size=_int(params.get("page_size"), page_size_default, 1, MAX_PAGE_SIZE),
        sort=sort if sort in SORTS else default_sort,
        user=user,
    )


EXACT_PARAM = "exact"


def correction_wanted(params: QueryDict) -> bool:
    """``exact=1`` searches the words as typed: no spelling correction, no similar spellings."""
    return str(params.get(EXACT_PARAM, "")).strip().lower() not in ("1", "true", "yes", "on")
