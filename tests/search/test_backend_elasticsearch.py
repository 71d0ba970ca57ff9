"""The shared backend tests against a live Elasticsearch node. Skipped unless ELASTICSEARCH_URL is
set; run them with, e.g.::

    ELASTICSEARCH_URL=http://127.0.0.1:9200 ELASTICSEARCH_MAJOR_VERSION=9 \\
        ELASTICSEARCH_INDEX_PREFIX=ic_test \\
        .venv/bin/pytest tests/search/test_backend_elasticsearch.py

(the client's major version must be the server's: ``pip install "elasticsearch>=8,<9"`` for 8).
"""

import os

import pytest

from search import backends

from .backend_contract import BackendContract


@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="needs ELASTICSEARCH_URL")
class TestElasticsearch(BackendContract):
    @pytest.fixture(autouse=True)
    def _use_elasticsearch(self, settings):
        settings.INTELLIGENT_CENTER_SEARCH = {
            **settings.INTELLIGENT_CENTER_SEARCH,
            "BACKEND": "elasticsearch",
            "ELASTICSEARCH_URL": os.environ["ELASTICSEARCH_URL"],
        }
        backends._cache.clear()
        yield
        backends._cache.clear()
