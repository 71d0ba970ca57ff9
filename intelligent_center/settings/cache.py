"""The cache: Redis when ``REDIS_URL`` is set; otherwise the database in production (shared by
every process and node, so a check the worker made is seen by the web), memory in development."""

from . import env

CACHE_TABLE = "intelligent_center_cache"


def cache_settings(*, shared: bool) -> dict:
    if env.REDIS_URL:
        default = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.REDIS_URL,
            # A Redis outage costs a request at most this long, then the site runs uncached.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    elif shared:
        default = {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
        }
    else:
        default = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return {"default": default}


def page_cache_settings() -> dict:
    return {
        # Anonymous GET pages (intelligent_center.page_cache); 0 turns the page cache off.
        "PAGE_CACHE_SECONDS": env.PAGE_CACHE_SECONDS,
        # Never cached: signed-in work, per-user files, machine endpoints that must be live.
        "PAGE_CACHE_EXCLUDED_PREFIXES": (
            "/admin/",
            "/django-admin/",
            "/documents/",
            "/files/",
            "/media/",
            "/lti/",
            "/healthz",
            "/readyz",
            "/i18n/",
            "/workforce/",
            "/en/workforce/",
        ),
    }
