"""Sign-in throttling (django-axes) through Wagtail's real login view."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "cvm-editor", "editor@example.org", "right-pass-1234", is_staff=True
    )


def attempt(client, username, password, ip="203.0.113.7"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, follow=False
    )


def test_fifth_wrong_password_locks_the_account_from_that_address(client, editor):
    for _ in range(4):
        assert attempt(client, "cvm-editor", "wrong").status_code == 200
    locked = attempt(client, "cvm-editor", "wrong")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "ลงชื่อเข้าใช้ผิดหลายครั้งเกินไป" in text
    assert "Wait 15 minutes and try again" in text
    assert locked["Retry-After"] == "900"


def test_the_right_password_is_refused_while_locked(client, editor):
    for _ in range(5):
        attempt(client, "cvm-editor", "wrong")
    response = attempt(client, "cvm-editor", "right-pass-1234")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_address_so_a_college_elsewhere_still_signs_in(client, editor):
    for _ in range(5):
        attempt(client, "cvm-editor", "wrong", ip="203.0.113.7")
    response = attempt(client, "cvm-editor", "right-pass-1234", ip="198.51.100.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_right_password_resets_the_count(client, editor):
    for _ in range(4):
        attempt(client, "cvm-editor", "wrong")
    assert attempt(client, "cvm-editor", "right-pass-1234").status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "cvm-editor", "wrong").status_code == 200


def test_forged_forwarded_for_does_not_escape_the_lockout(client, editor):
    """Without a trusted proxy the header is the client's word: it must not change the address."""
    for n in range(5):
        client.post(
            LOGIN,
            {"username": "cvm-editor", "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    response = attempt(client, "cvm-editor", "right-pass-1234", ip="203.0.113.7")
    assert response.status_code == 429
