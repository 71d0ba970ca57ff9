"""Public accounts: sign-up with e-mail confirmation, the three sign-up modes, sign-in, password
reset, sign-out, the header link, throttling with django-axes, no admin access."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail

from accounts.models import Invitation, Profile

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
LOGIN = "/accounts/login/"


def link_in_last_mail() -> str:
    return re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)


def test_sign_in_page_is_thai_first_in_the_site_design(client):
    html = client.get(LOGIN).content.decode()
    assert '<html lang="th">' in html
    assert "<h1>เข้าสู่ระบบ</h1>" in html
    assert 'class="site-header"' in html
    assert "Wagtail" not in html


def test_sign_in_page_in_english_under_en(client):
    html = client.get("/en" + LOGIN).content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Sign in</h1>" in html


def test_sign_up_keeps_the_profile_and_asks_to_confirm_the_address(client, signup_data):
    response = client.post(SIGNUP, signup_data)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="kanya@college.ac.th")
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.role) == ("ครูกัญญา", "teacher")
    assert profile.institution_id == signup_data["institution"]
    assert list(profile.fields_of_study.values_list("code", flat=True)) == ["F64-11"]
    assert len(mail.outbox) == 1 and "/accounts/confirm-email/" in mail.outbox[0].body
    assert SESSION_KEY not in client.session  # not signed in before confirming


def test_unconfirmed_address_cannot_sign_in(client, signup_data):
    client.post(SIGNUP, signup_data)
    client.post(LOGIN, {"login": signup_data["email"], "password": signup_data["password1"]})
    assert SESSION_KEY not in client.session


def test_confirming_the_address_signs_in(client, signup_data):
    client.post(SIGNUP, signup_data)
    confirm = link_in_last_mail()
    assert client.get(confirm).status_code == 200
    response = client.post(confirm)
    assert response.status_code == 302
    user = get_user_model().objects.get(email=signup_data["email"])
    assert client.session[SESSION_KEY] == str(user.pk)


def test_sign_up_without_a_role_is_refused_with_the_form_kept(client, signup_data):
    signup_data.pop("role")
    response = client.post(SIGNUP, signup_data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "kanya@college.ac.th" in html  # nothing typed is lost
    assert not get_user_model().objects.filter(email="kanya@college.ac.th").exists()


def test_domains_mode_refuses_other_addresses(client, signup_data, settings):
    settings.ACCOUNT_SIGNUP_MODE = "domains"
    settings.ACCOUNT_SIGNUP_DOMAINS = ["vec.go.th"]
    response = client.post(SIGNUP, signup_data)
    assert "สมัครได้เฉพาะอีเมลที่ลงท้ายด้วย @vec.go.th เท่านั้น" in response.content.decode()
    assert not get_user_model().objects.filter(email=signup_data["email"]).exists()


def test_domains_mode_accepts_a_subdomain_of_a_listed_domain(client, signup_data, settings):
    settings.ACCOUNT_SIGNUP_MODE = "domains"
    settings.ACCOUNT_SIGNUP_DOMAINS = ["ac.th"]
    assert client.post(SIGNUP, signup_data).status_code == 302
    assert get_user_model().objects.filter(email=signup_data["email"]).exists()


def test_invitation_mode_closes_sign_up_without_an_invitation(client, signup_data, settings):
    settings.ACCOUNT_SIGNUP_MODE = "invitation"
    html = client.get(SIGNUP).content.decode()
    assert "สมัครสมาชิกได้เมื่อได้รับคำเชิญ" in html
    client.post(SIGNUP, signup_data)
    assert not get_user_model().objects.filter(email=signup_data["email"]).exists()


def test_invitation_link_opens_sign_up_for_the_invited_address_only(
    client, signup_data, settings, django_capture_on_commit_callbacks
):
    from accounts.services import invitation_create

    settings.ACCOUNT_SIGNUP_MODE = "invitation"
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(email="kanya@college.ac.th")
    assert client.get(link_in_last_mail()).status_code == 302
    other = dict(signup_data, email="someone@college.ac.th")
    assert "กรุณาใช้อีเมลที่ได้รับคำเชิญ" in client.post(SIGNUP, other).content.decode()
    assert client.post(SIGNUP, signup_data).status_code == 302
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_used_invitation_link_is_refused(client, db):
    from django.utils import timezone

    invitation = Invitation.objects.create(email="a@b.th", accepted_at=timezone.now())
    assert client.get(f"/accounts/invitation/{invitation.token}/").status_code == 404


def test_password_reset_by_e_mail(client, django_user_model):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user("nid", email="nid@college.ac.th", password="x")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post("/accounts/password/reset/", {"email": "nid@college.ac.th"})
    reset = client.get(link_in_last_mail(), follow=True)
    form_url = reset.redirect_chain[-1][0] if reset.redirect_chain else link_in_last_mail()
    client.post(form_url, {"password1": "New-pass-2568-ok", "password2": "New-pass-2568-ok"})
    user.refresh_from_db()
    assert user.check_password("New-pass-2568-ok")


def test_sign_out(client, django_user_model):
    user = django_user_model.objects.create_user("a", email="a@college.ac.th", password="x")
    client.force_login(user)
    client.post("/accounts/logout/")
    assert SESSION_KEY not in client.session


def test_header_links_to_sign_in_then_shows_the_account_menu(client, django_user_model):
    assert 'href="/accounts/login/?next=/"' in client.get("/").content.decode()
    user = django_user_model.objects.create_user("a", email="a@college.ac.th", password="x")
    Profile.objects.create(user=user, display_name="ครูสมชาย")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "<summary>ครูสมชาย</summary>" in html
    assert 'action="/accounts/logout/"' in html


def test_public_account_does_not_reach_the_admin(client, signup_data):
    client.post(SIGNUP, signup_data)
    client.post(link_in_last_mail())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_wrong_passwords_lock_the_public_sign_in(client, django_user_model, settings):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user("t", email="t@college.ac.th", password="Right-pw-1")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"login": "t@college.ac.th", "password": "wrong"})
    response = client.post(LOGIN, {"login": "T@College.ac.th", "password": "Right-pw-1"})
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
