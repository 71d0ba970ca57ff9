"""HTTP endpoints of the LTI tool. Thin: parse, call a service or selector, render."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from . import keys, registration, selectors, services
from .errors import LtiError
from .middleware import LAUNCH_COOKIE, framed_policy, launch_cookie_value, partition_cookie
from .models import Launch, LoginState
from .signals import resource_launched

logger = logging.getLogger("intelligent_center.lti")

STATE_COOKIE_PREFIX = "lti_state_"


def _lti_cookie(
    response: HttpResponse, name: str, value: str, max_age: int, *, partitioned: bool = True
) -> None:
    """Cookies of the LTI flow live inside Moodle's iframe: third-party, so SameSite=None, and
    Partitioned (CHIPS): kept under the LMS's site only, so browsers that block third-party
    cookies still keep them, and they never reach our pages outside that LMS."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        secure=True,
        httponly=True,
        samesite="None",
        path="/lti/" if name.startswith(STATE_COOKIE_PREFIX) else "/",
    )
    if partitioned:
        partition_cookie(response, name)


def _state_cookie_delete(response: HttpResponse, state: str) -> None:
    name = STATE_COOKIE_PREFIX + state
    response.delete_cookie(name, path="/lti/", samesite="None")
    response.cookies[name]["secure"] = True
    partition_cookie(response, name)


def frameable(response: HttpResponse, origin: str) -> HttpResponse:
    """Pages of the LTI flow render inside the platform's iframe."""
    response.xframe_options_exempt = True
    response["Content-Security-Policy"] = framed_policy(origin)
    return response


def error_page(request: HttpRequest, error: LtiError, **extra) -> HttpResponse:
    logger.warning("LTI error %s %s: %s", error.reference, error.reason, error.detail)
    messages = {}
    for code in ("th", "en"):
        with translation.override(code):
            messages[code] = str(error.message)
    context = {
        "error": error,
        "message_th": messages["th"],
        "message_en": messages["en"],
        "lti_layout": True,
        **extra,
    }
    response = render(request, "lms_bridge/error.html", context, status=error.status)
    # Shown inside whichever LMS framed the failed launch; it holds nothing worth clickjacking.
    return frameable(response, "*")


def lti_view(view):
    """Turn every :class:`LtiError` into the bilingual error page with a reference code."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except LtiError as error:
            return error_page(request, error)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(keys.jwks())
    response["Cache-Control"] = "public, max-age=300"
    return response


def _login_rate(group, request) -> str:
    return settings.LTI_LOGIN_RATE


@csrf_exempt  # a cross-site form post from the platform: nothing to protect, the state does
@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_login_rate, method=ratelimit.ALL, block=True)  # each login writes a row
@lti_view
def login(request: HttpRequest) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    state, redirect_url = services.login_start(params=params.dict())
    storage_target = state.login_params.get("lti_storage_target")
    if storage_target:
        # Platform storage: also keep the browser proof in the platform's frame (postMessage),
        # for browsers that refuse our cookie inside the iframe.
        response = render(
            request,
            "lms_bridge/storage_put.html",
            {
                "redirect_url": redirect_url,
                "storage_target": storage_target,
                "platform_origin": state.platform.origin,
                "key": f"state_{state.state}",
                "value": state.browser_token,
            },
        )
        frameable(response, state.platform.origin)
    else:
        response = HttpResponseRedirect(redirect_url)
    _lti_cookie(
        response,
        STATE_COOKIE_PREFIX + state.state,
        state.browser_token,
        settings.LTI_LOGIN_STATE_SECONDS,
    )
    return response


@csrf_exempt  # the platform posts the id_token cross-site; state + nonce + signature guard it
@never_cache
@require_POST
def launch(request: HttpRequest) -> HttpResponse:
    state = request.POST.get("state", "")
    id_token = request.POST.get("id_token", "")
    browser_token = request.COOKIES.get(STATE_COOKIE_PREFIX + state) or request.POST.get(
        "lti_storage_token"
    )
    if browser_token is None and state:
        login_state = LoginState.objects.select_related("platform").filter(state=state).first()
        wants_storage = login_state is not None and login_state.login_params.get(
            "lti_storage_target"
        )
        if wants_storage and request.POST.get("lti_storage_checked") != "1":
            return _storage_get_page(request, login_state, id_token)
    try:
        valid = services.launch_validate(
            id_token=id_token, state=state, browser_token=browser_token, allow_unbound=True
        )
        record = services.launch_record(valid=valid)
    except LtiError as error:
        response = error_page(request, error)
        _state_cookie_delete(response, state)
        return response
    if valid.browser_bound:
        response = _launch_show(request, record, cookie="partitioned")
    else:
        response = _open_elsewhere_page(request, record)
    _state_cookie_delete(response, state)
    return response


def _launch_show(request: HttpRequest, record: Launch, *, cookie: str = "") -> HttpResponse:
    """Render what the launch opens. The request becomes the launch's (its user, its layout)
    before anything is rendered, so the page never shows an earlier launch's user."""
    request.lti_launch = record
    request.user = record.platform_user.user
    if record.message_type == Launch.MessageType.DEEP_LINKING:
        response = HttpResponseRedirect(reverse("lms_bridge:picker", args=[record.token]))
    else:
        resource_launched.send(
            sender=Launch, page=record.page, user=record.platform_user.user, launch=record
        )
        response = record.page.specific.serve(request)
    if cookie:
        # Later pages inside this frame belong to this launch (replacing any earlier one).
        _lti_cookie(
            response,
            LAUNCH_COOKIE,
            launch_cookie_value(record.token),
            settings.LTI_LAUNCH_SESSION_SECONDS,
            partitioned=cookie == "partitioned",
        )
    return response


