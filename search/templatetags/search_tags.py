"""``{% load search_tags %}{% related_resources page %}`` on a resource detail page (more-like-this
through the query service; restricted resources only for users allowed to see them)."""

from django import template

from search.query import search_related

register = template.Library()


@register.inclusion_tag("search/related_resources.html", takes_context=True)
def related_resources(context, page, limit: int = 5):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"related": search_related(page_id=page.pk, user=user, limit=limit)}
