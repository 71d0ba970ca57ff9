"""A collection as citations (RIS, BibTeX, from ``content.citations``) and as JSON."""

from __future__ import annotations

import json

from content import citations


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if url and url.startswith("/") else url


def collection_ris(*, items, request) -> str:
    parts = []
    for view in items:
        url = _absolute(request, view.url)
        parts.append(citations.resource_ris(page=view.page, url=url))
    return "\r\n".join(parts)


def collection_bibtex(*, items, request) -> str:
    parts = []
    for view in items:
        url = _absolute(request, view.url)
        parts.append(citations.resource_bibtex(page=view.page, url=url))
    return "\n".join(parts)


def collection_data(*, collection, items, request) -> dict:
    return {
        "id": collection.pk,
        "title": collection.title,
        "description": collection.description,
        "visibility": collection.visibility,
        "updated_at": collection.updated_at.isoformat(),
        "items": [
            {
                "position": n,
                "page_id": view.page.pk,
                "external_id": getattr(view.page, "external_id", ""),
                "type": view.type_key,
                "title": view.page.title,
                "title_en": getattr(view.page, "title_en", ""),
                "url": _absolute(request, view.url),
                "note": view.item.note,
            }
            for n, view in enumerate(items, start=1)
        ],
    }


def collection_json(*, collection, items, request) -> str:
    data = collection_data(collection=collection, items=items, request=request)
    return json.dumps(data, ensure_ascii=False, indent=2)
