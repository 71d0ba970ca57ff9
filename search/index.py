"""Index definitions: which fields of a resource or profile are searched (with boosts) and which are
facets and filters. Backends read these; nothing here talks to an engine."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects

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
# Fields whose Thai compounds are also indexed by their parts (search.analysis.compound_parts):
# the short ones. Measured on the dev set (README): parts of summary and body compounds added
# noise (Recall@10 0.9701 against 0.9715 without parts), short fields only gave 0.9717.
COMPOUND_FIELDS = ("title", "title_en", "keywords", "authors", "extra")
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
# What a hit carries from the index to the query service (every backend returns these).
SOURCE_FIELDS = (
    "page_id",
    "external_id",
    "resource_type",
    "locale",
    "title",
    "title_en",
    "summary",
    "body",
    "url",
    "year",
    "published_at",
)
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
    return _audience_of_restrictions(list(page.get_view_restrictions()))


def _audience_of_restrictions(restrictions: list) -> list[str]:
    from wagtail.models import PageViewRestriction

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
    """The index document of a resource/profile page (the content model contract's fields).
    One page at a time, several queries each: use :func:`documents_from_pages` for many."""
    page = page.specific
    return _document(
        page,
        audience=audience_of_page(page),
        book_text=book_text_of_page(page),
        url=_url_of_page(page),
    )


def documents_from_pages(pages: Iterable) -> list[IndexDocument]:
    """The index documents of many resource/profile pages, in their order, the same as
    :func:`document_from_page` gives for each, reading what they need in a fixed number of
    queries per call (per page type present), not per page. Callers bound memory by passing
    a few hundred pages at a time."""
    from wagtail.models import Site

    pages = _specific_pages(list(pages))
    if not pages:
        return []
    by_model: dict[type, list] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for model, group in by_model.items():
        # A no-op for what the caller already prefetched (e.g. indexable_pages_queryset).
        prefetch_related_objects(group, *_prefetch_lookups(model))
    audiences = audiences_of_pages(pages)
    book_texts = book_texts_of_pages(pages)
    # Wagtail caches the site root paths on each page it builds a URL for; read them once.
    root_paths = Site.get_site_root_paths()
    for page in pages:
        page._wagtail_cached_site_root_paths = root_paths
    return [
        _document(
            page,
            audience=audiences[page.pk],
            book_text=book_texts.get(page.pk, ""),
            url=_url_of_page(page),
        )
        for page in pages
    ]


def _document(page, *, audience: list[str], book_text: str, url: str) -> IndexDocument:
    keywords = [tag.name for tag in page.keywords.all()]
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
    return IndexDocument(
        page_id=page.pk,
        external_id=page.external_id or "",
        resource_type=page.resource_type,
        locale=getattr(getattr(page, "locale", None), "language_code", "th") or "th",
        title=page.title,
        title_en=page.title_en or "",
        summary=page.summary or "",
        body=_joined(rich_text_to_plain(page.body), book_text),
        keywords=keywords,
        authors=list(page.author_names),
        extra=str(page.search_text_extra() or ""),
        url=url or "",
        year=year,
        published_at=page.first_published_at or page.last_published_at,
        audience=audience,
        facets=facets,
    )


def _url_of_page(page) -> str:
    try:
        return page.get_url() or page.url_path
    except Exception:  # noqa: BLE001 - a page outside any site still gets indexed
        return page.url_path


def _specific_pages(pages: list) -> list:
    """``pages`` as instances of their own types, loading the generic ones by type in bulk."""
    generic: dict[type, list[int]] = {}
    for page in pages:
        model = page.specific_class
        if model is not None and not isinstance(page, model):
            generic.setdefault(model, []).append(page.pk)
    if not generic:
        return pages
    loaded = {}
    for model, ids in generic.items():
        loaded.update(model.objects.in_bulk(ids))
    return [loaded.get(page.pk, page) for page in pages]


def _prefetch_lookups(model) -> list[str]:
    # Every resource and profile type has keywords (content's model contract).
    return ["home_field", "locale", "other_fields", "industries", "levels", "keywords"]


def audiences_of_pages(pages: list) -> dict[int, list[str]]:
    """:func:`audience_of_page` of each page by id, in three queries (plus one per level of
    alias indirection, if any): ancestors, their restrictions and the restrictions' groups."""
    from wagtail.models import Page, PageViewRestriction

    step = Page.steplen
    ancestor_paths = {
        page.path[:end] for page in pages for end in range(step, len(page.path), step)
    }
    path_ids: dict[str, int] = {}
    alias_of: dict[int, int | None] = {page.pk: page.alias_of_id for page in pages}
    for path, pk, source in Page.objects.filter(path__in=ancestor_paths).values_list(
        "path", "pk", "alias_of_id"
    ):
        path_ids[path] = pk
        alias_of[pk] = source
    # Wagtail checks an alias's source page instead of the alias (get_view_restrictions).
    missing = {source for source in alias_of.values() if source and source not in alias_of}
    while missing:
        found = dict(Page.objects.filter(pk__in=missing).values_list("pk", "alias_of_id"))
        alias_of.update(found)
        alias_of.update({pk: None for pk in missing - set(found)})
        missing = {source for source in found.values() if source and source not in alias_of}

    def resolved(pk: int) -> int:
        seen = set()
        while alias_of.get(pk) and pk not in seen:
            seen.add(pk)
            pk = alias_of[pk]
        return pk

    checked: dict[int, set[int]] = {}
    for page in pages:
        ids = {resolved(page.pk)}
        ids.update(
            resolved(path_ids[page.path[:end]])
            for end in range(step, len(page.path), step)
            if page.path[:end] in path_ids
        )
        checked[page.pk] = ids
    restrictions: dict[int, list] = {}
    wanted = set().union(*checked.values())
    for restriction in PageViewRestriction.objects.filter(page_id__in=wanted).prefetch_related(
        "groups"
    ):
        restrictions.setdefault(restriction.page_id, []).append(restriction)
    return {
        pk: _audience_of_restrictions([r for page_id in ids for r in restrictions.get(page_id, [])])
        for pk, ids in checked.items()
    }


def _joined(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


def book_text_of_page(page) -> str:
    """The text extracted from the page's e-book file (the files app), so a query finds words
    inside the book. Empty when nothing was extracted."""
    from files.selectors import document_text_for_page

    return "\n\n".join(text for _number, text in document_text_for_page(page))[:MAX_BODY_CHARS]


def book_texts_of_pages(pages: list) -> dict[int, str]:
    """:func:`book_text_of_page` of each page by id (only pages with text), in one query."""
    from files.selectors import document_texts_for_pages

    return document_texts_for_pages(pages=pages, max_chars=MAX_BODY_CHARS)


def resource_models() -> dict[str, type]:
    from content.models import RESOURCE_TYPES

    return dict(RESOURCE_TYPES)


def indexable_pages_queryset(model):
    """Live pages of one resource model, with what :func:`documents_from_pages` reads from the
    page's own relations prefetched."""
    qs = model.objects.live().select_related("home_field", "locale")
    prefetch = [name for name in _prefetch_lookups(model) if name not in ("home_field", "locale")]
    return qs.prefetch_related(*prefetch).order_by("pk")


def is_indexable(page) -> bool:
    return bool(getattr(page.specific_class, "resource_type", "")) and page.live
