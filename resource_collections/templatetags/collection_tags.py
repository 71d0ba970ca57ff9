from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("resource_collections/includes/save_link.html", takes_context=True)
def save_to_collection(context, page_id, title=""):
    """The small "save to a collection" link on a resource page, a search hit or a bank card.
    Signed-out visitors go through the sign-in and come back here."""
    request = context.get("request")
    return {
        "page_id": page_id,
        "title": title,
        "next": request.get_full_path() if request else "",
    }


@register.inclusion_tag("resource_collections/includes/bank_collections.html", takes_context=True)
def bank_public_collections(context, bank):
    return {"collections": selectors.public_collections_for_bank(bank=bank)}
