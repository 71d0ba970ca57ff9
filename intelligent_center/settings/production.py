"""Production: refuses to start without its secrets, hardened HTTP, manifest static files."""

from . import env
from .base import *  # noqa: F403
from .cache import cache_settings
from .storage import storages_settings
from .tasks import tasks_settings

DEBUG = False
SECRET_KEY = env.env_required(
    "SECRET_KEY", "Production needs a long random secret key, e.g. from `openssl rand -hex 50`"
)
ALLOWED_HOSTS = env.env_list("ALLOWED_HOSTS") or [
    env.env_required("ALLOWED_HOSTS", "List the host names this site answers to, comma-separated")
]
STORAGES = storages_settings(manifest_static=True)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.env_bool("SECURE_SSL_REDIRECT", True)
# A load balancer probes the app over plain HTTP on its private address.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# One cache for every process and node: Redis (REDIS_URL) or the database table.
CACHES = cache_settings(shared=True)
# The persistent queue and its worker (`make serve` runs both).
TASKS = tasks_settings("database")
# One usage task per web process every few seconds, not one per page view (workforce.usage_buffer).
USAGE_BUFFER_SECONDS = env.env_int("USAGE_BUFFER_SECONDS", 5)
