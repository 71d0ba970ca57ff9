"""OIDC login and launch: validate the id_token, provision user and course, record the launch."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import unquote, urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from .. import protocol
from ..errors import LtiError
from ..models import (
    CourseLink,
    Deployment,
    Launch,
    LaunchTicket,
    LoginState,
    Platform,
    PlatformUser,
)
from .platforms import tool_url

# --- OIDC login initiation -----------------------------------------------------------------------

LOGIN_PARAMS = (
    "iss",
    "login_hint",
    "lti_message_hint",
    "target_link_uri",
    "client_id",
    "lti_deployment_id",
    "lti_storage_target",
)


def _platform_for_login(params: dict) -> Platform:
    issuer = params.get("iss", "")
    if not issuer or not params.get("login_hint") or not params.get("target_link_uri"):
        raise LtiError("bad_request", detail="iss, login_hint and target_link_uri are required")
    platforms = Platform.objects.filter(issuer=issuer, is_active=True)
    if params.get("client_id"):
        platforms = platforms.filter(client_id=params["client_id"])
    found = list(platforms[:2])
    if len(found) != 1:
        raise LtiError(
            "unknown_platform", detail=f"iss={issuer} client_id={params.get('client_id')}"
        )
    return found[0]


@transaction.atomic
def login_start(*, params: dict) -> tuple[LoginState, str]:
    """Store state + nonce for this browser and build the redirect to the platform's auth URL."""
    platform = _platform_for_login(params)
    login_states_purge()  # abandoned logins do not pile up
    target = params["target_link_uri"]
    if not protocol.is_our_url(target):
        raise LtiError("bad_target", detail=target)
    kept = {k: str(params[k]) for k in LOGIN_PARAMS if params.get(k)}
    state = LoginState.objects.create(platform=platform, target_link_uri=target, login_params=kept)
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": platform.client_id,
        "redirect_uri": tool_url("lms_bridge:launch"),
        "login_hint": params["login_hint"],
        "state": state.state,
        "nonce": state.nonce,
    }
    if params.get("lti_message_hint"):
        query["lti_message_hint"] = params["lti_message_hint"]
    separator = "&" if "?" in platform.auth_login_url else "?"
    return state, platform.auth_login_url + separator + urlencode(query)


def login_states_purge() -> int:
    cutoff = timezone.now() - timedelta(seconds=settings.LTI_LOGIN_STATE_SECONDS)
    deleted, _ = LoginState.objects.filter(created_at__lt=cutoff).delete()
    return deleted


# --- Launch -------------------------------------------------------------------------------------


@dataclass
class ValidLaunch:
    platform: Platform
    deployment: Deployment
    claims: dict
    browser_bound: bool = True  # the state came back with this browser's proof (cookie/storage)


def launch_validate(
    *, id_token: str, state: str, browser_token: str | None, allow_unbound: bool = False
) -> ValidLaunch:
    """Every check of an incoming launch. The login state is consumed (deleted) on any outcome
    past the state lookup, so neither the state nor the nonce can be replayed.

    Without the browser's proof (its cookie was refused) the launch fails, unless
    ``allow_unbound``: then every other check still applies and the caller must not show the
    resource in place but hand over a one-time ticket the user opens themselves."""
    if not id_token or not state:
        raise LtiError("bad_request", detail="id_token and state are required")
    with transaction.atomic():
        login = (
            LoginState.objects.select_for_update()
            .select_related("platform")
            .filter(state=state)
            .first()
        )
        if login is None:
            raise LtiError("state_mismatch", detail="unknown or used state")
        login.delete()  # single use, whatever happens next
    if browser_token is None and not allow_unbound:
        raise LtiError("cookie_blocked", detail="no state cookie and no platform storage proof")
    if browser_token is not None and not _same(browser_token, login.browser_token):
        raise LtiError("state_mismatch", detail="state not bound to this browser")
    age = (timezone.now() - login.created_at).total_seconds()
    if age > settings.LTI_LOGIN_STATE_SECONDS:
        raise LtiError("expired", detail=f"login state is {age:.0f}s old")
    platform = login.platform
    if not platform.is_active:
        raise LtiError("unknown_platform", detail="platform switched off")
    claims = protocol.token_verify(
        id_token=id_token,
        jwks_url=platform.jwks_url,
        issuer=platform.issuer,
        client_id=platform.client_id,
    )
    if not _same(str(claims.get("nonce", "")), login.nonce):
        raise LtiError("nonce_mismatch", detail="nonce differs from the one of this login")
    protocol.claims_require(claims)
    deployment = Deployment.objects.filter(
        platform=platform, deployment_id=claims[protocol.CLAIM_DEPLOYMENT_ID], is_active=True
    ).first()
    if deployment is None:
        raise LtiError("unknown_deployment", detail=claims[protocol.CLAIM_DEPLOYMENT_ID])
    target = claims[protocol.CLAIM_TARGET_LINK_URI]
    if target != login.target_link_uri:
        raise LtiError("target_mismatch", detail=f"{target} != {login.target_link_uri}")
    if not protocol.is_our_url(target):
        raise LtiError("bad_target", detail=target)
    return ValidLaunch(
        platform=platform,
        deployment=deployment,
        claims=claims,
        browser_bound=browser_token is not None,
    )


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def _username(platform: Platform, sub: str) -> str:
    return f"lti-{platform.pk}-" + hashlib.sha256(sub.encode()).hexdigest()[:24]


