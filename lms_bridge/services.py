"""Writes of the LTI bridge: registration, login/launch, users, courses, deep linking, scores.

Keyword-only, typed, atomic; HTTP to the platform happens outside database transactions.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from urllib.parse import unquote, urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from . import keys, platform_client, protocol
from .errors import LtiError
from .models import (
    CourseLink,
    Deployment,
    Launch,
    LoginState,
    Platform,
    PlatformUser,
    ScoreOutbox,
)

logger = logging.getLogger("intelligent_center.lti")


# --- Our URLs -----------------------------------------------------------------------------------


def tool_url(name: str, **kwargs) -> str:
    return settings.LTI_TOOL_BASE_URL.rstrip("/") + reverse(name, kwargs=kwargs or None)


def tool_urls() -> dict[str, str]:
    """What a platform needs to know about us (printed by ``lti_register_platform``)."""
    return {
        "login_url": tool_url("lms_bridge:login"),
        "launch_url": tool_url("lms_bridge:launch"),
        "jwks_url": tool_url("lms_bridge:jwks"),
        "deep_linking_url": tool_url("lms_bridge:deep_linking"),
    }


# --- Registration -------------------------------------------------------------------------------


@transaction.atomic
def platform_register(
    *,
    name: str,
    issuer: str,
    client_id: str,
    auth_login_url: str,
    auth_token_url: str,
    jwks_url: str,
    deployment_ids: list[str],
    auth_audience: str = "",
    source: str = Platform.Source.MANUAL,
) -> Platform:
    """Create or update the platform (issuer + client id) and make its deployments active."""
    platform, _created = Platform.objects.update_or_create(
        issuer=issuer,
        client_id=client_id,
        defaults={
            "name": name,
            "auth_login_url": auth_login_url,
            "auth_token_url": auth_token_url,
            "auth_audience": auth_audience,
            "jwks_url": jwks_url,
            "is_active": True,
            "source": source,
        },
    )
    for deployment_id in dict.fromkeys(deployment_ids):
        Deployment.objects.update_or_create(
            platform=platform, deployment_id=deployment_id, defaults={"is_active": True}
        )
    return platform


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


def launch_validate(*, id_token: str, state: str, browser_token: str | None) -> ValidLaunch:
    """Every check of an incoming launch. The login state is consumed (deleted) on any outcome
    past the state lookup, so neither the state nor the nonce can be replayed."""
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
    if browser_token is None:
        raise LtiError("cookie_blocked", detail="no state cookie and no platform storage proof")
    if not _same(browser_token, login.browser_token):
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
    return ValidLaunch(platform=platform, deployment=deployment, claims=claims)


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


# --- Deep Linking response ------------------------------------------------------------------------


def content_item(*, page: Page) -> dict:
    """One ``ltiResourceLink`` for a resource page; a ``lineItem`` when it is a graded simulator."""
    page = page.specific
    # The launch target is the public page URL, on our tool domain (what login checks).
    url_parts = page.get_url_parts()
    public_url = settings.LTI_TOOL_BASE_URL.rstrip("/") + (url_parts[2] if url_parts else "/")
    title = str(page.title)[:255]
    item: dict = {
        "type": "ltiResourceLink",
        "title": title,
        "url": public_url,
        "custom": {"resource_id": str(page.pk)},
    }
    summary = str(getattr(page, "summary", "") or "")
    if summary:
        item["text"] = summary[:1000]
    cover = getattr(page, "cover_image", None)
    if cover is not None:
        rendition = cover.get_rendition("fill-300x200")
        absolute = settings.LTI_TOOL_BASE_URL.rstrip("/") + rendition.url
        item["thumbnail"] = {"url": absolute, "width": 300, "height": 200}
        item["icon"] = {"url": absolute, "width": 300, "height": 200}
    if getattr(page, "is_graded", False) and getattr(page, "max_score", None):
        item["lineItem"] = {
            "scoreMaximum": float(page.max_score),
            "label": title,
            "resourceId": str(page.pk),
        }
    return item


def deep_linking_response(*, launch: Launch, pages: list[Page]) -> tuple[str, str]:
    """The signed ``LtiDeepLinkingResponse`` JWT and the platform URL it is posted to."""
    if launch.message_type != Launch.MessageType.DEEP_LINKING:
        raise LtiError("bad_message_type", detail="not a deep linking launch")
    if not launch.is_teacher:
        raise LtiError("not_teacher")
    if not pages:
        raise LtiError("bad_selection")
    dl_settings = launch.deep_linking_settings
    items = [content_item(page=page) for page in pages]
    if dl_settings.get("accept_multiple") is False:
        items = items[:1]
    now = int(time.time())
    payload = {
        "iss": launch.platform.client_id,
        "aud": [launch.platform.issuer],
        "azp": launch.platform.client_id,
        "iat": now,
        "exp": now + 600,
        "nonce": secrets.token_urlsafe(16),
        protocol.CLAIM_DEPLOYMENT_ID: launch.deployment.deployment_id,
        protocol.CLAIM_MESSAGE_TYPE: "LtiDeepLinkingResponse",
        protocol.CLAIM_VERSION: "1.3.0",
        protocol.DL + "content_items": items,
    }
    if dl_settings.get("data"):
        payload[protocol.DL + "data"] = dl_settings["data"]
    return dl_settings["deep_link_return_url"], keys.jwt_sign(payload)


# --- Grade passback outbox ------------------------------------------------------------------------


def _progress(completed: bool) -> tuple[str, str]:
    return ("Completed", "FullyGraded") if completed else ("InProgress", "Pending")


@transaction.atomic
def score_enqueue(*, attempt) -> ScoreOutbox | None:
    """Queue the score of a simulator attempt for the Moodle course it was launched from.

    ``attempt`` has ``user``, ``simulator`` (page), ``score``, ``max_score``, ``completed``,
    ``created_at`` (and ``pk``). Returns ``None`` when the user did not come from an LTI launch
    with grade passback, or the simulator is not graded.
    """
    page = attempt.simulator
    if not getattr(page, "is_graded", True) or attempt.user is None:
        return None
    launch = (
        Launch.objects.select_related("platform", "platform_user")
        .filter(
            platform_user__user=attempt.user,
            page_id=page.pk,
            message_type=Launch.MessageType.RESOURCE,
        )
        .exclude(lineitem_url="", lineitems_url="")
        .order_by("-created_at")
        .first()
    )
    if launch is None or protocol.SCOPE_SCORE not in launch.ags_scopes:
        return None
    activity, grading = _progress(bool(attempt.completed))
    maximum = attempt.max_score if attempt.max_score is not None else page.max_score
    source_key = f"attempt:{attempt.pk}" if attempt.pk else f"attempt:{id(attempt)}"
    try:
        with transaction.atomic():
            outbox = ScoreOutbox.objects.create(
                launch=launch,
                source_key=source_key,
                user_sub=launch.platform_user.sub,
                resource_id=str(page.pk),
                label=str(page.title)[:300],
                score_given=Decimal(str(attempt.score)),
                score_maximum=Decimal(str(maximum)),
                activity_progress=activity,
                grading_progress=grading,
                timestamp=attempt.created_at,
                lineitem_url=launch.lineitem_url,
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        return ScoreOutbox.objects.get(source_key=source_key)  # the same attempt twice
    transaction.on_commit(lambda: _enqueue_send(outbox.pk))
    return outbox


def _enqueue_send(outbox_id: int, run_after=None) -> None:
    from .tasks import score_send_task

    task = score_send_task
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # `manage.py lti_send_scores` (cron) picks it up when it is due
        task = task.using(run_after=run_after)
    task.enqueue(outbox_id)


def _backoff(attempts: int) -> timedelta:
    seconds = settings.LTI_SCORE_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    return timedelta(seconds=min(seconds, settings.LTI_SCORE_RETRY_MAX_SECONDS))


def score_send(*, outbox_id: int) -> ScoreOutbox:
    """Send one queued score. Network errors and 5xx leave it pending with a later retry time."""
    outbox = ScoreOutbox.objects.select_related("launch__platform").get(pk=outbox_id)
    if outbox.status != ScoreOutbox.Status.PENDING:
        return outbox
    launch, platform = outbox.launch, outbox.launch.platform
    outbox.attempts += 1
    try:
        if not outbox.lineitem_url:
            outbox.lineitem_url = platform_client.lineitem_find_or_create(
                platform=platform,
                lineitems_url=launch.lineitems_url,
                resource_id=outbox.resource_id,
                resource_link_id=launch.resource_link_id,
                label=outbox.label,
                score_maximum=float(outbox.score_maximum),
            )
        platform_client.score_post(
            platform=platform,
            lineitem_url=outbox.lineitem_url,
            score={
                "userId": outbox.user_sub,
                "scoreGiven": float(outbox.score_given),
                "scoreMaximum": float(outbox.score_maximum),
                "timestamp": outbox.timestamp.isoformat(timespec="milliseconds"),
                "activityProgress": outbox.activity_progress,
                "gradingProgress": outbox.grading_progress,
            },
        )
    except platform_client.ScoreConflict as exc:
        outbox.status = ScoreOutbox.Status.SUPERSEDED
        outbox.last_error = str(exc)
        outbox.next_attempt_at = None
    except platform_client.PlatformRefused as exc:
        outbox.status = ScoreOutbox.Status.FAILED
        outbox.last_error = str(exc)
        outbox.next_attempt_at = None
    except platform_client.PlatformUnavailable as exc:
        outbox.last_error = str(exc)
        outbox.next_attempt_at = timezone.now() + _backoff(outbox.attempts)
        logger.warning(
            "LTI score %s not sent, retry at %s: %s", outbox.pk, outbox.next_attempt_at, exc
        )
    else:
        outbox.status = ScoreOutbox.Status.SENT
        outbox.sent_at = timezone.now()
        outbox.last_error = ""
        outbox.next_attempt_at = None
    outbox.save()
    if outbox.status == ScoreOutbox.Status.PENDING:
        retry_at = outbox.next_attempt_at
        transaction.on_commit(lambda: _enqueue_send(outbox.pk, run_after=retry_at))
    return outbox


def scores_due_send(*, limit: int = 500) -> list[ScoreOutbox]:
    """Send every pending score whose retry time has come (cron: ``lti_send_scores``)."""
    due = (
        ScoreOutbox.objects.filter(
            status=ScoreOutbox.Status.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return [score_send(outbox_id=pk) for pk in list(due)]


@transaction.atomic
def scores_retry(*, outbox_ids: list[int]) -> int:
    """Staff put failed scores back in the queue (admin action)."""
    count = (
        ScoreOutbox.objects.filter(pk__in=outbox_ids)
        .exclude(status=ScoreOutbox.Status.SENT)
        .update(status=ScoreOutbox.Status.PENDING, next_attempt_at=timezone.now())
    )
    for pk in outbox_ids:
        transaction.on_commit(lambda pk=pk: _enqueue_send(pk))
    return count


def claims_for_log(claims: dict) -> str:
    return json.dumps({k: claims.get(k) for k in ("iss", "aud", "sub")}, default=str)
