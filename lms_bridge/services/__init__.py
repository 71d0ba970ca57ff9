"""Writes of the LTI bridge, one module per noun: platforms (registration, our URLs), launches
(OIDC login, launch, users, courses), deep_linking (the signed response), scores (grade passback).

Keyword-only, typed, atomic; HTTP to the platform happens outside database transactions.
"""

from .deep_linking import content_item, deep_linking_response
from .launches import (
    ValidLaunch,
    claims_for_log,
    course_field_set,
    course_sync,
    launch_for_token,
    launch_page,
    launch_record,
    launch_ticket_create,
    launch_ticket_redeem,
    launch_validate,
    login_start,
    login_states_purge,
    user_provision,
)
from .platforms import platform_register, tool_url, tool_urls
from .scores import score_enqueue, score_send, scores_due_send, scores_retry

__all__ = [
    "ValidLaunch",
    "claims_for_log",
    "content_item",
    "course_field_set",
    "course_sync",
    "deep_linking_response",
    "launch_for_token",
    "launch_page",
    "launch_record",
    "launch_ticket_create",
    "launch_ticket_redeem",
    "launch_validate",
    "login_start",
    "login_states_purge",
    "platform_register",
    "score_enqueue",
    "score_send",
    "scores_due_send",
    "scores_retry",
    "tool_url",
    "tool_urls",
    "user_provision",
]
