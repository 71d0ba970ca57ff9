"""Invitations sent from Wagtail's admin (ACCOUNT_SIGNUP_MODE=invitation)."""

import pytest
from django.core import mail

from accounts.models import Invitation

pytestmark = pytest.mark.django_db


def test_adding_an_invitation_in_the_admin_e_mails_the_link(
    client, django_user_model, django_capture_on_commit_callbacks
):
    admin = django_user_model.objects.create_superuser("root", "root@vec.go.th", "pw-test-1234")
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/snippets/accounts/invitation/add/", {"email": "kru@college.ac.th"}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.invited_by == admin
    assert mail.outbox[-1].to == ["kru@college.ac.th"]
    assert f"/accounts/invitation/{invitation.token}/" in mail.outbox[-1].body


def test_ovec_staff_send_invitations_without_being_superusers(
    client, django_user_model, django_capture_on_commit_callbacks
):
    from content.services import ovec_group_ensure

    staff = django_user_model.objects.create_user("ovec-staff", password="pw-test-1234")
    staff.groups.add(ovec_group_ensure())
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/snippets/accounts/invitation/add/", {"email": "nakrian@college.ac.th"}
        )
    assert response.status_code == 302
    assert Invitation.objects.get().invited_by == staff
    assert mail.outbox[-1].to == ["nakrian@college.ac.th"]
