"""Search on every page: ``{% browse_menu %}`` (the header's "All research", "All e-books" … links
to /search/?type=…) and ``{% related_resources page %}`` on a resource detail page (more-like-this
through the query service; restricted resources never listed)."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from search.labels import browse_all_label
from search.query import search_related

register = template.Library()


@register.inclusion_tag("search/includes/browse_menu.html")
def browse_menu():
    from content.models import RESOURCE_TYPES

    url = reverse("search:page")
    return {
        "all_url": url,
        "links": [
            {"url": f"{url}?{urlencode({'type': key})}", "label": browse_all_label(key)}
            for key in RESOURCE_TYPES
        ],
    }


@register.inclusion_tag("search/related_resources.html", takes_context=True)
def related_resources(context, page, limit: int = 6):
    """The page's one "Related resources" section. Reuses the keywords and fields the detail
    view already read (no extra queries) when they are in the context."""
    keywords = context.get("keywords")
    if keywords is None:
        keywords = list(page.keywords.all()) if hasattr(page, "keywords") else []
    home = context.get("field_of_study")
    others = context.get("other_fields")
    if home is not None and others is not None:
        field_codes = [home.code, *(f.code for f in others)]
    else:
        field_codes = list(page.field_codes)
    return {
        "related": search_related(
            page_id=page.pk,
            limit=limit,
            keywords=tuple(tag.name for tag in keywords),
            field_codes=tuple(field_codes),
        )
    }
