"""Local development: ``make run``."""

from . import env
from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = env.SECRET_KEY or "dev-only-insecure-key-change-me"  # noqa: S105
ALLOWED_HOSTS = env.ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
