"""Registration writes and the tool's own URLs that a platform is given."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from ..models import (
    Deployment,
    Platform,
)

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
