from __future__ import annotations

import pytest

# The LTI conformance fixtures: a loopback platform, our registration, resources.
from tests.lms_bridge.conftest import (  # noqa: F401
    bank,
    browser_platform,
    flow,
    lti_settings,
    make_resource,
    platform,
    registered,
    simulator,
)

from .oidc_provider import OidcProvider

OIDC_PORT = 8161  # this work tree's loopback range is 8160-8169


@pytest.fixture
def oidc(settings, monkeypatch):
    """A real OpenID Connect provider on loopback, configured the way production is: through the
    environment values read by settings/env.py, turned into allauth's provider settings."""
    from intelligent_center.settings import accounts as account_settings
    from intelligent_center.settings import env

    provider = OidcProvider(port=OIDC_PORT)
    monkeypatch.setattr(env, "OIDC_ISSUER", provider.issuer)
    monkeypatch.setattr(env, "OIDC_CLIENT_ID", provider.client_id)
    monkeypatch.setattr(env, "OIDC_CLIENT_SECRET", provider.client_secret)
    monkeypatch.setattr(env, "OIDC_NAME", "OVEC SSO")
    settings.SOCIALACCOUNT_PROVIDERS = account_settings.oidc_providers()
    yield provider
    provider.stop()


@pytest.fixture
def signup_data(db):
    from content.models import FieldOfStudy, Institution

    return {
        "email": "kanya@college.ac.th",
        "password1": "Long-enough-pw-2567",
        "password2": "Long-enough-pw-2567",
        "display_name": "ครูกัญญา",
        "role": "teacher",
        "institution": Institution.objects.order_by("pk").first().pk,
        "fields_of_study": [FieldOfStudy.objects.get(code="F64-11").pk],
    }


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth rate-limits e-mails per address (one confirmation per 3 minutes) in the cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
