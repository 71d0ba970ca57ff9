"""Search: Elasticsearch when ``ELASTICSEARCH_URL`` is set, else the embedded engine."""

from . import env

# Wagtail's own admin search (staff looking for pages) stays on Wagtail's database backend.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

INTELLIGENT_CENTER_SEARCH = {
    "BACKEND": "elasticsearch" if env.ELASTICSEARCH_URL else "embedded",
    "ELASTICSEARCH_URL": env.ELASTICSEARCH_URL,
    "ELASTICSEARCH_INDEX_PREFIX": env.ELASTICSEARCH_INDEX_PREFIX,
    "ELASTICSEARCH_MAJOR_VERSION": env.ELASTICSEARCH_MAJOR_VERSION,
}
