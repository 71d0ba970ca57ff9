"""``/media/`` in development (DEBUG only): images, nothing else. Documents are served by
Wagtail's view after the privacy checks, simulator packages by their signed view; a plain file
URL must not bypass either (#14 item 3)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.views.static import serve

PUBLIC_MEDIA_PREFIXES = ("images/", "original_images/")


def public_media(request, path: str):
    if not path.startswith(PUBLIC_MEDIA_PREFIXES) or ".." in path.split("/"):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
