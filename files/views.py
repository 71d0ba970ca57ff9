"""Views of the files app: thin, permission first, the work in selectors and services."""

from __future__ import annotations

import json
import logging
import posixpath

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpResponseForbidden,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST
from django.views.defaults import bad_request as django_bad_request
from wagtail.documents import get_document_model
from wagtail.models import Page

from . import selectors, services
from .models import SimulatorPackageBuild
from .uploadhandlers import UploadTooLarge
from .validation import SIMULATOR_CONTENT_TYPES, extension_of

logger = logging.getLogger("intelligent_center.files")

LTI_SESSION_KEY = "lms_bridge_launch"

# The sandbox every simulator file is served with (even when opened outside our frame).
SIMULATOR_CSP = "; ".join(
    [
        "sandbox allow-scripts allow-pointer-lock",
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'none'",
        "object-src 'none'",
        "form-action 'none'",
        "base-uri 'none'",
        "frame-ancestors 'self'",
    ]
)


def bad_request(request, exception=None):
    """``handler400``: an oversized upload gets a clear message (413), anything else Django's."""
    if isinstance(exception, UploadTooLarge):
        return render(
            request,
            "files/upload_too_large.html",
            {"sizes": exception.sizes},
            status=413,
        )
    return django_bad_request(request, exception)


def _refusal_response(request, restriction):
    if restriction is selectors.UNPUBLISHED:
        raise Http404  # nothing public links to it yet: do not say it exists
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return HttpResponseForbidden(_("You do not have permission to open this file."))


@require_GET
@xframe_options_sameorigin
def document_read(request, document_id: int):
    """The file behind the in-browser reader, streamed from storage after the permission check."""
    document = get_object_or_404(get_document_model(), pk=document_id)
    restriction = selectors.document_access_refusal(document=document, request=request)
    if restriction is not None:
        return _refusal_response(request, restriction)
    handle = document.file.open("rb")
    response = FileResponse(handle, content_type=document.content_type)
    response["Content-Disposition"] = "inline"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
@xframe_options_sameorigin
def simulator_file(request, key, token: str, path: str):
    """A file of an unpacked simulator package, under a signed, expiring path, in a sandbox."""
    if not selectors.simulator_frame_token_valid(key=key, token=token):
        return HttpResponseForbidden(_("This simulator link has expired. Reload the page."))
    path = posixpath.normpath(path)
    if path.startswith(("/", "..")) or extension_of(path) not in SIMULATOR_CONTENT_TYPES:
        raise Http404
    build = get_object_or_404(SimulatorPackageBuild, key=key)
    name = f"{build.prefix}{path}"
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=SIMULATOR_CONTENT_TYPES[extension_of(path)])
    response["Content-Security-Policy"] = SIMULATOR_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-site"
    response["Access-Control-Allow-Origin"] = "*"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"ok": False, "error": message}, status=status)


@require_POST
def attempt_create(request, page_id: int):
    """Store a score the embedding page relayed from the simulator's ``ic.score`` message."""
    if not request.user.is_authenticated:
        return _json_error(_("Sign in to have your attempts recorded."), 401)
    page = get_object_or_404(Page, pk=page_id, live=True).specific
    if not hasattr(page, "is_graded"):
        raise Http404
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            return _json_error(_("You do not have permission to open this file."), 403)
    try:
        message = json.loads(request.body or b"{}")
        if not isinstance(message, dict) or message.get("type") != "ic.score":
            raise services.AttemptRejected(f"not an ic.score message: {message!r}"[:300])
        attempt = services.simulator_attempt_record(
            user=request.user,
            page=page,
            score=message.get("score"),
            max_score=message.get("maxScore"),
            completed=message.get("completed", False),
            request=request,
            lti_context=request.session.get(LTI_SESSION_KEY) or {},
        )
    except (ValueError, services.AttemptRejected) as exc:
        logger.warning("simulator %s: score message ignored: %s", page_id, exc)
        return _json_error(_("The score message was malformed or out of range."), 400)
    return JsonResponse(
        {
            "ok": True,
            "attempt": {
                "id": attempt.pk,
                "score": float(attempt.score),
                "maxScore": float(attempt.max_score),
                "completed": attempt.completed,
                "time": attempt.created_at.isoformat(),
            },
        },
        status=201,
    )


@login_required
@require_GET
def my_attempts(request):
    attempts = selectors.attempts_for_user(user=request.user, limit=200)
    return render(request, "files/my_attempts.html", {"attempts": attempts})
