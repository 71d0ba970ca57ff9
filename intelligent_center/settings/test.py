"""The test suite: fast hashing, immediate tasks, isolated media."""

import tempfile

from . import env
from .base import *  # noqa: F403
from .tasks import IMMEDIATE_BACKEND, tasks_settings

DEBUG = False
SECRET_KEY = env.SECRET_KEY or "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = tasks_settings(IMMEDIATE_BACKEND)
# Tests see every change at once; the page cache's own tests turn it on.
PAGE_CACHE_SECONDS = 0
MEDIA_ROOT = tempfile.mkdtemp(prefix="ic-test-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"
# The specification-built LTI platform and the loopback servers of the tests listen on 127.0.0.1:
# allow-listed as an intranet Moodle would be (tests of the refusal clear this list).
OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