def user_provision(*, platform: Platform, claims: dict) -> PlatformUser:
    """A password-less local account for the platform user; names/email only when sent."""
    role = protocol.role_map(claims.get(protocol.CLAIM_ROLES, [])).role
    given = str(claims.get("given_name") or "")[:150]
    family = str(claims.get("family_name") or "")[:150]
    name = str(claims.get("name") or f"{given} {family}".strip())[:300]
    email = str(claims.get("email") or "")[:254]
    identity = (
        PlatformUser.objects.select_related("user")
        .filter(platform=platform, sub=claims["sub"])
        .first()
    )
    if identity is None:
        user_model = get_user_model()
        user = user_model(username=_username(platform, claims["sub"]))
        user.set_unusable_password()
        user.save()
        identity = PlatformUser(platform=platform, sub=claims["sub"], user=user)
    user = identity.user
    if given or family:
        user.first_name, user.last_name = given, family
    if email:
        user.email = email
    user.save()
    identity.role = role
    identity.name = name or identity.name
    identity.email = email or identity.email
    identity.last_launch_at = timezone.now()
    identity.save()
    return identity


def course_sync(*, platform: Platform, claims: dict) -> CourseLink | None:
    context = claims.get(protocol.CLAIM_CONTEXT)
    if not isinstance(context, dict) or not context.get("id"):
        return None  # launches outside a course are allowed
    course, _ = CourseLink.objects.get_or_create(platform=platform, context_id=str(context["id"]))
    course.title = str(context.get("title") or context.get("label") or course.title)[:500]
    nrps = claims.get(protocol.NRPS_CLAIM) or {}
    if isinstance(nrps, dict) and nrps.get("context_memberships_url"):
        course.memberships_url = nrps["context_memberships_url"]
    ags = claims.get(protocol.AGS_CLAIM) or {}
    if isinstance(ags, dict) and ags.get("lineitems"):
        course.lineitems_url = ags["lineitems"]
    course.save()
    return course


def launch_page(*, claims: dict) -> Page | None:
    """The resource a resource-link launch opens: custom ``resource_id``, else its public URL."""
    custom = claims.get(protocol.CLAIM_CUSTOM)
    resource_id = custom.get("resource_id") if isinstance(custom, dict) else None
    page = None
    if resource_id not in (None, ""):
        page = Page.objects.live().public().filter(pk=_int_or_none(resource_id)).first()
    else:
        target = claims.get(protocol.CLAIM_TARGET_LINK_URI, "")
        path = urlsplit(target).path or "/"
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        components = [unquote(c) for c in path.split("/") if c]
        if site is not None:
            root = site.root_page
            if components and components[0] == "en":  # the English tree under /en/
                components = components[1:]
                root = root.get_translations().filter(locale__language_code="en").first() or root
            url_path = root.url_path + "".join(f"{c}/" for c in components)
            page = Page.objects.live().public().filter(url_path=url_path).first()
    return page.specific if page is not None else None


