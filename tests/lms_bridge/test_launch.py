"""Resource link launches (1EdTech certification: "valid teacher and student launches")."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from lms_bridge.models import CourseLink, Launch, PlatformUser
from lms_bridge.signals import resource_launched
from tests.lti.platform import (
    ROLE_ADMIN,
    ROLE_CONTENT_DEVELOPER,
    ROLE_INSTRUCTOR,
    ROLE_LEARNER,
    ROLE_MENTOR,
    ROLE_TA,
)

from .conftest import TOOL, page_url

pytestmark = pytest.mark.django_db


def test_student_launch_opens_the_resource_in_the_lti_layout(flow, resource):
    received = []

    def listener(sender, page, user, launch, **kwargs):
        received.append((page.pk, user.pk, launch.pk))

    resource_launched.connect(listener)
    try:
        response = flow.launch(target=page_url(resource), roles=[ROLE_LEARNER])
    finally:
        resource_launched.disconnect(listener)
    assert response.status_code == 200
    html = response.content.decode()
    assert resource.title in html
    assert 'class="site-header"' not in html and 'class="site-footer"' not in html
    assert "lti-layout" in html
    # Framed by Moodle: its origin in frame-ancestors, no X-Frame-Options: DENY.
    assert "X-Frame-Options" not in response
    csp = response["Content-Security-Policy"]
    assert f"frame-ancestors 'self' {flow.platform.base_url}" in csp
    launch = Launch.objects.get()
    assert launch.page_id == resource.pk
    assert received == [(resource.pk, launch.platform_user.user_id, launch.pk)]
    identity = launch.platform_user
    assert identity.role == PlatformUser.Role.STUDENT
    assert not identity.user.has_usable_password()
    assert identity.user.first_name == "สมชาย"
    assert identity.user.email == "somchai@college.ac.th"
    cookie = response.cookies["ic_lti_launch"]
    assert cookie["samesite"] == "None" and cookie["secure"] and cookie["httponly"]
    course = CourseLink.objects.get()
    assert course.title == "หุ่นยนต์อุตสาหกรรม 1"
    assert course.memberships_url == flow.platform.memberships_url


def test_login_initiation_by_get_too(flow, resource):
    auth = flow.start(target=page_url(resource), method="get")
    claims = flow.platform.claims(nonce=auth["nonce"], target_link_uri=page_url(resource))
    assert flow.post(flow.platform.sign(claims)).status_code == 200


def test_state_cookie_is_samesite_none_secure(flow, resource):
    response = flow.login(target=page_url(resource))
    cookie = next(c for name, c in response.cookies.items() if name.startswith("lti_state_"))
    assert cookie["samesite"] == "None" and cookie["secure"] and cookie["httponly"]


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([ROLE_INSTRUCTOR], "teacher"),
        ([ROLE_CONTENT_DEVELOPER], "teacher"),
        ([ROLE_TA], "teacher"),
        ([ROLE_LEARNER], "student"),
        (["Learner"], "student"),
        ([ROLE_ADMIN, ROLE_INSTRUCTOR], "teacher"),
        ([ROLE_ADMIN], "student"),
        ([ROLE_MENTOR], "student"),
        (["http://example.org/vocab#Wizard"], "student"),  # unknown role: least privilege
        ([], "student"),
    ],
)
def test_roles_are_mapped(flow, resource, roles, expected):
    response = flow.launch(target=page_url(resource), roles=roles)
    assert response.status_code == 200
    assert PlatformUser.objects.get().role == expected


def test_same_user_is_reused_and_role_follows_latest_launch(flow, resource):
    flow.launch(target=page_url(resource), roles=[ROLE_LEARNER])
    flow.launch(target=page_url(resource), roles=[ROLE_INSTRUCTOR])
    assert PlatformUser.objects.count() == 1
    assert get_user_model().objects.filter(username__startswith="lti-").count() == 1
    assert PlatformUser.objects.get().role == "teacher"
    assert Launch.objects.count() == 2


def test_launch_without_personal_data(flow, resource):
    response = flow.launch(
        target=page_url(resource), name=None, given_name=None, family_name=None, email=None
    )
    assert response.status_code == 200
    identity = PlatformUser.objects.get()
    assert identity.name == "" and identity.email == ""
    assert identity.user.first_name == "" and identity.user.email == ""


def test_launch_without_course_context(flow, resource):
    lti = "https://purl.imsglobal.org/spec/lti/claim/"
    response = flow.launch(target=page_url(resource), **{lti + "context": None})
    assert response.status_code == 200
    assert Launch.objects.get().course is None
    assert not CourseLink.objects.exists()


def test_custom_resource_id_selects_the_page(flow, resource, make_resource):
    other = make_resource("ebook", title="หนังสือหุ่นยนต์")
    lti = "https://purl.imsglobal.org/spec/lti/claim/"
    response = flow.launch(
        target=page_url(resource), **{lti + "custom": {"resource_id": str(other.pk)}}
    )
    assert response.status_code == 200
    assert Launch.objects.get().page_id == other.pk


def test_names_and_custom_values_are_escaped(flow, resource):
    evil = '<script>alert("x")</script>'
    lti = "https://purl.imsglobal.org/spec/lti/claim/"
    response = flow.launch(
        target=page_url(resource),
        name=evil,
        given_name=evil,
        **{lti + "custom": {"resource_id": evil}},
    )
    # An unknown resource id: error page, and nothing of the payload is echoed raw.
    assert response.status_code == 404
    assert evil not in response.content.decode()


def test_unpublished_resource_is_not_served(flow, make_resource):
    draft = make_resource("research", title="ร่างงานวิจัย", live=False)
    response = flow.launch(target=TOOL + "/" + draft.slug + "/")
    assert response.status_code == 404
    assert "ร่างงานวิจัย" not in response.content.decode()


def test_ordinary_pages_keep_deny_framing(client, resource):
    response = client.get(resource.url)
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
