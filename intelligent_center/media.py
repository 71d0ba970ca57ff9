"""Local media behind the application, in every mode (development included).

``/media/`` answers only for images (originals and renditions, public on every page that shows
them). Documents are reached through Wagtail's document view, which runs the permission checks
first (files.wagtail_hooks); simulator files through their signed view. So no ``/media/`` URL
skips a check: ``/media/documents/…`` and ``/media/simulators/…`` are 404 here.

Once the app has said yes, the bytes go out one of two ways: with ``MEDIA_ACCEL_REDIRECT_PREFIX``
set, nginx sends them (``X-Accel-Redirect`` to its internal location, ``deploy/nginx``); unset, the
app streams them. Object storage (S3) never comes here: its URLs are presigned.
"""

from __future__ import annotations

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

# The only folders of MEDIA_ROOT /media/ serves; images are public wherever they are shown.
PUBLIC_MEDIA_PREFIXES = ("images/", "original_images/")


def local_media_path(name: str) -> Path:
    """The file under MEDIA_ROOT for a storage name, refusing anything that climbs out of it."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / name).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404
    return path


def file_response(request: HttpRequest, path: Path, *, mimetype: str | None = None) -> HttpResponse:
    """Send a local file already authorised: nginx sends it when configured, else we stream it."""
    content_type = mimetype or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    prefix = settings.MEDIA_ACCEL_REDIRECT_PREFIX
    if prefix:
        relative = path.relative_to(Path(settings.MEDIA_ROOT).resolve()).as_posix()
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(relative)
    else:
        response = FileResponse(path.open("rb"), content_type=content_type)
    stat = path.stat()
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def sendfile(request: HttpRequest, filename: str, **kwargs) -> HttpResponse:
    """``SENDFILE_BACKEND`` of Wagtail's document view: called after its permission checks."""
    path = Path(filename).resolve()
    root = Path(settings.MEDIA_ROOT).resolve()
    if root not in path.parents:
        raise Http404
    return file_response(request, path, mimetype=kwargs.get("mimetype"))


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    name = posixpath.normpath(path).lstrip("/")
    if not name.startswith(PUBLIC_MEDIA_PREFIXES):
        raise Http404
    response = file_response(request, local_media_path(name))
    response["Cache-Control"] = "public, max-age=86400"
    return response
