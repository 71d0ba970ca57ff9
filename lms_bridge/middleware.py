"""Framing and identity for pages shown inside Moodle.

A request is an LTI request when a view of ours set ``request.lti_launch`` (launch, picker,
roster, new-window ticket), or when it comes with our signed ``ic_lti_launch`` cookie and the
browser says it loads an iframe (``Sec-Fetch-Dest: iframe``). The cookie is ``Partitioned``
(CHIPS): the browser keeps it only under the platform's site, so it reaches us only from frames
inside that LMS. Only those requests are the launch's user (never a Django login: the rest of
the site stays signed out), and only their responses get the platform's origin in
``frame-ancestors``/``form-action`` and lose ``X-Frame-Options``; everything else keeps the
site's DENY. A response may keep its own policy (``response.lti_frame_policy = False``), as the
sandboxed simulator files do.
"""

from __future__ import annotations

from collections.abc import Callable
from http.cookies import Morsel

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

LAUNCH_COOKIE = "ic_lti_launch"
LAUNCH_COOKIE_SALT = "lms_bridge.launch"


class PartitionedMorsel(Morsel):
    """A cookie with the ``Partitioned`` attribute (CHIPS), which Python 3.11's cookies lack."""

    def OutputString(self, attrs=None):  # noqa: N802 (the stdlib's name)
        return super().OutputString(attrs) + "; Partitioned"


def partition_cookie(response: HttpResponse, name: str) -> None:
    morsel = response.cookies[name]
    partitioned = PartitionedMorsel()
    partitioned.set(morsel.key, morsel.value, morsel.coded_value)
    partitioned.update(morsel)
    response.cookies[name] = partitioned


def launch_cookie_value(token: str) -> str:
    return signing.dumps(token, salt=LAUNCH_COOKIE_SALT)


def launch_from_cookie(request: HttpRequest):
    from .errors import LtiError
    from .services import launch_for_token

    raw = request.COOKIES.get(LAUNCH_COOKIE)
    if not raw:
        return None
    try:
        token = signing.loads(
            raw, salt=LAUNCH_COOKIE_SALT, max_age=settings.LTI_LAUNCH_SESSION_SECONDS
        )
        return launch_for_token(token=token)
    except (signing.BadSignature, LtiError):
        return None


def framed_policy(origin: str) -> str:
    policy = {k: list(v) for k, v in settings.CONTENT_SECURITY_POLICY.items()}
    policy["frame-ancestors"] = ["'self'", origin]
    policy["form-action"] = ["'self'", origin]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


class LtiFrameMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.lti_launch = None
        if (
            LAUNCH_COOKIE in request.COOKIES
            and request.headers.get("Sec-Fetch-Dest") == "iframe"
            and not request.path.startswith(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES)
        ):
            launch = launch_from_cookie(request)
            if launch is not None:
                request.lti_launch = launch
                # Inside the LMS frame the page belongs to the launch's user, whoever else may
                # be signed in to the site in this browser; the session is left untouched.
                request.user = launch.platform_user.user
        response = self.get_response(request)
        launch = getattr(request, "lti_launch", None)
        if launch is not None and getattr(response, "lti_frame_policy", True):
            response.xframe_options_exempt = True
            response["Content-Security-Policy"] = framed_policy(launch.platform.origin)
        return response
