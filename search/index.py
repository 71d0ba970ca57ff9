"""Index definitions: which fields of a resource or profile are searched (with boosts) and which are
facets and filters. Backends read these; nothing here talks to an engine."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field

# Searched fields and their boosts (BM25 weights in FTS5, field boosts in Elasticsearch; PostgreSQL
# maps them to its four weight classes, see ``PG_WEIGHT_CLASS``).
SEARCH_FIELDS: dict[str, float] = {
    "title": 10.0,
    "title_en": 8.0,
    "keywords": 5.0,
    "authors": 4.0,
    "extra": 3.0,
    "summary": 2.0,
    "body": 1.0,
}
# Trigram fallback over the short fields (title, keywords, authors, extra, summary).
GRAM_FIELDS = ("title", "title_en", "keywords", "authors", "extra", "summary")
GRAM_WEIGHT = 0.5
PG_WEIGHT_CLASS = {
    "title": "A",
    "title_en": "A",
    "keywords": "B",
    "authors": "B",
    "extra": "B",
    "summary": "C",
    "body": "D",
}
# Autocomplete looks in these.
AUTOCOMPLETE_FIELDS = ("title", "title_en", "authors")
# Facets, in display order. "year" is the Gregorian year (shown in B.E. in Thai).
FACETS = ("field", "type", "industry", "level", "language", "year")
MAX_BODY_CHARS = 100_000


@dataclass
class IndexDocument:
    """What one resource or profile contributes to the index (engine-independent)."""

    page_id: int
    title: str
    resource_type: str
    external_id: str = ""
    locale: str = "th"
    title_en: str = ""
    summary: str = ""
    body: str = ""
    keywords: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    extra: str = ""
    url: str = ""
    year: int | None = None
    published_at: dt.datetime | None = None
    audience: list[str] = field(default_factory=lambda: ["public"])
    facets: dict[str, list[str]] = field(default_factory=dict)

    def field_text(self, name: str) -> str:
        value = getattr(self, name)
        return "\n".join(value) if isinstance(value, list) else (value or "")


_TAG_RE = re.compile(r"<[^>]+>")
_BLOCK_END_RE = re.compile(r"</(p|h[1-6]|li|div|blockquote|tr)>|<br\s*/?>", re.IGNORECASE)


def rich_text_to_plain(value) -> str:
    """Plain text of Wagtail rich text, one paragraph per block (keeps paragraph boundaries)."""
    text = str(value or "")
    text = _BLOCK_END_RE.sub("\n\n", text)
    return html.unescape(_TAG_RE.sub("", text)).strip()[:MAX_BODY_CHARS]


def audience_of_page(page) -> list[str]:
    """Who may see a page under Wagtail page privacy (its own and its ancestors' restrictions)."""
    from wagtail.models import PageViewRestriction

    restrictions = list(page.get_view_restrictions())
    if not restrictions:
        return ["public"]
    if any(r.restriction_type == PageViewRestriction.PASSWORD for r in restrictions):
        return ["superuser"]
    group_sets = [
        {f"group:{g.pk}" for g in r.groups.all()}
        for r in restrictions
        if r.restriction_type == PageViewRestriction.GROUPS
    ]
    if group_sets:
        allowed = set.intersection(*group_sets)
        return sorted(allowed) or ["superuser"]
    return ["login"]


def audience_of_user(user) -> list[str] | None:
    """Audience tokens a user may see; ``None`` means everything (superusers)."""
    if user is not None and getattr(user, "is_superuser", False) and user.is_active:
        return None
    audience = ["public"]
    if user is not None and getattr(user, "is_authenticated", False):
        audience.append("login")
        audience += [f"group:{pk}" for pk in user.groups.values_list("pk", flat=True)]
    return audience


def document_from_page(page) -> IndexDocument:
    """The index document of a resource/profile page (the content model contract's fields)."""
    page = page.specific
    keywords = [tag.name for tag in page.keywords.all()] if hasattr(page, "keywords") else []
    fields = list(page.field_codes)
    year = getattr(page, "year", None)
    facets = {
        "field": fields,
        "type": [page.resource_type],
        "industry": [i.code for i in page.industries.all()],
        "level": [level.code for level in page.levels.all()],
        "language": list(page.language_codes),
        "year": [str(year)] if year else [],
    }
    try:
        url = page.get_url() or page.url_path
    except Exception:  # noqa: BLE001 - a page outside any site still gets indexed
        url = page.url_path
    return IndexDocument(
        page_id=page.pk,
        external_id=page.external_id or "",
        resource_type=page.resource_type,
        locale=getattr(getattr(page, "locale", None), "language_code", "th") or "th",
        title=page.title,
        title_en=page.title_en or "",
        summary=page.summary or "",
        body=_joined(rich_text_to_plain(page.body), book_text_of_page(page)),
        keywords=keywords,
        authors=list(page.author_names),
        extra=str(page.search_text_extra() or ""),
        url=url or "",
        year=year,
        published_at=page.first_published_at or page.last_published_at,
        audience=audience_of_page(page),
        facets=facets,
    )


def _joined(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def book_text_of_page(page) -> str:
    """The text extracted from the page's e-book file (the files app), so a query finds words
    inside the book. Empty when the files app is absent or nothing was extracted."""
    from django.apps import apps

    if not apps.is_installed("files"):
        return ""
    from files.selectors import document_text_for_page

    return "\n\n".join(text for _number, text in document_text_for_page(page))[:MAX_BODY_CHARS]


def resource_models() -> dict[str, type]:
    from content.models import RESOURCE_TYPES

    return dict(RESOURCE_TYPES)


def indexable_pages_queryset(model):
    """Live pages of one resource model, with what :func:`document_from_page` reads prefetched."""
    qs = model.objects.live().select_related("home_field", "locale")
    prefetch = ["other_fields", "industries", "levels"]
    if hasattr(model, "keywords"):
        prefetch.append("keywords")
    return qs.prefetch_related(*prefetch).order_by("pk")


def is_indexable(page) -> bool:
    return bool(getattr(page.specific_class, "resource_type", "")) and page.live
