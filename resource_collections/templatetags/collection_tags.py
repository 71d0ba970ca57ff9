from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("resource_collections/includes/save_link.html", takes_context=True)
def save_to_collection(context, page_id, title=""):
    """The small "save to a collection" link on a resource page, a search hit or a bank card.
    Signed-out visitors go through the sign-in and come back here. Not inside an LMS frame: there
    the page belongs to the Moodle launch, not to an account (and no CSRF cookie reaches a
    third-party frame); teachers hand collections to Moodle through the Deep Linking picker."""
    request = context.get("request")
    if getattr(request, "lti_launch", None) is not None:
        return {"hidden": True}
    return {
        "page_id": page_id,
        "title": title,
        "saved": page_id in _saved_page_ids(request),
        "next": request.get_full_path() if request else "",
    }


def _saved_page_ids(request) -> set[int]:
    """The pages the signed-in user keeps in any collection: one query per request."""
    if request is None:
        return set()
    cached = getattr(request, "_ic_saved_page_ids", None)
    if cached is None:
        cached = selectors.saved_page_ids(user=request.user)
        request._ic_saved_page_ids = cached
    return cached


@register.inclusion_tag("resource_collections/includes/bank_collections.html", takes_context=True)
def bank_public_collections(context, bank):
    return {"collections": selectors.public_collections_for_bank(bank=bank)}
