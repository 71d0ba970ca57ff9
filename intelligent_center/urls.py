from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.views import serve as wagtail_serve

from content.slugs import SERVE_PATTERN
from content.views import robots_txt

from . import health, media
from .api import api

handler400 = "files.views.bad_request"
handler404 = "intelligent_center.errors.page_not_found"
handler500 = "intelligent_center.errors.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("files/", include("files.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("oai/", include("content.urls")),
    path("lti/", include("lms_bridge.urls")),
    path("feeds/", include("content.feed_urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
]

# Local media in every mode through the app's gate (intelligent_center.media): images only.
urlpatterns += [
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", media.serve_media, name="media")
]

# Thai at the default URLs, English under /en/.
urlpatterns += i18n_patterns(
    path("workforce/", include("workforce.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("collections/", include("resource_collections.urls")),
    path("search/", include("search.urls")),
    path("", include(wagtail_urls)),
    # Wagtail's own pattern takes \w only: page paths with Thai vowels and tone marks come here.
    re_path(SERVE_PATTERN, wagtail_serve, name="wagtail_serve"),
    prefix_default_language=False,
)
