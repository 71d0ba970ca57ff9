"""The one exception of the LTI flow: a reason code, a reference for support, and a 4xx status."""

from __future__ import annotations

import secrets

from django.utils.translation import gettext_lazy as _

# reason → (status, message shown to the person; never the technical detail)
REASONS = {
    "bad_request": (400, _("The launch request from your learning system was incomplete.")),
    "unknown_platform": (
        403,
        _("This learning system is not registered with the Intelligent Center."),
    ),
    "unknown_deployment": (403, _("This tool deployment is not known or has been switched off.")),
    "state_mismatch": (
        403,
        _("This launch did not start in this browser, or it was already used."),
    ),
    "cookie_blocked": (403, _("Your browser blocked the cookie this launch needs.")),
    "nonce_mismatch": (
        403,
        _("This launch was already used. Open the activity again from your course."),
    ),
    "malformed_token": (400, _("The launch message could not be read.")),
    "bad_algorithm": (403, _("The launch message was signed with a method we do not accept.")),
    "bad_signature": (403, _("The launch message signature is not valid.")),
    "unknown_key": (
        403,
        _("The launch message was signed with a key your learning system does not publish."),
    ),
    "jwks_unreachable": (403, _("We could not reach your learning system to check the launch.")),
    "bad_issuer": (403, _("The launch message came from an unexpected issuer.")),
    "bad_audience": (403, _("The launch message was meant for another tool.")),
    "expired": (
        403,
        _("The launch message has expired. Open the activity again from your course."),
    ),
    "issued_in_future": (
        403,
        _("The launch message is dated in the future; check the server clocks."),
    ),
    "missing_claim": (400, _("The launch message lacks required information.")),
    "bad_version": (400, _("Only LTI version 1.3.0 is supported.")),
    "bad_message_type": (400, _("This kind of LTI message is not supported.")),
    "bad_target": (403, _("The launch points at an address outside the Intelligent Center.")),
    "target_mismatch": (403, _("The launch target changed between login and launch.")),
    "resource_not_found": (
        404,
        _("The resource of this activity no longer exists or is not public."),
    ),
    "not_teacher": (403, _("Only the course's teachers can open this page.")),
    "session_expired": (403, _("This page has expired. Open the activity again from your course.")),
    "registration_invalid": (
        403,
        _(
            "This registration link is not valid, has expired or was already used. Ask the "
            "Intelligent Center staff (OVEC) for a new Dynamic Registration link, then paste it "
            "into Tool URL and press Add LTI Advantage again."
        ),
    ),
    "ticket_used": (
        403,
        _("This link was already used or has expired. Open the activity again from your course."),
    ),
    "registration_failed": (400, _("Registration with your Moodle site failed.")),
    "bad_selection": (400, _("Choose at least one resource.")),
}


# Who the person should turn to (the default: their Moodle administrator). A registration error is
# seen by the Moodle administrator, so it names who can help them.
ADVICE = {
    "registration_invalid": (
        "ขอลิงก์ลงทะเบียนใหม่จากเจ้าหน้าที่คลังปัญญาอาชีวศึกษา (สอศ.) "
        "แล้ววางในช่อง Tool URL และกด Add LTI Advantage อีกครั้ง / "
        "Ask the Intelligent Center staff (OVEC) for a new registration link, paste it into "
        "Tool URL and press Add LTI Advantage again."
    ),
    "registration_failed": (
        "แจ้งรหัสนี้แก่เจ้าหน้าที่คลังปัญญาอาชีวศึกษา (สอศ.) / "
        "Give this code to the Intelligent Center staff (OVEC)."
    ),
}
DEFAULT_ADVICE = (
    "โปรดแจ้งรหัสนี้แก่ผู้ดูแลระบบ Moodle ของสถานศึกษา / Please give this code to your Moodle administrator."
)


class LtiError(Exception):
    def __init__(self, reason: str, *, detail: str = ""):
        if reason not in REASONS:
            reason = "bad_request"
        self.reason = reason
        self.detail = detail
        self.status, self.message = REASONS[reason]
        self.reference = "LTI-" + secrets.token_hex(4).upper()
        self.advice = ADVICE.get(reason, DEFAULT_ADVICE)
        super().__init__(f"{reason}: {detail}")
