"""Views of the files app: thin, permission first, the work in selectors and services."""

from __future__ import annotations

import json
import logging
import posixpath

from django.conf import settings
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
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.defaults import bad_request as django_bad_request
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit
from wagtail.documents import get_document_model
from wagtail.models import Page

from . import selectors, services
from .models import SimulatorPackageBuild
from .uploadhandlers import UploadTooLarge
from .validation import SIMULATOR_CONTENT_TYPES, extension_of

logger = logging.getLogger("intelligent_center.files")

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
def simulator_file(request, key, token: str, path: str):
    """A file of an unpacked simulator package, under a signed, expiring path, in a sandbox.

    The files load in a frame sandboxed without ``allow-same-origin``: its origin is opaque, so
    they are served cross-origin (``Cross-Origin-Resource-Policy: cross-origin``); the signed path
    is what protects them. The token names the LMS origin that may frame our host page, so the
    package can be framed inside a course page without any cookie.
    """
    ancestor = selectors.simulator_frame_ancestor(key=key, token=token)
    if ancestor is None:
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
    ancestors = " ".join(["'self'", ancestor] if ancestor else ["'self'"])
    response["Content-Security-Policy"] = f"{SIMULATOR_CSP}; frame-ancestors {ancestors}"
    response.lti_frame_policy = False  # keep this sandbox, whoever frames the host page
    response.xframe_options_exempt = True  # frame-ancestors above decides (it sees every ancestor)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Access-Control-Allow-Origin"] = "*"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _json_error(message: str, status: int, code: str = "") -> JsonResponse:
    return JsonResponse({"ok": False, "error": message, "code": code}, status=status)


ATTEMPT_REFUSALS = {
    "missing": _lazy("This page cannot record scores. Reload the page."),
    "invalid": _lazy("This page cannot record scores. Reload the page."),
    "expired": _lazy("This page was open too long. Reload the page and do the exercise again."),
    "other_page": _lazy("This page cannot record scores. Reload the page."),
    "viewer_changed": _lazy("Your sign-in changed. Open the activity again."),
    "used": _lazy("This attempt was already recorded. Reload the page to try again."),
}
MAX_SCORE_MESSAGE_BYTES = 64 * 1024


def _attempt_rate(group, request) -> str:
    return settings.SIMULATOR_ATTEMPT_RATE


def _score_message(request) -> dict:
    if len(request.body) > MAX_SCORE_MESSAGE_BYTES:
        raise services.AttemptRejected("score message too large")
    message = json.loads(request.body or b"{}")
    if not isinstance(message, dict) or message.get("type") != "ic.score":
        raise services.AttemptRejected(f"not an ic.score message: {message!r}"[:300])
    return message


@csrf_exempt  # authenticated by the attempt token in the body only, never by a cookie
@require_POST
@ratelimit(key="ip", rate=_attempt_rate, block=True)
def attempt_create(request, page_id: int):
    """Store a score the host page relayed from the simulator's ``ic.score`` message.

    The host page sends it with the attempt token it was rendered with (no cookie is needed,
    none is read): the token names the viewer and the simulator and is good for one score.
    """
    page = get_object_or_404(Page, pk=page_id, live=True).specific
    if not hasattr(page, "is_graded"):
        raise Http404
    try:
        message = _score_message(request)
        viewer = services.simulator_attempt_viewer(token=message.pop("token", None), page=page)
        if is_ratelimited(
            request,
            group="files.attempt.user",
            key=lambda group, request: f"{viewer.user.pk}:{page.pk}",
            rate=settings.SIMULATOR_ATTEMPT_USER_RATE,
            increment=True,
        ):
            return _json_error(_("Too many scores in a minute. Wait a minute."), 429, "rate")
        attempt = services.simulator_attempt_record(
            user=viewer.user,
            page=page,
            score=message.get("score"),
            max_score=message.get("maxScore"),
            completed=message.get("completed", False),
            request=request,
            lti_context={"launch_id": viewer.launch_id} if viewer.launch_id else {},
            token_nonce=viewer.nonce,
            raw_message=message,
        )
    except services.AttemptTokenRefused as exc:
        logger.warning("simulator %s: score refused: %s", page_id, exc.code)
        status = 409 if exc.code == "used" else 403
        return _json_error(str(ATTEMPT_REFUSALS[exc.code]), status, exc.code)
    except (ValueError, services.AttemptRejected) as exc:
        logger.warning("simulator %s: score message ignored: %s", page_id, exc)
        return _json_error(_("The score message was malformed or out of range."), 400, "bad")
    next_token = selectors.simulator_attempt_token(
        user=viewer.user, page=page, launch_id=viewer.launch_id
    )
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
            "nextToken": next_token,
        },
        status=201,
    )


@login_required(login_url="account_login")  # the public sign-in, not the admin's
@require_GET
def my_attempts(request):
    attempts = selectors.attempts_for_user(user=request.user, limit=200)
    return render(request, "files/my_attempts.html", {"attempts": attempts})
