"""Remember which Wagtail page a request served, so a cached copy can report it (page_cache)."""

from wagtail import hooks


@hooks.register("before_serve_page")
def note_served_page(page, request, serve_args, serve_kwargs):
    request.page_cache_page_id = page.pk
