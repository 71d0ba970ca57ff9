"""A collection as citations (RIS, BibTeX) and as JSON. Research reports use content's own
citation export; other resource types become electronic-resource records of the same form."""

from __future__ import annotations

import json

from content import citations

# RIS and BibTeX types per resource type (research comes from content.citations).
RIS_TYPES = {"ebook": "EBOOK", "elearning": "ELEC", "econtent": "ELEC", "simulator": "ELEC"}
BIBTEX_TYPES = {"ebook": "book"}


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if url and url.startswith("/") else url


def _ris_line(tag: str, value) -> str:
    return f"{tag}  - {' '.join(str(value).split())}"


def _resource_ris(page, url: str) -> str:
    lines = [_ris_line("TY", RIS_TYPES.get(page.resource_type, "GEN")), _ris_line("TI", page.title)]
    if page.title_en:
        lines.append(_ris_line("TT", page.title_en))
    lines += [_ris_line("AU", name) for name in page.author_names]
    if page.year:
        lines.append(_ris_line("PY", page.year))
    if page.institution_id:
        lines.append(_ris_line("PB", page.institution.name_th))
    lines.append(_ris_line("UR", url))
    if page.summary:
        lines.append(_ris_line("AB", page.summary))
    lines += [_ris_line("LA", code) for code in page.language_codes]
    lines.append(_ris_line("ID", page.external_id))
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


def _bibtex(value) -> str:
    return citations._bibtex_value(value)


def _resource_bibtex(page, url: str) -> str:
    fields = [("title", page.title)]
    if page.title_en:
        fields.append(("note", f"English title: {page.title_en}"))
    if page.author_names:
        fields.append(("author", " and ".join(page.author_names)))
    if page.year:
        fields.append(("year", str(page.year)))
    if page.institution_id:
        fields.append(("publisher", page.institution.name_th))
    fields.append(("url", url))
    fields.append(("howpublished", "คลังปัญญาอาชีวศึกษา (Intelligent Center)"))
    fields.append(("language", ", ".join(page.language_codes)))
    body = ",\n".join(f"  {name} = {{{_bibtex(value)}}}" for name, value in fields)
    kind = BIBTEX_TYPES.get(page.resource_type, "misc")
    return f"@{kind}{{{citations.bibtex_key(page)},\n{body}\n}}\n"


def collection_ris(*, items, request) -> str:
    parts = []
    for view in items:
        url = _absolute(request, view.url)
        if view.type_key == "research":
            parts.append(citations.research_ris(page=view.page, url=url))
        else:
            parts.append(_resource_ris(view.page, url))
    return "\r\n".join(parts)


def collection_bibtex(*, items, request) -> str:
    parts = []
    for view in items:
        url = _absolute(request, view.url)
        if view.type_key == "research":
            parts.append(citations.research_bibtex(page=view.page, url=url))
        else:
            parts.append(_resource_bibtex(view.page, url))
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