def _open_elsewhere_page(request: HttpRequest, record: Launch) -> HttpResponse:
    """The launch is valid but this browser refused our cookie inside the LMS frame: offer a
    one-time ticket that opens it in a window of its own (or here, after Storage Access)."""
    ticket = services.launch_ticket_create(launch=record)
    context = {
        "ticket": ticket,
        "launch": record,
        "lti_layout": True,
        "ticket_minutes": settings.LTI_TICKET_SECONDS // 60,
        "is_deep_linking": record.message_type == Launch.MessageType.DEEP_LINKING,
    }
    response = render(request, "lms_bridge/open_elsewhere.html", context)
    return frameable(response, record.platform.origin)


@csrf_exempt  # the one-time ticket (a 256-bit secret bound to one launch) is the CSRF token
@never_cache
@require_POST
@lti_view
def open_ticket(request: HttpRequest) -> HttpResponse:
    """Open a launch with its one-time ticket: in a new window (first-party, no cookie: the page
    carries what it needs), or in the LMS frame once Storage Access was granted."""
    record = services.launch_ticket_redeem(ticket=request.POST.get("ticket", ""))
    framed = request.POST.get("framed") == "1"
    return _launch_show(request, record, cookie="unpartitioned" if framed else "")


def _storage_get_page(request: HttpRequest, login_state: LoginState, id_token: str) -> HttpResponse:
    """No state cookie came back: ask the platform's storage (postMessage) for the proof."""
    response = render(
        request,
        "lms_bridge/storage_get.html",
        {
            "action": reverse("lms_bridge:launch"),
            "state": login_state.state,
            "id_token": id_token,
            "storage_target": login_state.login_params["lti_storage_target"],
            "platform_origin": login_state.platform.origin,
            "key": f"state_{login_state.state}",
        },
    )
    return frameable(response, login_state.platform.origin)


@never_cache
@require_GET
def deep_linking_target(request: HttpRequest) -> HttpResponse:
    """The Deep Linking target URI is only ever reached through the launch; say so plainly."""
    return error_page(request, LtiError("bad_request", detail="deep linking URL opened directly"))


@never_cache
@require_GET
@lti_view
def picker(request: HttpRequest, token: str) -> HttpResponse:
    record = services.launch_for_token(token=token, teacher=True)
    if record.message_type != Launch.MessageType.DEEP_LINKING:
        raise LtiError("bad_message_type", detail="picker needs a deep linking launch")
    request.lti_launch = record
    context = selectors.picker_context(launch=record, params=request.GET)
    return render(request, "lms_bridge/picker.html", context)


@csrf_exempt  # inside Moodle's iframe our Lax CSRF cookie is not sent; the launch token (a
@never_cache  # 256-bit secret in the URL, bound to a teacher's launch) is the CSRF token.
@require_POST
@lti_view
def picker_field(request: HttpRequest, token: str) -> HttpResponse:
    record = services.launch_for_token(token=token, teacher=True)
    request.lti_launch = record
    services.course_field_set(launch=record, field_code=request.POST.get("field", ""))
    return HttpResponseRedirect(reverse("lms_bridge:picker", args=[token]))


@csrf_exempt  # see picker_field
@never_cache
@require_POST
@lti_view
def picker_return(request: HttpRequest, token: str) -> HttpResponse:
    record = services.launch_for_token(token=token, teacher=True)
    request.lti_launch = record
    ids = selectors.picker_selected_ids(launch=record, params=request.POST)
    pages = selectors.pages_selectable(ids=ids)
    try:
        return_url, response_jwt = services.deep_linking_response(launch=record, pages=pages)
    except LtiError as error:
        if error.reason != "bad_selection":
            raise
        context = selectors.picker_context(launch=record, params=request.POST)
        context["selection_error"] = error
        return render(request, "lms_bridge/picker.html", context, status=400)
    return render(
        request,
        "lms_bridge/autopost.html",
        {"action": return_url, "fields": {"JWT": response_jwt}, "count": len(pages)},
    )


@csrf_exempt  # see picker_field
@never_cache
@require_POST
@lti_view
def picker_link(request: HttpRequest, token: str) -> HttpResponse:
    """From the picker, in a window of its own (first-party, where the teacher's account
    session lives): carry this launch there and ask the teacher to sign in and link it, so their
    collections appear in the picker. Linking is always the teacher's own click."""
    record = services.launch_for_token(token=token, teacher=True)
    response = HttpResponseRedirect(reverse("accounts:lti_link"))
    _lti_cookie(
        response,
        LAUNCH_COOKIE,
        launch_cookie_value(record.token),
        settings.LTI_LAUNCH_SESSION_SECONDS,
    )
    return response


@never_cache
@require_GET
@lti_view
def roster(request: HttpRequest, token: str) -> HttpResponse:
    record = services.launch_for_token(token=token, teacher=True)
    request.lti_launch = record
    return render(request, "lms_bridge/roster.html", selectors.roster_context(launch=record))


@never_cache
@require_GET
@lti_view
def register(request: HttpRequest, invite: str) -> HttpResponse:
    platform = registration.dynamic_register(
        invite_token=invite,
        openid_configuration=request.GET.get("openid_configuration", ""),
        registration_token=request.GET.get("registration_token", ""),
    )
    response = render(request, "lms_bridge/registered.html", {"platform": platform})
    return frameable(response, platform.origin)  # Moodle shows it in a frame of its admin
