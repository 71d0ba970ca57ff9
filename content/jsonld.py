"""schema.org JSON-LD for resource pages (LearningResource, ScholarlyArticle, Book, Person,
Organization), safe to embed in ``<script type="application/ld+json">``."""

from __future__ import annotations

import json

from django.http import HttpRequest

# The same escapes as django.utils.html.json_script: no "</script>" can close the element early.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

_PROFILE_SCHEMA_TYPES = ("Person", "Organization")


def resource_json_ld_data(*, page, request: HttpRequest | None = None) -> dict:
    url = page.get_full_url(request=request) or ""
    data: dict = {"@context": "https://schema.org", "@type": page.schema_type, "url": url}
    if page.schema_type in _PROFILE_SCHEMA_TYPES:
        data["name"] = page.title
        if page.summary:
            data["description"] = page.summary
        data.update(page.json_ld_extra(request=request))
        return data
    data.update(
        {
            "name": page.title,
            "headline": page.title,
            "inLanguage": page.language_codes,
            "identifier": page.external_id,
            "educationalLevel": [level.name_th for level in page.levels.all()],
            "keywords": [tag.name for tag in page.keywords.all()],
            "about": [
                {"@type": "Thing", "name": f.name_th, "identifier": f.code}
                for f in [page.home_field, *page.other_fields.all()]
            ],
        }
    )
    if page.title_en:
        data["alternateName"] = page.title_en
    if page.summary:
        data["description"] = page.summary
    authors = page.author_names
    if authors:
        data["author"] = [{"@type": "Person", "name": name} for name in authors]
    if page.year:
        data["datePublished"] = str(page.year)
    if page.licence_url:
        data["license"] = page.licence_url
    if page.institution_id:
        data["sourceOrganization"] = {"@type": "Organization", "name": page.institution.name_th}
    competencies = list(page.units_of_competency.all())
    if competencies:
        data["teaches"] = [f"{unit.code} {unit.title}" for unit in competencies]
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    extra = page.json_ld_extra(request=request)
    data.update(extra)
    return data


def resource_json_ld(*, page, request: HttpRequest | None = None) -> str:
    data = resource_json_ld_data(page=page, request=request)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
