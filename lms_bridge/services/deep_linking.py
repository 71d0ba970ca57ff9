"""The Deep Linking response: content items for chosen pages, signed back to the platform."""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from wagtail.models import Page

from .. import keys, protocol
from ..errors import LtiError
from ..models import (
    Launch,
)

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
