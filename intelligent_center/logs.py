"""Log formatting: JSON lines on request (LOG_FORMAT=json), and one line, not a traceback, for a
request that failed only because a backing service (database, cache) is unreachable."""

from __future__ import annotations

import json
import logging

from .errors import is_service_unavailable


class UnavailableOneLine(logging.Filter):
    """A database outage fails every request the same way: keep the cause, drop the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and is_service_unavailable(exc):
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            record.msg = f"{record.getMessage()} ({exc.__class__.__name__}: {first_line})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


class SuspiciousOneLine(logging.Filter):
    """A bad Host header or a malformed upload is the client's doing (Django answers 400): one
    line each, not a traceback per request a scanner sends."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("django.security.") and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, and the request path when known."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = request.method
            entry["path"] = request.path
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
