"""LTI 1.3 protocol rules: claim names, id_token validation, the platform JWKS cache.

Pure functions over PyJWT; no database writes (those are in :mod:`lms_bridge.services`).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jwt
import requests
from django.conf import settings
from django.core.cache import cache

from intelligent_center import outbound

from .errors import LtiError

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"

CLAIM_MESSAGE_TYPE = LTI + "message_type"
CLAIM_VERSION = LTI + "version"
CLAIM_DEPLOYMENT_ID = LTI + "deployment_id"
CLAIM_TARGET_LINK_URI = LTI + "target_link_uri"
CLAIM_RESOURCE_LINK = LTI + "resource_link"
CLAIM_ROLES = LTI + "roles"
CLAIM_CONTEXT = LTI + "context"
CLAIM_CUSTOM = LTI + "custom"
CLAIM_DL_SETTINGS = DL + "deep_linking_settings"

SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
SCOPE_LINEITEM_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCOPE_RESULT_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
SCOPE_NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
ALL_SCOPES = [
    SCOPE_LINEITEM,
    SCOPE_LINEITEM_READONLY,
    SCOPE_SCORE,
    SCOPE_RESULT_READONLY,
    SCOPE_NRPS,
]

MESSAGE_RESOURCE = "LtiResourceLinkRequest"
MESSAGE_DEEP_LINKING = "LtiDeepLinkingRequest"
ALLOWED_ALGORITHMS = ["RS256"]

TEACHER_ROLES = {"Instructor", "ContentDeveloper"}
LEARNER_ROLES = {"Learner"}


@dataclass(frozen=True)
class RoleMapping:
    role: str  # "teacher" or "student"
    known: bool


def role_short_name(uri: str) -> str:
    """``http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor`` → ``Instructor``.

    Context sub-roles (``membership/Instructor#TeachingAssistant``) count as their principal role;
    system and institution roles are ignored for course access (Moodle adds them for admins).
    """
    if "/vocab/lis/v2/system/" in uri or "/vocab/lis/v2/institution/" in uri:
        return ""
    if "/membership/" in uri:  # sub-role: the principal role is the path segment
        return uri.split("/membership/", 1)[1].split("#", 1)[0]
    return uri.rsplit("#", 1)[-1] if "#" in uri else uri


def role_map(roles: list[str]) -> RoleMapping:
    names = {role_short_name(str(r)) for r in roles}
    if names & TEACHER_ROLES:
        return RoleMapping("teacher", True)
    if names & LEARNER_ROLES:
        return RoleMapping("student", True)
    # Unknown, empty or only system roles: the least privilege.
    return RoleMapping("student", False)


def is_our_url(url: str) -> bool:
    """True when ``url`` points at this site (``LTI_TOOL_BASE_URL``)."""
    ours = urlsplit(settings.LTI_TOOL_BASE_URL)
    theirs = urlsplit(url or "")
    return (theirs.scheme, theirs.netloc) == (ours.scheme, ours.netloc)


# --- The platform's keys ------------------------------------------------------------------------


def _jwks_cache_key(jwks_url: str) -> str:
    return "lti:jwks:" + hashlib.sha256(jwks_url.encode()).hexdigest()


def jwks_fetch(jwks_url: str) -> dict:
    try:
        response = outbound.http_request(
            "GET",
            jwks_url,
            timeout=settings.LTI_HTTP_TIMEOUT,
            headers={"Accept": "application/json"},
        )
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise LtiError("jwks_unreachable", detail=f"{jwks_url}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
        raise LtiError("jwks_unreachable", detail=f"{jwks_url}: not a JWK set")
    cache.set(_jwks_cache_key(jwks_url), data, settings.LTI_JWKS_CACHE_SECONDS)
    return data


def _key_in(keyset: dict, kid: str | None) -> Any:
    for jwk in keyset["keys"]:
        if jwk.get("kty") == "RSA" and (kid is None or jwk.get("kid") == kid):
            try:
                return jwt.PyJWK(jwk, algorithm="RS256").key
            except jwt.PyJWTError as exc:
                raise LtiError("bad_signature", detail=str(exc)) from exc
    return None


def _refetch_allowed(jwks_url: str) -> bool:
    """An unknown ``kid`` costs at most one fetch a minute per key set: anyone can send one."""
    return cache.add(
        "lti:jwks-refetch:" + hashlib.sha256(jwks_url.encode()).hexdigest(),
        True,
        settings.LTI_JWKS_REFETCH_SECONDS,
    )


def platform_key(jwks_url: str, kid: str | None) -> Any:
    """The platform's public key for ``kid``: from the cache, refetched once when unknown."""
    keyset = cache.get(_jwks_cache_key(jwks_url))
    fetched = keyset is None
    if fetched:
        keyset = jwks_fetch(jwks_url)
    key = _key_in(keyset, kid)
    if key is None and not fetched and _refetch_allowed(jwks_url):
        key = _key_in(jwks_fetch(jwks_url), kid)  # the platform rotated its key: fetch once more
    if key is None:
        raise LtiError("unknown_key", detail=f"kid {kid!r} not in {jwks_url}")
    return key


# --- The id_token ------------------------------------------------------------------------------


def token_header(id_token: str) -> dict:
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.PyJWTError as exc:
        raise LtiError("malformed_token", detail=str(exc)) from exc
    if header.get("alg") not in ALLOWED_ALGORITHMS:
        raise LtiError("bad_algorithm", detail=f"alg {header.get('alg')!r}")
    return header


def token_unverified_claims(id_token: str) -> dict:
    try:
        return jwt.decode(id_token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise LtiError("malformed_token", detail=str(exc)) from exc


def token_verify(*, id_token: str, jwks_url: str, issuer: str, client_id: str) -> dict:
    """Signature (RS256 only), ``iss`` exact, ``aud``/``azp``, ``exp``/``iat`` with leeway."""
    header = token_header(id_token)
    key = platform_key(jwks_url, header.get("kid"))
    leeway = settings.LTI_CLOCK_LEEWAY_SECONDS
    try:
        claims = jwt.decode(
            id_token,
            key=key,
            algorithms=ALLOWED_ALGORITHMS,
            audience=client_id,
            issuer=issuer,
            leeway=leeway,
            options={"require": ["exp", "iat", "iss", "aud", "sub", "nonce"], "strict_aud": False},
        )
    except jwt.InvalidSignatureError as exc:
        raise LtiError("bad_signature", detail=str(exc)) from exc
    except jwt.ExpiredSignatureError as exc:
        raise LtiError("expired", detail=str(exc)) from exc
    except jwt.ImmatureSignatureError as exc:
        raise LtiError("issued_in_future", detail=str(exc)) from exc
    except jwt.InvalidIssuerError as exc:
        raise LtiError("bad_issuer", detail=str(exc)) from exc
    except jwt.InvalidAudienceError as exc:
        raise LtiError("bad_audience", detail=str(exc)) from exc
    except jwt.MissingRequiredClaimError as exc:
        raise LtiError("missing_claim", detail=str(exc)) from exc
    except jwt.PyJWTError as exc:
        raise LtiError("malformed_token", detail=str(exc)) from exc
    if claims["iat"] > time.time() + leeway:
        raise LtiError("issued_in_future", detail=f"iat {claims['iat']}")
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise LtiError("bad_audience", detail="several audiences and azp is not our client id")
    if "azp" in claims and claims["azp"] != client_id:
        raise LtiError("bad_audience", detail="azp is not our client id")
    return claims


def claims_require(claims: dict) -> None:
    """The LTI claims every message we accept must carry."""
    if claims.get(CLAIM_VERSION) != "1.3.0":
        raise LtiError("bad_version", detail=repr(claims.get(CLAIM_VERSION)))
    message_type = claims.get(CLAIM_MESSAGE_TYPE)
    if message_type not in (MESSAGE_RESOURCE, MESSAGE_DEEP_LINKING):
        raise LtiError("bad_message_type", detail=repr(message_type))
    if not isinstance(claims.get(CLAIM_ROLES), list):
        raise LtiError("missing_claim", detail="roles")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        # Anonymous launches (no sub) are allowed by the spec, but we must know who gets a score.
        raise LtiError("missing_claim", detail="sub")
    if not isinstance(claims.get(CLAIM_DEPLOYMENT_ID), str):
        raise LtiError("missing_claim", detail="deployment_id")
    if message_type == MESSAGE_RESOURCE:
        link = claims.get(CLAIM_RESOURCE_LINK)
        if not isinstance(link, dict) or not link.get("id"):
            raise LtiError("missing_claim", detail="resource_link.id")
    else:
        dl = claims.get(CLAIM_DL_SETTINGS)
        if not isinstance(dl, dict) or not dl.get("deep_link_return_url"):
            raise LtiError("missing_claim", detail="deep_linking_settings.deep_link_return_url")
    if not isinstance(claims.get(CLAIM_TARGET_LINK_URI), str):
        raise LtiError("missing_claim", detail="target_link_uri")
