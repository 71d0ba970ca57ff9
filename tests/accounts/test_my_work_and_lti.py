"""My work (attempts: best and latest; continue reading) and linking a Moodle (LTI) identity,
with a real LTI 1.3 launch from the specification-built platform (tests/lti/platform.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from accounts.models import LtiIdentityLink, ReadingPosition
from files.models import SimulatorAttempt
from lms_bridge.models import PlatformUser
from tests.lms_bridge.conftest import page_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return get_user_model().objects.create_user("kru", email="kru@college.ac.th", password="x")


def attempt(user, page, score, *, max_score="20"):
    return SimulatorAttempt.objects.create(
        user=user, simulator=page, score=Decimal(score), max_score=Decimal(max_score)
    )


def test_my_attempts_show_best_and_latest_per_simulator(client, member, simulator):
    attempt(member, simulator, "12")
    attempt(member, simulator, "18")
    attempt(member, simulator, "9")  # the latest, not the best
    client.force_login(member)
    response = client.get("/accounts/my-work/")
    rows = response.context["attempts"]
    assert len(rows) == 1
    assert (rows[0].count, rows[0].best.score, rows[0].latest.score) == (3, 18, 9)
    assert "ผลการทำของฉัน" in response.content.decode()


def test_my_work_needs_the_public_sign_in(client, db):
    response = client.get("/accounts/my-work/")
    assert response["Location"].startswith("/accounts/login/")


def test_opening_an_ebook_at_a_page_is_kept_for_continue_reading(client, member, make_resource):
    book = make_resource("ebook", title="ตำราหุ่นยนต์")
    client.force_login(member)
    client.get(book.url, {"p": "7"})
    assert ReadingPosition.objects.get(user=member, page=book).number == 7
    html = client.get("/accounts/my-work/").content.decode()
    assert f'href="{book.url}?p=7#reader"' in html


def test_reader_endpoint_records_the_page_shown(client, member, make_resource):
    book = make_resource("ebook", title="ตำราหุ่นยนต์")
    client.force_login(member)
    response = client.post("/accounts/reading/", {"page": book.pk, "number": "12"})
    assert response.status_code == 200
    assert ReadingPosition.objects.get(user=member, page=book).number == 12


def test_reader_endpoint_refuses_what_is_not_an_ebook(client, member, simulator):
    client.force_login(member)
    response = client.post("/accounts/reading/", {"page": simulator.pk, "number": "3"})
    assert response.status_code == 404
    assert not ReadingPosition.objects.exists()


def test_reader_endpoint_says_what_is_wrong_with_bad_numbers(client, member):
    client.force_login(member)
    response = client.post("/accounts/reading/", {"page": "x", "number": "1"})
    assert response.status_code == 400
    assert response.json()["error"] == "หน้าและเลขหน้าต้องเป็นจำนวนเต็ม"


def launch_student(flow, simulator):
    response = flow.launch(target=page_url(simulator), custom={"resource_id": str(simulator.pk)})
    assert response.status_code == 200, response.content[:300]
    return PlatformUser.objects.get()


def test_signed_in_user_links_the_moodle_identity_of_this_browser(client, flow, simulator, member):
    lti = launch_student(flow, simulator)
    attempt(lti.user, simulator, "15")  # made inside Moodle, before linking
    client.force_login(member)
    page = client.get("/accounts/moodle/link/").content.decode()
    assert "Moodle วิทยาลัยเทคนิคทดสอบ" in page
    client.post("/accounts/moodle/link/")
    link = LtiIdentityLink.objects.get()
    assert (link.user, link.lti_user) == (member, lti.user)
    rows = client.get("/accounts/my-work/").context["attempts"]
    assert rows[0].best.score == 15


def test_moodle_identity_is_never_linked_by_e_mail_alone(
    client, flow, simulator, django_user_model
):
    lti = launch_student(flow, simulator)
    same_address = django_user_model.objects.create_user(
        "twin", email=lti.user.email or "student@example.org", password="x"
    )
    client.force_login(same_address)
    client.get("/accounts/my-work/")
    assert not LtiIdentityLink.objects.exists()


def test_an_identity_linked_to_someone_else_is_refused(
    client, flow, simulator, member, django_user_model
):
    from accounts import services
    from lms_bridge.selectors import LaunchIdentity

    lti = launch_student(flow, simulator)
    first = django_user_model.objects.create_user("first", password="x")
    services.lti_identity_link(
        user=first, identity=LaunchIdentity(user=lti.user, platform_name="M", sub=lti.sub, name="")
    )
    client.force_login(member)
    response = client.post("/accounts/moodle/link/")
    assert response.status_code == 400
    assert "บัญชี Moodle นี้เชื่อมกับบัญชีอื่นอยู่แล้ว" in response.content.decode()


def test_without_a_launch_there_is_nothing_to_link(client, member):
    client.force_login(member)
    response = client.post("/accounts/moodle/link/")
    assert response.status_code == 400
    assert not LtiIdentityLink.objects.exists()
