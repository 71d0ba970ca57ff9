"""Simulator packages: sandboxed serving, signed paths, and the score API."""

from __future__ import annotations

import json
import logging
import re

import pytest
from django.test import Client

from files import selectors, services_external, signals
from files.models import SimulatorAttempt, SimulatorPackageBuild

from .conftest import media_files
from .factories import simulator_zip_bytes


@pytest.fixture
def sim_page(media_root, make_document, make_simulator_page):
    document = make_document(simulator_zip_bytes(), "sim.zip")
    return make_simulator_page(package=document)


@pytest.fixture
def student(django_user_model):
    return django_user_model.objects.create_user("student-sim", password="pw-test-1234")


def _frame_url(client, page):
    request = client.get(page.url).wsgi_request
    return selectors.simulator_view(page=page, request=request).frame_url


def test_package_files_are_served_in_a_strict_sandbox(client, sim_page):
    html = client.get(sim_page.url).content.decode()
    assert 'sandbox="allow-scripts' in html and "allow-same-origin" not in html
    frame_url = _frame_url(client, sim_page)
    response = client.get(frame_url)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert csp.startswith("sandbox allow-scripts")
    assert "allow-same-origin" not in csp
    assert csp.endswith("frame-ancestors 'self'")
    assert "X-Frame-Options" not in response  # frame-ancestors decides, for every ancestor
    style = client.get(frame_url.replace("index.html", "css/style.css"))
    assert style["Content-Type"].startswith("text/css")
    # the sandboxed frame's origin is opaque: same-site CORP would make Chromium refuse the files
    assert style["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert style.cookies == {}


def test_the_frame_token_names_the_lms_that_may_frame_the_host_page(client, sim_page):
    build = SimulatorPackageBuild.objects.get()
    token = selectors.simulator_frame_token(key=build.key, ancestor="http://moodle.example:8145")
    response = client.get(f"/files/simulators/{build.key}/{token}/index.html")
    assert response["Content-Security-Policy"].endswith(
        "frame-ancestors 'self' http://moodle.example:8145"
    )
    other = SimulatorPackageBuild(key="00000000-0000-0000-0000-000000000001")
    forged = selectors.simulator_frame_token(key=other.key, ancestor="http://evil.example")
    assert client.get(f"/files/simulators/{build.key}/{forged}/index.html").status_code == 403


def test_forged_or_traversing_paths_are_refused(client, sim_page):
    build = SimulatorPackageBuild.objects.get()
    frame_url = _frame_url(client, sim_page)
    assert client.get(f"/files/simulators/{build.key}/forged-token/index.html").status_code == 403
    assert client.get(frame_url.replace("index.html", "../../../settings.py")).status_code == 404
    assert client.get(frame_url.replace("index.html", "missing.js")).status_code == 404


def test_deleting_the_document_deletes_the_unpacked_files(
    sim_page, media_root, django_capture_on_commit_callbacks
):
    build = SimulatorPackageBuild.objects.get()
    assert any(name.startswith(build.prefix) for name in media_files(media_root))
    with django_capture_on_commit_callbacks(execute=True):
        build.document.delete()
    assert not any(name.startswith("simulators/") for name in media_files(media_root))


def _token(client, page) -> str:
    html = client.get(page.url).content.decode()
    match = re.search(r'data-attempt-token="([^"]*)"', html)
    return match.group(1) if match else ""


def _post(client, page, payload, token=None):
    if token is not None and isinstance(payload, dict):
        payload = {**payload, "token": token}
    return client.post(
        f"/files/simulators/{page.pk}/attempts/",
        data=json.dumps(payload),
        content_type="application/json",
    )


SCORE = {"type": "ic.score", "score": 1, "maxScore": 10, "completed": True}


def test_a_score_becomes_an_attempt_and_the_signal_is_sent_after_commit(
    client, sim_page, student, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, attempt, request, **kwargs):
        received.append(attempt.pk)

    signals.simulator_attempt_recorded.connect(listener)
    client.force_login(student)
    token = _token(client, sim_page)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = _post(
                client,
                sim_page,
                {"type": "ic.score", "score": 4, "maxScore": 5, "completed": True, "events": [1]},
                token,
            )
            assert received == []
        for callback in callbacks:
            callback()
    finally:
        signals.simulator_attempt_recorded.disconnect(listener)
    assert response.status_code == 201
    attempt = SimulatorAttempt.objects.get()
    # rescaled to the page's maximum (10), for the token's viewer, the raw message kept
    assert (attempt.score, attempt.max_score, attempt.completed) == (8, 10, True)
    assert attempt.user == student and received == [attempt.pk]
    assert attempt.raw_message["events"] == [1] and "token" not in attempt.raw_message
    assert response.json()["nextToken"] not in ("", token)
    page_html = client.get(sim_page.url).content.decode()
    assert "8 / 10" in page_html
    assert "8 / 10" in client.get("/files/attempts/").content.decode()


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "ic.score", "score": 11, "maxScore": 10, "completed": True},
        {"type": "ic.score", "score": -1, "maxScore": 10, "completed": True},
        {"type": "ic.score", "score": "7", "maxScore": 10, "completed": True},
        {"type": "ic.score", "score": 1, "maxScore": 0, "completed": True},
        {"type": "ic.score", "score": 1, "maxScore": 10, "completed": "yes"},
        {"type": "other", "score": 1, "maxScore": 10, "completed": True},
        [1, 2, 3],
        # no 0.01 quantum at that size: once a decimal.InvalidOperation (500)
        {"type": "ic.score", "score": 1e308, "maxScore": 1e-308, "completed": True},
        {"type": "ic.score", "score": 1, "maxScore": 1e308, "completed": True},
    ],
)
def test_malformed_or_out_of_range_scores_are_ignored_and_logged(
    client, sim_page, student, payload, caplog
):
    client.force_login(student)
    token = _token(client, sim_page)
    with caplog.at_level(logging.WARNING, logger="intelligent_center.files"):
        response = _post(client, sim_page, payload, token)
    assert response.status_code == 400
    assert SimulatorAttempt.objects.count() == 0
    assert "score message ignored" in caplog.text


