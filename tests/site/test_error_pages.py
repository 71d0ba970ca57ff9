"""Failing well: bilingual 404, a 500 page that needs no database, 503 while a backing service is
down (page, or JSON under /api/), and one log line instead of a traceback."""

from __future__ import annotations

import logging
import sys

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from intelligent_center import errors
from intelligent_center.logs import JsonFormatter, SuspiciousOneLine, UnavailableOneLine


@pytest.mark.django_db
def test_missing_page_is_a_bilingual_404(client):
    response = client.get("/no-such-page-at-all/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "ไม่พบหน้าที่ต้องการ" in text
    assert "Page not found" in text


def test_a_request_for_another_host_is_a_bilingual_400(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get("/f64-11/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    text = response.content.decode()
    assert "คำขอไม่ถูกต้อง" in text and "Bad request" in text


@pytest.mark.django_db
def test_missing_api_item_is_json_404(client):
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_500_page_renders_without_the_database(django_assert_num_queries):
    request = RequestFactory().get("/f64-11/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = errors.server_error(request)
    text = response.content.decode()
    assert response.status_code == 500
    assert "เกิดข้อผิดพลาดในระบบ" in text and "Something went wrong" in text


def test_database_failure_answers_503_with_retry_after():
    request = RequestFactory().get("/f64-11/")
    try:
        raise OperationalError("connection to server at 127.0.0.1, port 5441 failed")
    except OperationalError:
        response = errors.server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    assert "ระบบขัดข้องชั่วคราว" in response.content.decode()


def test_database_failure_under_api_answers_json():
    request = RequestFactory().get("/api/v1/resources/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = errors.server_error(request)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "temporarily unavailable" in response.content.decode()


def _record_with(exc: BaseException) -> logging.LogRecord:
    try:
        raise exc
    except type(exc):
        exc_info = sys.exc_info()
    return logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "%s: %s",
        ("Service Unavailable", "/"),
        exc_info,
    )


def test_outage_is_logged_as_one_line_with_its_cause():
    record = _record_with(OperationalError("could not connect to server\nIs the server running?"))
    UnavailableOneLine().filter(record)
    line = logging.Formatter().format(record)
    assert line == "Service Unavailable: / (OperationalError: could not connect to server)"


def test_a_bug_keeps_its_traceback():
    record = _record_with(ValueError("a bug"))
    UnavailableOneLine().filter(record)
    assert "Traceback" in logging.Formatter().format(record)


def test_a_bad_host_header_is_one_line_without_traceback():
    from django.core.exceptions import DisallowedHost

    try:
        raise DisallowedHost("Invalid HTTP_HOST header: 'evil.example'.")
    except DisallowedHost:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "django.security.DisallowedHost", logging.ERROR, __file__, 1, "%s", ("bad",), exc_info
    )
    SuspiciousOneLine().filter(record)
    assert logging.Formatter().format(record) == "bad"


def test_json_logs_are_one_object_a_line():
    import json

    record = _record_with(OperationalError("gone"))
    UnavailableOneLine().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert (entry["level"], entry["logger"]) == ("ERROR", "django.request")
    assert "\n" not in JsonFormatter().format(record)
