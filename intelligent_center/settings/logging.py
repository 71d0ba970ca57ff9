"""Logging: one line per record (text or JSON, ``LOG_FORMAT``); a request that failed because the
database or cache is unreachable is one line, not a traceback (intelligent_center.logs)."""

from . import env


def logging_settings() -> dict:
    formatter = "json" if env.LOG_FORMAT == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "unavailable_one_line": {"()": "intelligent_center.logs.UnavailableOneLine"},
            "suspicious_one_line": {"()": "intelligent_center.logs.SuspiciousOneLine"},
        },
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
            "json": {"()": "intelligent_center.logs.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": formatter,
                "filters": ["unavailable_one_line", "suspicious_one_line"],
            }
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "intelligent_center": {"level": env.LOG_LEVEL},
        },
    }