def test_anonymous_viewers_get_no_token_and_scores_without_one_are_refused(client, sim_page):
    assert _token(client, sim_page) == ""
    response = _post(client, sim_page, SCORE)
    assert response.status_code == 403 and response.json()["code"] == "missing"
    assert SimulatorAttempt.objects.count() == 0


def test_a_session_cookie_alone_records_nothing(sim_page, student):
    """The endpoint reads no cookie: a forged cross-site post with the student's session
    (CSRF) carries no attempt token and is refused; cookie-authenticated forms elsewhere keep
    Django's CSRF check."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    response = _post(client, sim_page, SCORE)
    assert response.status_code == 403
    assert SimulatorAttempt.objects.count() == 0
    assert client.post("/files/attempts/").status_code in (403, 405)


def test_the_token_is_the_credential_without_any_cookie(sim_page, student):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(student)
    token = _token(browser, sim_page)
    cookieless = Client(enforce_csrf_checks=True)  # a frame whose cookies the browser refused
    response = _post(cookieless, sim_page, SCORE, token)
    assert response.status_code == 201
    assert SimulatorAttempt.objects.get().user == student


def test_a_token_records_one_attempt_only(client, sim_page, student):
    client.force_login(student)
    token = _token(client, sim_page)
    assert _post(client, sim_page, SCORE, token).status_code == 201
    again = _post(client, sim_page, SCORE, token)
    assert again.status_code == 409 and again.json()["code"] == "used"
    assert SimulatorAttempt.objects.count() == 1


def test_a_token_is_bound_to_its_simulator(client, sim_page, student, make_simulator_page):
    client.force_login(student)
    other = make_simulator_page(external_url="https://sim.example.org/x/", slug="other-sim")
    token = _token(client, sim_page)
    response = _post(client, other, SCORE, token)
    assert response.status_code == 403 and response.json()["code"] == "other_page"


def test_a_token_expires(client, sim_page, student, settings):
    client.force_login(student)
    token = _token(client, sim_page)
    settings.SIMULATOR_ATTEMPT_TOKEN_SECONDS = -1
    response = _post(client, sim_page, SCORE, token)
    assert response.status_code == 403 and response.json()["code"] == "expired"


def test_a_token_dies_with_a_password_change(client, sim_page, student):
    client.force_login(student)
    token = _token(client, sim_page)
    student.set_password("another-pw-5678")
    student.save()
    response = _post(client, sim_page, SCORE, token)
    assert response.status_code == 403 and response.json()["code"] == "viewer_changed"


def test_scores_are_rate_limited_per_student(client, sim_page, student, settings):
    from django.core.cache import cache

    cache.clear()
    settings.SIMULATOR_ATTEMPT_USER_RATE = "2/m"
    client.force_login(student)
    token = _token(client, sim_page)
    statuses = []
    for _ in range(3):
        response = _post(client, sim_page, SCORE, token)
        statuses.append(response.status_code)
        token = response.json().get("nextToken", token)
    assert statuses == [201, 201, 429]
    assert SimulatorAttempt.objects.count() == 2
    cache.clear()


def test_external_simulator_frame_only_when_the_site_allows_it(client, make_simulator_page):
    page = make_simulator_page(external_url="https://sim.example.org/plc/", slug="ext-sim")
    html = client.get(page.url).content.decode()
    assert "<iframe" not in html and 'target="_blank"' in html
    assert services_external.frame_allowed_by_headers({"X-Frame-Options": "DENY"}) is False
    assert (
        services_external.frame_allowed_by_headers(
            {"Content-Security-Policy": "default-src 'self'; frame-ancestors 'self'"}
        )
        is False
    )
    assert (
        services_external.frame_allowed_by_headers({"Content-Security-Policy": "frame-ancestors *"})
        is True
    )
    assert services_external.frame_allowed_by_headers({}) is True


def test_allowed_external_simulator_is_framed_and_its_origin_added_to_the_csp(
    client, make_simulator_page
):
    url = "https://sim.example.org/plc/"
    from django.core.cache import cache

    cache.set(services_external._cache_key(url), True, 60)
    page = make_simulator_page(external_url=url, slug="ext-sim-ok")
    response = client.get(page.url)
    html = response.content.decode()
    assert f'src="{url}"' in html and 'sandbox="allow-scripts' in html
    assert "frame-src 'self' https://sim.example.org" in response["Content-Security-Policy"]
    cache.delete(services_external._cache_key(url))


def test_my_attempts_listing_query_count_does_not_grow(
    client, sim_page, student, django_assert_max_num_queries
):
    from files import services

    client.force_login(student)
    services.simulator_attempt_record(
        user=student, page=sim_page, score=1, max_score=10, completed=False
    )
    with django_assert_max_num_queries(30) as few:
        assert client.get("/files/attempts/").status_code == 200
    for score in range(2, 10):
        services.simulator_attempt_record(
            user=student, page=sim_page, score=score, max_score=10, completed=True
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/files/attempts/").content.decode()
    assert html.count("/ 10") == 9


def test_my_attempts_needs_sign_in(client):
    response = client.get("/files/attempts/")
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_my_attempts_sends_a_signed_out_visitor_to_the_public_sign_in(client):
    response = client.get("/files/attempts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
