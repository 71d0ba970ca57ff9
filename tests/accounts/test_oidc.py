"""Single sign-on by OpenID Connect against a real provider on loopback (tests/accounts/
oidc_provider.py): discovery, authorization code with PKCE, token exchange with the client
secret, RS256 ID token, userinfo."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY

from accounts.models import Profile

pytestmark = pytest.mark.django_db

START = "/accounts/oidc/sso/login/"


def sign_in_through_provider(client, oidc):
    start = client.post(START)
    assert start.status_code == 302
    authorize = start["Location"]
    assert authorize.startswith(oidc.issuer + "/authorize?")
    assert "code_challenge=" in authorize  # PKCE
    at_provider = requests.get(authorize, allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302
    callback = urlsplit(at_provider.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")


def test_sign_in_page_offers_the_configured_provider(client, oidc):
    html = client.get("/accounts/login/").content.decode()
    assert "เข้าสู่ระบบด้วย OVEC SSO" in html
    assert START in html


def test_no_provider_button_without_the_environment(client, db):
    assert "/accounts/oidc/" not in client.get("/accounts/login/").content.decode()


def test_first_sso_sign_in_makes_a_signed_in_account_with_a_profile(client, oidc):
    response = sign_in_through_provider(client, oidc)
    assert response.status_code == 302, response.content[:400]
    account = SocialAccount.objects.get(provider="sso")
    assert account.uid == "oidc-user-1"
    assert account.user.email == "somsri@college.ac.th"
    assert client.session[SESSION_KEY] == str(account.user.pk)
    assert Profile.objects.get(user=account.user).display_name == "สมศรี ใจดี"
    # the provider was really asked: token exchange and userinfo, server to server
    assert "/token" in oidc.requests and "/userinfo" in oidc.requests


def test_second_sign_in_reaches_the_same_account(client, oidc):
    sign_in_through_provider(client, oidc)
    client.logout()
    sign_in_through_provider(client, oidc)
    assert SocialAccount.objects.count() == 1


def test_an_id_token_for_another_client_is_refused(client, oidc):
    oidc.audience_override = "someone-else"
    response = sign_in_through_provider(client, oidc)
    assert SESSION_KEY not in client.session
    assert not SocialAccount.objects.exists()
    assert response.status_code == 401  # allauth's "sign-in failed" page, in our design
    assert 'class="site-header"' in response.content.decode()


def test_sso_never_takes_over_an_existing_account_by_e_mail(client, oidc, django_user_model):
    existing = django_user_model.objects.create_user(
        "somsri", email="somsri@college.ac.th", password="pw-test-1234"
    )
    sign_in_through_provider(client, oidc)
    assert not SocialAccount.objects.filter(user=existing).exists()
    assert client.session.get(SESSION_KEY) != str(existing.pk)


def test_the_provider_is_reached_only_through_the_outbound_policy(client, oidc, settings):
    """allauth's server-to-server calls go through the one outbound client: a provider on a
    private address that is not allow-listed is refused before anything is asked of it."""
    settings.OUTBOUND_ALLOWED_HOSTS = []
    response = client.post(START)
    assert response.status_code == 503
    assert "ติดต่อ OVEC SSO ไม่ได้" in response.content.decode()
    assert oidc.requests == []
    assert SESSION_KEY not in client.session


def test_a_provider_that_is_down_gets_a_clear_page_not_a_500(client, oidc):
    oidc.stop()
    response = client.post(START)
    assert response.status_code == 503
    html = response.content.decode()
    assert "ระบบลงชื่อเข้าใช้ร่วม (SSO) ใช้งานไม่ได้ขณะนี้" in html
    assert 'href="/accounts/login/"' in html  # e-mail sign-in still offered