def _int_or_none(value) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


@transaction.atomic
def launch_record(*, valid: ValidLaunch) -> Launch:
    """Provision the user, update the course, record the launch (and its resource page)."""
    claims = valid.claims
    identity = user_provision(platform=valid.platform, claims=claims)
    course = course_sync(platform=valid.platform, claims=claims)
    message_type = claims[protocol.CLAIM_MESSAGE_TYPE]
    ags = claims.get(protocol.AGS_CLAIM) if isinstance(claims.get(protocol.AGS_CLAIM), dict) else {}
    launch = Launch(
        platform=valid.platform,
        deployment=valid.deployment,
        platform_user=identity,
        course=course,
        message_type=message_type,
        roles=[str(r) for r in claims.get(protocol.CLAIM_ROLES, [])],
        target_link_uri=claims[protocol.CLAIM_TARGET_LINK_URI],
        lineitem_url=str(ags.get("lineitem") or ""),
        lineitems_url=str(ags.get("lineitems") or ""),
        ags_scopes=[str(s) for s in ags.get("scope", [])]
        if isinstance(ags.get("scope"), list)
        else [],
    )
    if message_type == protocol.MESSAGE_RESOURCE:
        launch.resource_link_id = str(claims[protocol.CLAIM_RESOURCE_LINK]["id"])[:255]
        page = launch_page(claims=claims)
        if page is None:
            raise LtiError("resource_not_found", detail=launch.target_link_uri)
        launch.page = page
    else:
        launch.deep_linking_settings = claims[protocol.CLAIM_DL_SETTINGS]
    launch.save()
    return launch


def launch_ticket_create(*, launch: Launch) -> str:
    """A one-time, short-lived ticket bound to this launch (only its hash is stored)."""
    ticket = secrets.token_urlsafe(32)
    LaunchTicket.objects.create(launch=launch, token_hash=_ticket_hash(ticket))
    return ticket


def _ticket_hash(ticket: str) -> str:
    return hashlib.sha256(ticket.encode()).hexdigest()


@transaction.atomic
def launch_ticket_redeem(*, ticket: str) -> Launch:
    """Use a ticket once, within ``LTI_TICKET_SECONDS``; returns its launch."""
    found = (
        LaunchTicket.objects.select_for_update()
        .select_related("launch")
        .filter(token_hash=_ticket_hash(ticket or ""))
        .first()
    )
    if found is None or found.used_at is not None:
        raise LtiError("ticket_used", detail="unknown or used ticket")
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    age = (found.used_at - found.created_at).total_seconds()
    if age > settings.LTI_TICKET_SECONDS:
        raise LtiError("ticket_used", detail=f"ticket is {age:.0f}s old")
    return launch_for_token(token=found.launch.token)


def launch_for_token(*, token: str, teacher: bool = False) -> Launch:
    launch = (
        Launch.objects.select_related("platform", "deployment", "platform_user", "course")
        .filter(token=token)
        .first()
    )
    if launch is None:
        raise LtiError("session_expired", detail="unknown launch token")
    age = (timezone.now() - launch.created_at).total_seconds()
    if age > settings.LTI_LAUNCH_SESSION_SECONDS:
        raise LtiError("session_expired", detail=f"launch is {age:.0f}s old")
    if teacher and not launch.is_teacher:
        raise LtiError("not_teacher")
    return launch


@transaction.atomic
def course_field_set(*, launch: Launch, field_code: str) -> CourseLink:
    from content.models import FieldOfStudy

    if not launch.is_teacher:
        raise LtiError("not_teacher")
    if launch.course is None:
        raise LtiError("bad_request", detail="no course context")
    field = FieldOfStudy.objects.filter(code=field_code).first()
    if field is None:
        raise LtiError("bad_request", detail=f"unknown field {field_code!r}")
    launch.course.field = field
    launch.course.save(update_fields=["field", "updated_at"])
    return launch.course


def claims_for_log(claims: dict) -> str:
    return json.dumps({k: claims.get(k) for k in ("iss", "aud", "sub")}, default=str)
