"""Registration: Dynamic Registration as Moodle runs it, the command, the JWKS and key rotation."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import jwt
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lms_bridge import keys, registration
from lms_bridge.models import Deployment, Platform, RegistrationInvite, ToolKey

from .conftest import TOOL

pytestmark = pytest.mark.django_db

TOOL_CONFIG = "https://purl.imsglobal.org/spec/lti-tool-configuration"


def register_via_moodle(client, platform, invite_token, token=None):
    return client.get(
        f"/lti/register/{invite_token}/",
        {
            "openid_configuration": platform.openid_configuration_url,
            "registration_token": token or platform.registration_token,
        },
    )


def test_dynamic_registration_as_moodle_does_it(client, platform):
    invite = registration.invite_create(note="วท.ทดสอบ")
    response = register_via_moodle(client, platform, invite.token)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-lti="close"' in html and "lti.js" in html  # posts org.imsglobal.lti.close
    assert f"frame-ancestors 'self' {platform.base_url}" in response["Content-Security-Policy"]
    (sent,) = platform.registrations
    assert sent["application_type"] == "web"
    assert sent["token_endpoint_auth_method"] == "private_key_jwt"
    assert sent["initiate_login_uri"] == TOOL + "/lti/login/"
    assert sent["redirect_uris"] == [TOOL + "/lti/launch/"]
    assert sent["jwks_uri"] == TOOL + "/lti/jwks.json"
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in sent["scope"].split()
    assert (
        "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
        in sent["scope"].split()
    )
    conf = sent[TOOL_CONFIG]
    assert conf["domain"] == "testserver"
    assert conf["target_link_uri"] == TOOL + "/"
    assert conf["messages"][0]["type"] == "LtiDeepLinkingRequest"
    assert conf["messages"][0]["target_link_uri"] == TOOL + "/lti/deep-linking/"
    assert set(conf["claims"]) >= {"iss", "sub", "name", "email"}
    stored = Platform.objects.get()
    assert stored.source == Platform.Source.DYNAMIC
    assert stored.issuer == platform.issuer and stored.client_id.startswith("dyn-")
    assert stored.auth_login_url == platform.auth_url
    assert stored.jwks_url == platform.jwks_url
    assert list(stored.deployments.values_list("deployment_id", "is_active")) == [("77", True)]
    invite.refresh_from_db()
    assert invite.used_at is not None and invite.platform == stored


def test_invitation_is_single_use(client, platform):
    invite = registration.invite_create()
    assert register_via_moodle(client, platform, invite.token).status_code == 200
    again = register_via_moodle(client, platform, invite.token)
    assert again.status_code == 403
    html = again.content.decode()
    assert "LTI-" in html
    # the Moodle administrator reads this: it says who gives a new link, not "ask yourself"
    assert "Ask the Intelligent Center staff (OVEC) for a new registration link" in html
    assert "give this code to your Moodle administrator" not in html
    assert Platform.objects.count() == 1


@pytest.mark.parametrize("case", ["unknown", "expired"])
def test_bad_invitation(client, platform, case):
    token = "nope"
    if case == "expired":
        invite = registration.invite_create()
        RegistrationInvite.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
        token = invite.token
    assert register_via_moodle(client, platform, token).status_code == 403
    assert platform.registrations == [] and not Platform.objects.exists()


def test_bad_registration_token_is_reported(client, platform):
    invite = registration.invite_create()
    response = register_via_moodle(client, platform, invite.token, token="wrong")
    assert response.status_code == 400
    assert not Platform.objects.exists()
    invite.refresh_from_db()
    assert invite.used_at is None  # can be tried again


def test_configuration_from_another_site_is_refused(client, platform):
    invite = registration.invite_create()
    response = client.get(
        f"/lti/register/{invite.token}/",
        {"openid_configuration": "", "registration_token": platform.registration_token},
    )
    assert response.status_code == 400


def run_register(*extra):
    out, err = StringIO(), StringIO()
    call_command(
        "lti_register_platform",
        "--name",
        "Moodle วท.ชลบุรี",
        "--issuer",
        "https://moodle.example.ac.th",
        "--client-id",
        "abc123",
        "--auth-url",
        "https://moodle.example.ac.th/mod/lti/auth.php",
        "--token-url",
        "https://moodle.example.ac.th/mod/lti/token.php",
        "--jwks-url",
        "https://moodle.example.ac.th/mod/lti/certs.php",
        *extra,
        stdout=out,
        stderr=err,
    )
    return out.getvalue()


def test_register_command_is_idempotent_and_prints_json():
    out = run_register("--deployment-id", "1", "--deployment-id", "2")
    assert json.loads(out) == {
        "login_url": TOOL + "/lti/login/",
        "launch_url": TOOL + "/lti/launch/",
        "jwks_url": TOOL + "/lti/jwks.json",
        "deep_linking_url": TOOL + "/lti/deep-linking/",
    }
    Deployment.objects.filter(deployment_id="2").update(is_active=False)
    out2 = run_register("--deployment-id", "2", "--deployment-id", "3")
    assert json.loads(out2) == json.loads(out)
    assert Platform.objects.count() == 1
    assert sorted(Deployment.objects.values_list("deployment_id", "is_active")) == [
        ("1", True),
        ("2", True),
        ("3", True),
    ]


@pytest.mark.parametrize("extra", [[], ["--deployment-id", "1", "--jwks-url", "not a url"]])
def test_register_command_bad_input(extra):
    with pytest.raises(CommandError):
        run_register(*extra)
    assert not Platform.objects.exists()


def test_jwks_and_rotation_with_grace_period(client):
    first = client.get("/lti/jwks.json").json()
    assert len(first["keys"]) == 1
    old_kid = first["keys"][0]["kid"]
    assert first["keys"][0]["alg"] == "RS256" and "d" not in first["keys"][0]  # public only
    out = StringIO()
    call_command("lti_rotate_keys", "--grace-days", "3", stdout=out)
    assert f"retired {old_kid}" in out.getvalue()
    after = {k["kid"] for k in client.get("/lti/jwks.json").json()["keys"]}
    assert old_kid in after and len(after) == 2
    # what we sign now uses the new key, verifiable from the JWKS
    token = keys.jwt_sign({"hello": "world"})
    new_kid = jwt.get_unverified_header(token)["kid"]
    assert new_kid != old_kid and new_kid in after
    # after the grace period the old key disappears
    ToolKey.objects.filter(kid=old_kid).update(publish_until=timezone.now() - timedelta(seconds=1))
    final = {k["kid"] for k in client.get("/lti/jwks.json").json()["keys"]}
    assert final == {new_kid}


def test_registration_url_command():
    out = StringIO()
    call_command("lti_registration_url", "--note", "Moodle วท.ทดสอบ", stdout=out)
    url = out.getvalue().strip()
    assert url.startswith(TOOL + "/lti/register/")
    assert RegistrationInvite.objects.get().note == "Moodle วท.ทดสอบ"


def test_registration_endpoint_on_another_host_is_refused_unfetched(client, platform):
    platform.openid_overrides = {"registration_endpoint": "http://localhost:9/steal"}
    invite = registration.invite_create()
    response = register_via_moodle(client, platform, invite.token)
    assert response.status_code == 400
    assert platform.registrations == [] and not Platform.objects.exists()


def test_jwks_uri_on_another_host_is_refused(client, platform):
    platform.openid_overrides = {"jwks_uri": "https://attacker.example/certs.php"}
    invite = registration.invite_create()
    assert register_via_moodle(client, platform, invite.token).status_code == 400
    assert not Platform.objects.exists()


def test_configuration_at_a_private_address_is_never_fetched(client, platform, settings):
    """Production's policy: the platform at 127.0.0.1 is not allow-listed, so not reached."""
    settings.OUTBOUND_ALLOWED_HOSTS = []
    invite = registration.invite_create()
    response = register_via_moodle(client, platform, invite.token)
    assert response.status_code == 400
    assert platform.registrations == [] and not Platform.objects.exists()
    invite.refresh_from_db()
    assert invite.used_at is None
