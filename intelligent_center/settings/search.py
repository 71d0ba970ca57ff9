"""Search: Elasticsearch when ``ELASTICSEARCH_URL`` is set, else the embedded engine."""

from . import env


def search_settings() -> dict:
    return {
        # Wagtail's own admin search (staff looking for pages): Wagtail's database backend with
        # Thai segmentation (search.wagtail_backend), so Thai words inside sentences are found.
        "WAGTAILSEARCH_BACKENDS": {"default": {"BACKEND": "search.wagtail_backend"}},
        "INTELLIGENT_CENTER_SEARCH": {
            "BACKEND": "elasticsearch" if env.ELASTICSEARCH_URL else "embedded",
            "ELASTICSEARCH_URL": env.ELASTICSEARCH_URL,
            "ELASTICSEARCH_INDEX_PREFIX": env.ELASTICSEARCH_INDEX_PREFIX,
            "ELASTICSEARCH_MAJOR_VERSION": env.ELASTICSEARCH_MAJOR_VERSION,
            "ELASTICSEARCH_ICU": env.ELASTICSEARCH_ICU,
        },
    }
