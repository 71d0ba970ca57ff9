"""Settings shared by every environment. Environment values come from :mod:`.env`."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from . import env
from .accounts import accounts_settings, oidc_form_action_origins
from .cache import cache_settings, page_cache_settings
from .database import database_settings
from .logging import logging_settings
from .lti import lti_settings
from .outbound import outbound_settings
from .search import search_settings
from .storage import MEDIA_ORIGINS, files_settings, media_root, storages_settings
from .tasks import rq_queues, tasks_settings

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env.SECRET_KEY
ALLOWED_HOSTS = env.ALLOWED_HOSTS
CSRF_TRUSTED_ORIGINS = env.CSRF_TRUSTED_ORIGINS
DEBUG = False

INSTALLED_APPS = [
    "intelligent_center",  # health, error pages, the page cache, the media gate
    "content",
    "files",
    "search",
    "lms_bridge",
    "workforce",
    "accounts",
    "resource_collections",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "ninja",  # its Swagger UI from the installed package, not a CDN
    "django_tasks",
    "django_tasks_db",  # the persistent queue's table and its admin (failed tasks show there)
    "django_rq",  # the Redis queue when TASKS_BACKEND=rq
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Served from the cache before sessions, locale or the database are touched.
    "intelligent_center.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "intelligent_center.middleware.ContentSecurityPolicyMiddleware",
    "lms_bridge.middleware.LtiFrameMiddleware",  # listed after CSP: runs first on the way out
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SsoUnreachableMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "intelligent_center.urls"
# Bilingual error pages that need no database (intelligent_center.errors).
ERROR_PAGE_JSON_PREFIXES = ("/api/",)
WSGI_APPLICATION = "intelligent_center.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "lms_bridge.context_processors.lti",
            ],
        },
    },
]

DATABASES = database_settings(BASE_DIR)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages: Thai first (no URL prefix), English under /en/ --------------------------------
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The Thai web font comes from the npm registry at set-up (no CDN: intranets run offline).
    ("vendor/sarabun", BASE_DIR / "node_modules" / "@fontsource" / "sarabun"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    ("vendor/pdfjs", BASE_DIR / "node_modules" / "pdfjs-dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = media_root(BASE_DIR)
STORAGES = storages_settings(manifest_static=False)
# Local media after the app's check: nginx sends it (X-Accel-Redirect) when a prefix is set.
MEDIA_ACCEL_REDIRECT_PREFIX = env.MEDIA_ACCEL_REDIRECT_PREFIX
# Usage events go to the queue one by one (production adds them up first: production.py).
USAGE_BUFFER_SECONDS = env.env_int("USAGE_BUFFER_SECONDS", 0)
# Wagtail's document view hands local files to this backend (intelligent_center.media).
SENDFILE_BACKEND = "intelligent_center.media"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- One concern a module: sign-in, LTI, outbound HTTP, search, uploads and their limits -------
globals().update(accounts_settings())
globals().update(lti_settings())
globals().update(outbound_settings())
globals().update(search_settings())
globals().update(files_settings())

# --- Background tasks ---------------------------------------------------------------------------
TASKS = tasks_settings()
RQ_QUEUES = rq_queues()

# --- Cache --------------------------------------------------------------------------------------
CACHES = cache_settings(shared=False)
globals().update(page_cache_settings())

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "คลังปัญญาอาชีวศึกษา Intelligent Center"
WAGTAILADMIN_BASE_URL = env.SITE_BASE_URL
WAGTAILDOCS_EXTENSIONS = ["pdf", "epub", "csv", "docx", "xlsx", "pptx", "odt", "txt", "zip"]
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
# Avatars are initials drawn locally: no request to Gravatar leaks who is signed in.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin's release check calls wagtail.org from the browser: the CSP refuses it, and colleges
# on intranets have no route there. Upgrades are OVEC's, announced by its own channel.
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Security defaults shared by every environment ----------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Wagtail admin JS reads the token from the cookie.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"  # LTI views that Moodle frames opt out explicitly
# Content-Security-Policy for our pages (see intelligent_center.middleware). Wagtail's admin needs
# inline scripts and styles, so the admin gets a looser policy than the public site.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:", *MEDIA_ORIGINS],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'", *oidc_form_action_origins()],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
CONTENT_SECURITY_POLICY_ADMIN = {
    **CONTENT_SECURITY_POLICY,
    "style-src": ["'self'", "'unsafe-inline'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "frame-src": ["'self'", "https:", "http:"],
    "img-src": ["'self'", "data:", "blob:", "https:", "http:"],
}
CONTENT_SECURITY_POLICY_ADMIN_PREFIXES = ("/admin/", "/django-admin/")

# Staff pages (workforce, admin) send to Wagtail's login; the public pages of accounts and
# collections send to the public sign-in themselves (accounts.decorators.account_required).
LOGIN_URL = "wagtailadmin_login"

LOGGING = logging_settings()
