"""Template tags other apps' templates may use, e.g. on a knowledge-bank page:

{% load workforce_tags %}{% workforce_most_used field_of_study %}
"""

from __future__ import annotations

from django import template

from workforce import selectors

register = template.Library()


@register.inclusion_tag("workforce/includes/most_used.html", takes_context=True)
def workforce_most_used(context, field_of_study, limit: int = 5):
    """The field's most used resources over the last year (nothing when there is no usage)."""
    most_used = selectors.resources_most_used(field_of_study=field_of_study, limit=limit)
    return {"most_used": most_used, "request": context.get("request")}
