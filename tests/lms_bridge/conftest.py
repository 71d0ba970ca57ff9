"""Fixtures of the LTI conformance suite: a loopback platform, a registered tool, resources."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache

from lms_bridge import keys, services
from tests.lti.platform import ROLE_LEARNER, Platform

TOOL = "http://testserver"


@pytest.fixture(autouse=True)
def lti_settings(settings):
    settings.LTI_TOOL_BASE_URL = TOOL
    cache.clear()  # JWKS and access-token caches start empty in every test
    yield settings
    cache.clear()


@pytest.fixture
def platform():
    plat = Platform()
    yield plat
    plat.stop()


def register(platform, *, name: str):
    """The platform registered as `manage.py lti_register_platform` would; it knows our JWKS."""
    record = services.platform_register(
        name=name,
        issuer=platform.issuer,
        client_id=platform.client_id,
        auth_login_url=platform.auth_url,
        auth_token_url=platform.token_url,
        jwks_url=platform.jwks_url,
        deployment_ids=[platform.deployment_id],
    )
    platform.tool_jwks = keys.jwks()
    return record


@pytest.fixture
def registered(db, platform):
    return register(platform, name="Moodle วิทยาลัยเทคนิคทดสอบ")


@pytest.fixture
def bank(db):
    from content.models import KnowledgeBankPage

    return KnowledgeBankPage.objects.select_related("field").get(field__code="F64-11")


@pytest.fixture
def make_resource(bank, django_capture_on_commit_callbacks):
    """A resource page, published as an editor would (its search indexing runs on commit)."""
    from content.models import RESOURCE_TYPES

    def make(
        type_key: str = "research",
        *,
        title: str = "งานวิจัยแขนกลอัจฉริยะ",
        parent=None,
        live: bool = True,
        **fields,
    ):
        model = RESOURCE_TYPES[type_key]
        page = model(title=title, home_field=(parent or bank).field, live=live, **fields)
        (parent or bank).add_child(instance=page)
        if live:
            with django_capture_on_commit_callbacks(execute=True):
                page.save_revision().publish()
        return page

    return make


@pytest.fixture
def resource(make_resource):
    return make_resource("research", summary="การควบคุมแขนกลด้วย PLC")


@pytest.fixture
def simulator(make_resource):
    return make_resource(
        "simulator", title="จำลองเครื่อง CNC", is_graded=True, max_score=Decimal("20")
    )


def page_url(page) -> str:
    return TOOL + page.url


class Flow:
    """Drive a real OIDC login → platform auth → form_post launch through the test client."""

    def __init__(self, client, platform):
        self.client = client
        self.platform = platform
        self.auth = None

    def login(self, *, target: str, method: str = "post", **extra):
        params = self.platform.login_params(target_link_uri=target, **extra)
        response = getattr(self.client, method)("/lti/login/", params)
        return response

    def start(self, *, target: str, method: str = "post", **extra) -> dict:
        response = self.login(target=target, method=method, **extra)
        assert response.status_code == 302, response.content[:500]
        self.auth = self.platform.check_auth_request(
            response["Location"], redirect_uri=TOOL + "/lti/launch/"
        )
        return self.auth

    def post(self, id_token: str, *, state: str | None = None, **extra):
        data = {"id_token": id_token, "state": state or self.auth["state"], **extra}
        return self.client.post("/lti/launch/", data)

    def launch(self, *, target: str, sign_kwargs=None, **claim_kwargs):
        auth = self.start(target=target)
        claims = self.platform.claims(nonce=auth["nonce"], target_link_uri=target, **claim_kwargs)
        return self.post(self.platform.sign(claims, **(sign_kwargs or {})))


@pytest.fixture
def flow(client, platform, registered):
    return Flow(client, platform)


@pytest.fixture
def browser_platform(live_server, settings):
    """The loopback platform for a real browser: its course page on 127.0.0.1 frames the tool
    at ``localhost`` (another site, so the tool's cookies are third-party, as in production)."""
    tool = live_server.url.replace("127.0.0.1", "localhost")
    settings.LTI_TOOL_BASE_URL = tool
    plat = Platform()
    register(plat, name="Moodle (browser)")
    plat.browser_tool_login = tool + "/lti/login/"
    plat.browser_roles = [ROLE_LEARNER]
    yield plat, tool
    plat.stop()
