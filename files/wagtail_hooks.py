"""Wagtail hooks: documents of restricted pages are only served to those who may see the page."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseForbidden
from django.utils.translation import gettext as _
from wagtail import hooks

from . import selectors


@hooks.register("before_serve_document")
def refuse_documents_of_restricted_pages(document, request):
    refusal = selectors.document_access_refusal(document=document, request=request)
    if refusal is None:
        return None
    if refusal is selectors.UNPUBLISHED:
        raise Http404  # nothing public links to it yet: do not say it exists
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return HttpResponseForbidden(_("You do not have permission to open this file."))
