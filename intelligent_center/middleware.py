"""Content-Security-Policy header (Django 5.2 has no built-in CSP)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _render_policy(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    """Adds ``Content-Security-Policy`` unless a view has already set its own (e.g. sandboxes)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.public_policy = _render_policy(settings.CONTENT_SECURITY_POLICY)
        self.admin_policy = _render_policy(settings.CONTENT_SECURITY_POLICY_ADMIN)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            is_admin = request.path.startswith(settings.CONTENT_SECURITY_POLICY_ADMIN_PREFIXES)
            policy = self.admin_policy if is_admin else self.public_policy
            # A page may frame extra origins (an external simulator its site lets us embed).
            extra_frames = " ".join(getattr(request, "csp_frame_src", ()))
            if extra_frames and not is_admin:
                policy = policy.replace("frame-src 'self'", f"frame-src 'self' {extra_frames}", 1)
            response["Content-Security-Policy"] = policy
        return response
