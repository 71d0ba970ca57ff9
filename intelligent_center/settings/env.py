"""The one place where settings read the process environment.

Every variable is documented in ``.env.example``. Other settings modules import from here and
never call ``os.environ`` themselves, so the full list of knobs is visible in one file.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name, "")
    items = [item.strip() for item in raw.split(",") if item.strip()]
    return items or list(default or [])


def env_required(name: str, hint: str) -> str:
    """Return a variable that production cannot run without, or stop with a clear message."""
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. {hint} (see .env.example for every variable)."
        )
    return value


# --- Core -------------------------------------------------------------------------------------
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_BASE_URL = env_str("SITE_BASE_URL", "http://127.0.0.1:8000")

# --- Database ---------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")

# --- Search -----------------------------------------------------------------------------------
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "intelligent_center")
ELASTICSEARCH_MAJOR_VERSION = env_int("ELASTICSEARCH_MAJOR_VERSION", 9)
ELASTICSEARCH_ICU = env_bool("ELASTICSEARCH_ICU")  # analysis-icu plugin installed

# --- File storage (names follow django-storages) ----------------------------------------------
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL")
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME")
AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID")
AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY")
AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN")
MEDIA_ROOT = env_str("MEDIA_ROOT")

# --- Background tasks ---------------------------------------------------------------------------
# "database" (django-tasks-db), "rq" (Redis at REDIS_URL), "immediate", or a backend's dotted path.
TASKS_BACKEND = env_str("TASKS_BACKEND")

# --- LTI 1.3 (Moodle bridge) -----------------------------------------------------------------
LTI_JWKS_CACHE_SECONDS = env_int("LTI_JWKS_CACHE_SECONDS", 3600)
LTI_HTTP_TIMEOUT = env_int("LTI_HTTP_TIMEOUT", 10)
LTI_KEY_GRACE_DAYS = env_int("LTI_KEY_GRACE_DAYS", 7)

# --- Cache ------------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
# Anonymous pages are kept this long (publishing anything starts a fresh generation at once).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# USAGE_BUFFER_SECONDS (seconds a web process adds up usage events before queuing them as one
# task, workforce.usage_buffer) differs by layer: base.py and production.py read it with env_int.

# --- Production serving -----------------------------------------------------------------------
# nginx's internal location for local media (X-Accel-Redirect), e.g. /protected-media/;
# unset: the app streams the file itself once it has checked the permission.
MEDIA_ACCEL_REDIRECT_PREFIX = env_str("MEDIA_ACCEL_REDIRECT_PREFIX")
# Logs: "text" (one line a record) or "json" (one JSON object a line, for a log collector).
LOG_FORMAT = env_str("LOG_FORMAT", "text").lower()
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()

# Private hosts the outbound client may reach (settings/outbound.py), e.g. an intranet Moodle.
OUTBOUND_ALLOWED_HOSTS = env_list("OUTBOUND_ALLOWED_HOSTS")

# Sign-in throttling (settings/accounts.py).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 15)
# A college lab shares one address: 120 launches a minute leave room for a class at once.
LTI_LOGIN_RATE = env_str("LTI_LOGIN_RATE", "120/m")
# How many proxies we run in front of the app (nginx: 1); 0 trusts no X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@intelligent-center.local")

# --- Public accounts (django-allauth, settings/accounts.py) -----------------------------------
# Who may sign up: "open", "domains" (only e-mail addresses at ACCOUNT_SIGNUP_DOMAINS) or
# "invitation" (only by an invitation link that staff send).
ACCOUNT_SIGNUP_MODE = env_str("ACCOUNT_SIGNUP_MODE", "open").lower()
ACCOUNT_SIGNUP_DOMAINS = [d.lower().lstrip("@") for d in env_list("ACCOUNT_SIGNUP_DOMAINS")]
if ACCOUNT_SIGNUP_MODE not in {"open", "domains", "invitation"}:
    raise ImproperlyConfigured(
        f"ACCOUNT_SIGNUP_MODE must be open, domains or invitation, got {ACCOUNT_SIGNUP_MODE!r}"
    )
if ACCOUNT_SIGNUP_MODE == "domains" and not ACCOUNT_SIGNUP_DOMAINS:
    raise ImproperlyConfigured("ACCOUNT_SIGNUP_MODE=domains needs ACCOUNT_SIGNUP_DOMAINS")
# Single sign-on by OpenID Connect: all three set, or none (then the option is not shown).
OIDC_ISSUER = env_str("OIDC_ISSUER").rstrip("/")
OIDC_CLIENT_ID = env_str("OIDC_CLIENT_ID")
OIDC_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET")
OIDC_NAME = env_str("OIDC_NAME", "OVEC SSO")
_oidc_set = [bool(OIDC_ISSUER), bool(OIDC_CLIENT_ID), bool(OIDC_CLIENT_SECRET)]
if any(_oidc_set) and not all(_oidc_set):
    raise ImproperlyConfigured("OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together")
